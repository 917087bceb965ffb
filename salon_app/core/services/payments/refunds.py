"""Refunds, full or partial, each made exactly once.

Every refund has a deterministic idempotency key, `<order code>-R<sequence>`, unique in the
database and sent to the gateway as its refund number (out_refund_no / out_request_no /
reference), so a double click, a retry or two workers racing end in one refund. The amount
can never exceed what the order's ledger says is still refundable. Outcomes (the gateway's
answer, its notification, or a query) are applied once; a cancelled order whose refunds have
all come through becomes "refunded".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salon_app.core.amounts import yuan_text
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.integrations.payments import (
    PaymentEvent,
    ProviderError,
    ProviderRejected,
    RefundRequest,
    get_provider,
)
from salon_app.core.models import Order, Payment, Refund, Role
from salon_app.core.services import ledger
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.admin_roles import Permission, admin_role_of, may, require_admin
from salon_app.core.services.payments.refund_events import IN_FLIGHT, apply_refund_event

log = logging.getLogger("salon_app.payments")
REASON_MAX = 200


@dataclass(frozen=True)
class RefundView:
    id: int
    order_id: int
    key: str
    amount_fen: int
    status: str  # requested | processing | succeeded | failed
    reason: str
    created_at: datetime
    completed_at: datetime | None


def _view(refund: Refund) -> RefundView:
    return RefundView(
        refund.id,
        refund.order_id,
        refund.idempotency_key,
        refund.amount_fen,
        refund.status,
        refund.reason,
        refund.created_at,
        refund.completed_at,
    )


def _staff_order(session: Session, actor: Actor | None, order_id: int) -> tuple[Actor, Order]:
    """Platform finance staff may refund any order, a shop only its own; nobody else."""
    actor = require_role(actor, Role.admin, Role.merchant)
    if actor.role == Role.admin:
        require_admin(session, actor, Permission.issue_refunds)
    order = session.get(Order, order_id)
    if order is None:
        raise DomainError("order.not_found")
    if actor.role == Role.merchant and order.merchant_id != actor.merchant_id:
        raise PermissionDenied()
    return actor, order


def _refundable_payment(session: Session, order_id: int, amount_fen: int) -> Payment | None:
    """The oldest succeeded payment of the order with enough left on it."""
    payments = session.exec(
        select(Payment)
        .where(Payment.order_id == order_id, Payment.status == "succeeded")
        .order_by(Payment.id)
    ).all()
    for payment in payments:
        if _left_on(session, payment) >= amount_fen:
            return payment
    return None


def _left_on(session: Session, payment: Payment) -> int:
    """What of a payment is not yet refunded or on its way back."""
    taken = session.exec(
        select(func.coalesce(func.sum(Refund.amount_fen), 0)).where(
            Refund.payment_id == payment.id, Refund.status != "failed"
        )
    ).one()
    return payment.amount_fen - int(taken)


def add_full_refunds(
    session: Session, order: Order, reason: str, requested_by: int | None
) -> list[Refund]:
    """Refund all that is still refundable on the order, one refund per payment with money
    left, in the caller's transaction under the order's money lock (not committed; send each
    with submit_refund after the commit). [] when nothing was paid."""
    made: list[Refund] = []
    payments = session.exec(
        select(Payment)
        .where(Payment.order_id == order.id, Payment.status == "succeeded")
        .order_by(Payment.id)
    ).all()
    for payment in payments:
        left = min(
            _left_on(session, payment), ledger.order_balance(session, order.id).refundable_fen
        )
        if left > 0:
            sequence = next_sequence(session, order.id)
            made.append(
                insert_refund(session, order, payment, left, reason, requested_by, sequence)
            )
    return made


def next_sequence(session: Session, order_id: int) -> int:
    return int(session.exec(select(func.count()).where(Refund.order_id == order_id)).one()) + 1


def insert_refund(
    session: Session,
    order: Order,
    payment: Payment,
    amount_fen: int,
    reason: str,
    requested_by: int | None,
    sequence: int,
) -> Refund:
    """Add a refund and its ledger rows to the current (locked) transaction; not committed."""
    refund = Refund(
        order_id=order.id,
        payment_id=payment.id,
        idempotency_key=f"{order.code}-R{sequence}",
        amount_fen=amount_fen,
        reason=reason[:REASON_MAX],
        status="requested",
        requested_by=requested_by,
        created_at=utcnow(),
    )
    session.add(refund)
    session.flush()  # the unique key is checked here
    ledger.record_refund_requested(session, refund, refund.created_at)
    return refund


def _existing(session: Session, key: str, amount_fen: int) -> Refund | None:
    refund = session.exec(select(Refund).where(Refund.idempotency_key == key)).first()
    if refund is not None and refund.amount_fen != amount_fen:
        session.rollback()
        raise DomainError("refund.key_reused")
    return refund


def create_refund(
    session: Session,
    order_id: int,
    amount_fen: int,
    reason: str,
    requested_by: int | None,
    sequence: int | None,
) -> Refund:
    """One refund under the order's money lock, committed with whatever the transaction
    already holds (a refusal rolls all of it back); an existing key returns its refund.

    The one way a refund is made: staff (request_refund), the complaints desk and customers'
    cancellations (order_changes.cancel) all come here, then send it with submit_refund."""
    try:
        ledger.lock_order_money(session, order_id)
        order = session.get(Order, order_id, populate_existing=True)
        sequence = sequence or next_sequence(session, order_id)
        key = f"{order.code}-R{sequence}"
        existing = _existing(session, key, amount_fen)
        if existing is not None:
            session.rollback()
            return existing
        balance = ledger.order_balance(session, order_id)
        if balance.paid_fen == 0:
            raise DomainError("refund.not_paid")
        if amount_fen > balance.refundable_fen:
            raise DomainError("refund.exceeds_paid", refundable=yuan_text(balance.refundable_fen))
        payment = _refundable_payment(session, order_id, amount_fen)
        if payment is None:  # one refund never spans two payments
            raise DomainError("refund.exceeds_paid", refundable=yuan_text(balance.refundable_fen))
        refund = insert_refund(session, order, payment, amount_fen, reason, requested_by, sequence)
        session.commit()
        return refund
    except IntegrityError:  # another worker took this key a moment ago: that is our refund
        session.rollback()
        existing = _existing(session, key, amount_fen)
        if existing is None:
            raise
        return existing
    except DomainError:
        session.rollback()
        raise


def request_refund(
    session: Session,
    actor: Actor | None,
    order_id: int,
    amount_fen: int,
    reason: str,
    *,
    sequence: int | None = None,
) -> RefundView:
    """Refund `amount_fen` of an order (platform staff, or the order's own shop).

    Rule: the amount is positive and at most what the ledger says is still refundable (paid
    minus refunded and in flight). `sequence` is the caller's "this is refund number N of the
    order" (pass N = refunds already shown + 1 from the page): the same N means the same
    refund, so double clicks and retries make one. Without it the next free number is used.
    """
    actor, order = _staff_order(session, actor, order_id)
    if not isinstance(amount_fen, int) or amount_fen <= 0:
        raise DomainError("refund.invalid_amount")
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise DomainError("validation.too_long", field="field.refund_reason", max=REASON_MAX)
    if sequence is not None and (not isinstance(sequence, int) or sequence < 1):
        raise DomainError("refund.invalid_sequence")
    session.rollback()  # the lock must be the transaction's first statement (SQLite)
    refund = create_refund(session, order.id, amount_fen, reason, actor.user_id, sequence)
    return _view(submit_refund(session, refund.id))


def order_refunds(session: Session, actor: Actor | None, order_id: int) -> list[RefundView]:
    """An order's refunds and their status: its customer, its shop and platform staff."""
    actor = require_role(actor, Role.customer, Role.merchant, Role.admin)
    order = session.get(Order, order_id)
    allowed = order is not None and (
        (actor.role == Role.admin and may(admin_role_of(session, actor), Permission.view_users))
        or (actor.role == Role.customer and order.customer_id == actor.user_id)
        or (actor.role == Role.merchant and order.merchant_id == actor.merchant_id)
    )
    if not allowed:
        raise DomainError("order.not_found")
    rows = session.exec(select(Refund).where(Refund.order_id == order_id).order_by(Refund.id))
    return [_view(r) for r in rows.all()]


def submit_refund(session: Session, refund_id: int) -> Refund:
    """Send a requested refund to its gateway (again, if need be: the key makes it once)."""
    refund = session.get(Refund, refund_id, populate_existing=True)
    payment = session.get(Payment, refund.payment_id)
    session.rollback()  # no transaction stays open while the gateway is called
    if refund.status != "requested":
        return refund
    request = RefundRequest(
        out_trade_no=payment.out_trade_no,
        provider_txn_id=payment.provider_txn_id,
        out_refund_no=refund.idempotency_key,
        amount_fen=refund.amount_fen,
        total_fen=payment.amount_fen,
        reason=refund.reason,
    )
    try:
        status = get_provider(payment.provider).refund(request)
    except ProviderRejected as exc:
        log.error("gateway refused refund %s: %s", refund.idempotency_key, exc)
        failed = PaymentEvent(payment.provider, "refund_failed", payment.out_trade_no)
        apply_refund_event(session, _for(failed, refund), reason=f"refused: {exc.code}")
        return session.get(Refund, refund_id, populate_existing=True)
    except ProviderError as exc:
        log.warning("refund %s not sent yet: %s", refund.idempotency_key, exc)
        return refund
    if status.state in ("succeeded", "failed"):
        apply_refund_event(session, status.as_event())
    else:
        ledger.lock_order_money(session, refund.order_id)
        refund = session.get(Refund, refund_id, populate_existing=True)
        if refund.status == "requested":
            refund.status, refund.provider_refund_id = "processing", status.provider_refund_id
            session.add(refund)
        session.commit()
    return session.get(Refund, refund_id, populate_existing=True)


def _for(event: PaymentEvent, refund: Refund) -> PaymentEvent:
    return PaymentEvent(
        provider=event.provider,
        kind=event.kind,
        out_trade_no=event.out_trade_no,
        amount_fen=refund.amount_fen,
        out_refund_no=refund.idempotency_key,
        event_id="answer",
    )


def retry_refunds(session: Session, now: datetime | None = None, stale_minutes: int = 10) -> int:
    """Send refunds the gateway never accepted; ask about the ones it has sat on too long."""
    now = now or utcnow()
    session.rollback()
    waiting = session.exec(
        select(Refund.id, Refund.status)
        .where(Refund.status.in_(IN_FLIGHT))
        .where(Refund.created_at < now - timedelta(minutes=stale_minutes))
    ).all()
    session.rollback()
    for refund_id, status in waiting:
        if status == "requested":
            submit_refund(session, refund_id)
            continue
        refund = session.get(Refund, refund_id)
        payment = session.get(Payment, refund.payment_id)
        session.rollback()
        try:
            found = get_provider(payment.provider).query_refund(
                refund.idempotency_key, payment.out_trade_no
            )
        except ProviderError as exc:
            log.warning("refund %s: query failed: %s", refund.idempotency_key, exc)
            continue
        if found.state in ("succeeded", "failed"):
            apply_refund_event(session, found.as_event())
    return len(waiting)
