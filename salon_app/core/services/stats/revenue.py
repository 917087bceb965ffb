"""A shop's revenue, read from the ledger: totals equal the ledger's rows to the fen.

Rule: revenue is what completed visits earned. When an order completes, income.py writes a
settlement row of -price on the platform account (the price split into commission and the
technician's share); a refund of a completed order writes settlement rows of +amount back.
So the shop's revenue over a period is minus the sum of those rows of its orders, where
- the completion row (negative) falls on the order's service day (basis "service") or its
  payment day (basis "payment");
- a refund's row (positive) falls on the day it was written (the refund date), either basis.
Cancelled orders and no-shows never complete, so they never earn (and nothing is taken back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import LedgerEntry, Order
from salon_app.core.services.income import SETTLEMENT
from salon_app.core.services.ledger import PLATFORM

BASES = ("service", "payment")


@dataclass(frozen=True)
class RevenueRow:
    at: datetime  # the instant that decides the day (service start, payment, or refund)
    technician_id: int | None
    amount_fen: int  # positive: earned; negative: taken back by a refund


def check_basis(basis: str) -> str:
    if basis not in BASES:
        raise DomainError("stats.basis_unknown")
    return basis


def revenue_rows(
    session: Session, shop_id: int, start: datetime, end: datetime, basis: str
) -> list[RevenueRow]:
    """The shop's revenue rows whose day (see the module rule) lies in [start, end)."""
    when = col(Order.starts_at) if check_basis(basis) == "service" else col(Order.paid_at)
    earned = session.exec(
        select(when, Order.technician_id, LedgerEntry.amount_fen)
        .join(LedgerEntry, col(LedgerEntry.order_id) == col(Order.id))
        .where(
            Order.merchant_id == shop_id,
            when >= start,
            when < end,
            LedgerEntry.account == PLATFORM,
            LedgerEntry.kind == SETTLEMENT,
            col(LedgerEntry.amount_fen) < 0,
        )
        .order_by(when, col(LedgerEntry.id))
    ).all()
    taken_back = session.exec(
        select(LedgerEntry.created_at, Order.technician_id, LedgerEntry.amount_fen)
        .join(Order, col(Order.id) == col(LedgerEntry.order_id))
        .where(
            LedgerEntry.kind == SETTLEMENT,
            col(LedgerEntry.created_at) >= start,
            col(LedgerEntry.created_at) < end,
            LedgerEntry.account == PLATFORM,
            col(LedgerEntry.amount_fen) > 0,
            Order.merchant_id == shop_id,
        )
        .order_by(col(LedgerEntry.created_at), col(LedgerEntry.id))
    ).all()
    return [RevenueRow(at, tech, -amount) for at, tech, amount in [*earned, *taken_back]]
