"""The money ledger of orders: every movement is a row, every balance a sum of rows.

Accounts used by payments and refunds (amounts in fen, signed):

    payment succeeded    platform +X                              kind "payment"
    refund requested     platform -R, refunds_pending +R          kind "refund"
    refund confirmed     refunds_pending -R                       kind "refund_paid"
    refund failed        refunds_pending -R, platform +R          kind "refund_failed"

So what can still be refunded is the platform's payment-and-refund rows of the order, and what
is on its way back is the order's refunds_pending balance. Nothing of this is stored elsewhere.
Income rows (completion and its reversal by refunds) are written by income.py with `add`.
A shop's incentive award (incentives/award.py) is two rows of kind "incentive" without an
order: merchant:<shop> -X, technician:<id> +X (`record_incentive`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, text
from sqlmodel import Session, select

from salon_app.core.models import LedgerEntry, Payment, Refund

PLATFORM = "platform"
REFUNDS_PENDING = "refunds_pending"
REFUNDABLE_KINDS = ("payment", "refund", "refund_failed")


def lock_order_money(session: Session, order_id: int) -> None:
    """Serialise payment and refund changes of one order (for the rest of this transaction).

    PostgreSQL: a row lock on the order. SQLite: the first statement of the transaction is a
    write, so the database's write lock is taken before anything is re-read.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT id FROM orders WHERE id = :id FOR UPDATE"), {"id": order_id})
    else:
        session.execute(text("UPDATE orders SET id = id WHERE id = :id"), {"id": order_id})


def add(
    session: Session,
    account: str,
    order_id: int | None,
    kind: str,
    amount: int,
    at: datetime,
    **details: str,
) -> None:
    """One signed row on `account` for the order (not committed)."""
    session.add(
        LedgerEntry(
            account=account,
            order_id=order_id,
            kind=kind,
            amount_fen=amount,
            created_at=at,
            details=details,
        )
    )


def record_incentive(
    session: Session,
    technician_id: int,
    merchant_id: int,
    amount: int,
    at: datetime,
    **details: str,
) -> None:
    """A shop pays its technician a bonus (not committed; written with its award row)."""
    add(session, f"merchant:{merchant_id}", None, "incentive", -amount, at, **details)
    add(session, f"technician:{technician_id}", None, "incentive", amount, at, **details)


def record_payment(session: Session, payment: Payment, at: datetime) -> None:
    details = {"provider": payment.provider, "out_trade_no": payment.out_trade_no}
    add(session, PLATFORM, payment.order_id, "payment", payment.amount_fen, at, **details)


def record_refund_requested(session: Session, refund: Refund, at: datetime) -> None:
    key = refund.idempotency_key
    add(session, PLATFORM, refund.order_id, "refund", -refund.amount_fen, at, refund=key)
    add(session, REFUNDS_PENDING, refund.order_id, "refund", refund.amount_fen, at, refund=key)


def record_refund_paid(session: Session, refund: Refund, at: datetime) -> None:
    key = refund.idempotency_key
    amount = -refund.amount_fen
    add(session, REFUNDS_PENDING, refund.order_id, "refund_paid", amount, at, refund=key)


def record_refund_failed(session: Session, refund: Refund, at: datetime) -> None:
    key, amount = refund.idempotency_key, refund.amount_fen
    add(session, REFUNDS_PENDING, refund.order_id, "refund_failed", -amount, at, refund=key)
    add(session, PLATFORM, refund.order_id, "refund_failed", amount, at, refund=key)


@dataclass(frozen=True)
class OrderBalance:
    paid_fen: int  # everything customers paid for the order
    refunding_fen: int  # promised back, not yet confirmed by the gateway
    refunded_fen: int  # confirmed back

    @property
    def refundable_fen(self) -> int:
        return self.paid_fen - self.refunding_fen - self.refunded_fen


def order_balance(session: Session, order_id: int) -> OrderBalance:
    """What was paid, is being refunded and was refunded for one order, from its ledger rows."""
    rows = session.exec(
        select(LedgerEntry.account, LedgerEntry.kind, func.sum(LedgerEntry.amount_fen))
        .where(LedgerEntry.order_id == order_id)
        .where(LedgerEntry.account.in_((PLATFORM, REFUNDS_PENDING)))
        .group_by(LedgerEntry.account, LedgerEntry.kind)
    ).all()
    sums = {(account, kind): int(total or 0) for account, kind, total in rows}
    paid = sums.get((PLATFORM, "payment"), 0)
    refundable = sum(sums.get((PLATFORM, kind), 0) for kind in REFUNDABLE_KINDS)
    refunding = sum(total for (account, _), total in sums.items() if account == REFUNDS_PENDING)
    return OrderBalance(paid, refunding, paid - refundable - refunding)


def account_balance(session: Session, account: str) -> int:
    """The balance of any ledger account: the sum of its rows."""
    total = session.exec(
        select(func.sum(LedgerEntry.amount_fen)).where(LedgerEntry.account == account)
    ).one()
    return int(total or 0)
