"""Applying a gateway's word on a refund (its answer, its notification or a query), once."""

from __future__ import annotations

import logging

from sqlmodel import Session, select

from salon_app.core.amounts import yuan_text
from salon_app.core.clock import utcnow
from salon_app.core.integrations.payments import PaymentEvent
from salon_app.core.integrations.payments.provider import REFUND_SUCCEEDED
from salon_app.core.models import Order, Payment, Refund
from salon_app.core.models import OrderStatus as S
from salon_app.core.services import ledger, pricing
from salon_app.core.services.ledger import follow_refunds
from salon_app.core.services.notifications import notify
from salon_app.core.services.orders import transition, withdraw_offers
from salon_app.core.services.payments import gateway_log as payment_log

log = logging.getLogger("salon_app.payments")
IN_FLIGHT = ("requested", "processing")


def apply_refund_event(
    session: Session, event: PaymentEvent, reason: str = ""
) -> payment_log.NotificationOutcome:
    """Record a gateway's refund outcome exactly once; a repeat changes nothing."""
    session.rollback()
    refund = session.exec(
        select(Refund).where(Refund.idempotency_key == (event.out_refund_no or ""))
    ).first()
    if refund is None:
        return payment_log.reject(session, event.provider, "unknown_refund", event)
    payment = session.get(Payment, refund.payment_id)
    order_id = refund.order_id
    if payment.provider != event.provider or (
        event.out_trade_no and event.out_trade_no != payment.out_trade_no
    ):
        return payment_log.reject(session, event.provider, "refund_mismatch", event, order_id)
    session.rollback()
    ledger.lock_order_money(session, order_id)
    refund = session.get(Refund, refund.id, populate_existing=True)
    if refund.status not in IN_FLIGHT:
        return payment_log.settle(
            session, event.provider, payment_log.DUPLICATE, event, "", order_id
        )
    if event.amount_fen is not None and event.amount_fen != refund.amount_fen:
        return payment_log.reject(session, event.provider, "amount_mismatch", event, order_id)
    now = utcnow()
    succeeded = event.kind == REFUND_SUCCEEDED
    refund.status, refund.completed_at = ("succeeded" if succeeded else "failed"), now
    refund.provider_refund_id = event.provider_refund_id or refund.provider_refund_id
    session.add(refund)
    order = session.get(Order, order_id, populate_existing=True)
    if succeeded:
        ledger.record_refund_paid(session, refund, now)
        follow_refunds(session, order_id, now)  # a completed order's split shrinks
        pricing.give_back(session, order, now)  # coupon and points, in proportion
        amount = yuan_text(refund.amount_fen)
        notify(
            session,
            order.customer_id,
            "notify.refund_succeeded",
            order.id,
            code=order.code,
            amount=amount,
        )
        _close_if_refunded(session, order)
    else:
        ledger.record_refund_failed(session, refund, now)
        log.error("refund %s failed at %s: %s", refund.idempotency_key, event.provider, reason)
    return payment_log.settle(session, event.provider, payment_log.APPLIED, event, reason, order_id)


def _close_if_refunded(session: Session, order: Order) -> None:
    """Cancelled and nothing left in flight, or refunded in full before service: refunded."""
    session.flush()
    balance = ledger.order_balance(session, order.id)
    if balance.refunding_fen:
        return
    if order.status == S.cancelled or (
        order.status == S.pending_service and not balance.refundable_fen
    ):
        transition(session, order, "refunded", None, refunded_fen=balance.refunded_fen)
        withdraw_offers(session, order.id, utcnow())  # no job left to accept
