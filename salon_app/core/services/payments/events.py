"""Applying what a gateway says about a payment, exactly once.

The payment row moves from "created" to "succeeded" under the order's money lock, in the same
transaction as the order's "paid" transition, its ledger row and its notifications; the
(provider, provider_txn_id) unique constraint is checked in that transaction too. Money for an
order that no longer waits for it (cancelled, expired, paid another way) is kept on the ledger
and a refund is created at once: flagged, never lost.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salon_app.core.amounts import yuan_text
from salon_app.core.clock import utcnow
from salon_app.core.integrations.payments import PaymentEvent
from salon_app.core.integrations.payments.provider import (
    PAYMENT_FAILED,
    PAYMENT_SUCCEEDED,
    REFUND_FAILED,
    REFUND_SUCCEEDED,
)
from salon_app.core.models import Merchant, Order, Payment, Technician
from salon_app.core.models import OrderStatus as S
from salon_app.core.services import dispatch, ledger
from salon_app.core.services.membership import on_payment
from salon_app.core.services.notifications import notify, order_time
from salon_app.core.services.orders import phone_in_paid_notice, transition
from salon_app.core.services.payments import gateway_log as payment_log
from salon_app.core.services.payments import refunds
from salon_app.core.services.payments.gateway_log import NotificationOutcome
from salon_app.core.services.payments.refund_events import apply_refund_event

log = logging.getLogger("salon_app.payments")


def apply_event(session: Session, event: PaymentEvent) -> NotificationOutcome:
    """Apply a verified event, from a notification, a gateway's answer or a query."""
    if event.kind == PAYMENT_SUCCEEDED:
        return _apply_paid(session, event)
    if event.kind in (REFUND_SUCCEEDED, REFUND_FAILED):
        return apply_refund_event(session, event)
    if event.kind == PAYMENT_FAILED:
        return _apply_failed(session, event)
    session.rollback()
    return payment_log.settle(session, event.provider, payment_log.IGNORED, event)


def _payment_of(session: Session, event: PaymentEvent) -> Payment | None:
    session.rollback()
    return session.exec(
        select(Payment).where(
            Payment.provider == event.provider, Payment.out_trade_no == event.out_trade_no
        )
    ).first()


def _apply_paid(session: Session, event: PaymentEvent) -> NotificationOutcome:
    payment = _payment_of(session, event)
    if payment is None:
        return payment_log.reject(session, event.provider, "unknown_order", event)
    order_id = payment.order_id
    session.rollback()
    ledger.lock_order_money(session, order_id)
    payment = session.get(Payment, payment.id, populate_existing=True)
    order = session.get(Order, order_id, populate_existing=True)
    if payment.status == "succeeded":
        if payment.provider_txn_id != event.provider_txn_id:
            return payment_log.reject(session, event.provider, "txn_mismatch", event, order_id)
        return payment_log.settle(
            session, event.provider, payment_log.DUPLICATE, event, "", order_id
        )
    if (
        event.currency != payment.currency
        or event.amount_fen != payment.amount_fen
        or payment.amount_fen != order.total_fen
    ):
        return payment_log.reject(session, event.provider, "amount_mismatch", event, order_id)
    now = utcnow()
    payment.status = "succeeded"
    payment.provider_txn_id, payment.paid_at = event.provider_txn_id, now
    session.add(payment)
    ledger.record_payment(session, payment, now)
    flagged: int | None = None
    if order.status == S.pending_payment:
        transition(
            session,
            order,
            "paid",
            None,
            provider=payment.provider,
            out_trade_no=payment.out_trade_no,
        )
        _notify_paid(session, order, now)
        on_payment(session, order, now)  # points (frozen until after the service) and growth
        outcome, reason = payment_log.APPLIED, ""
    else:  # the money came, the order is no longer waiting for it: give it back
        reason = f"paid_while_{order.status}"
        text = "重复支付，自动退款" if order.paid_at else "订单已取消后到账，自动全额退款"
        seq = refunds.next_sequence(session, order_id)
        refund = refunds.insert_refund(session, order, payment, payment.amount_fen, text, None, seq)
        notify(
            session,
            order.customer_id,
            "notify.payment_refunding",
            order.id,
            code=order.code,
            amount=yuan_text(payment.amount_fen),
        )
        flagged, outcome = refund.id, payment_log.FLAGGED
        log.warning("order %s: %s, refund %s created", order.code, reason, refund.idempotency_key)
    try:
        result = payment_log.settle(session, event.provider, outcome, event, reason, order_id)
    except IntegrityError:  # this gateway transaction is already recorded on another payment
        return payment_log.reject(session, event.provider, "txn_already_recorded", event, order_id)
    if flagged is not None:
        refunds.submit_refund(session, flagged)
    return result


def _apply_failed(session: Session, event: PaymentEvent) -> NotificationOutcome:
    """A declined card: the payment attempt is over, the order can still be paid another way."""
    payment = _payment_of(session, event)
    if payment is None:
        return payment_log.reject(session, event.provider, "unknown_order", event)
    session.rollback()
    ledger.lock_order_money(session, payment.order_id)
    payment = session.get(Payment, payment.id, populate_existing=True)
    if payment.status == "created":
        payment.status = "failed"
        session.add(payment)
        outcome = payment_log.APPLIED
    else:
        outcome = payment_log.DUPLICATE
    return payment_log.settle(session, event.provider, outcome, event, "", payment.order_id)


def _notify_paid(session: Session, order: Order, now: datetime) -> None:
    """The customer learns who comes when; the order is offered to its technician (dispatch
    notifies them), or to the best free one when it has none."""
    tech = session.get(Technician, order.technician_id) if order.technician_id else None
    shop = session.get(Merchant, order.merchant_id) if order.merchant_id else None
    when = order_time(session, order)
    if tech is None:
        key, who = "notify.order_paid_customer_unassigned", {}
    elif shop is not None:  # the shop's public number: personal phones stay encrypted at rest
        key, who = (
            "notify.order_paid_customer",
            {"technician": tech.display_name, "phone": phone_in_paid_notice(shop)},
        )
    else:  # an independent technician's number is shown, decrypted, on the order page only
        key, who = "notify.order_paid_customer_independent", {"technician": tech.display_name}
    notify(session, order.customer_id, key, order.id, code=order.code, time=when, **who)
    dispatch.start(session, order, now)
