"""Paying for orders: start a payment, take in the gateway's notifications, reconcile.

A notification is verified before anything in it is read (signature, then timestamp), then its
amount and currency are checked against the payment and the order, then it is applied exactly
once (payment_events.py); refunds live in refunds.py, balances in ledger.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from salon_app import routes
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations.payments import (
    PROVIDERS,
    NotificationRejected,
    PaymentEvent,
    PaymentRequest,
    ProviderError,
    TradeStatus,
    UnknownCertificate,
    get_provider,
)
from salon_app.core.models import Order, OrderItem, Payment, Role, Service
from salon_app.core.models import OrderStatus as S
from salon_app.core.services import ledger, pricing
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.orders import transition
from salon_app.core.services.payments import notice_limits
from salon_app.core.services.payments.events import apply_event
from salon_app.core.services.payments.gateway_log import NotificationOutcome
from salon_app.core.settings import get_settings

log = logging.getLogger("salon_app.payments")


@dataclass(frozen=True)
class PaymentStart:
    provider: str
    out_trade_no: str
    amount_fen: int
    pay_url: str  # send the customer's browser here


def _description(session: Session, order: Order) -> str:
    names = session.exec(
        select(Service.name)
        .join(OrderItem, OrderItem.service_id == Service.id)
        .where(OrderItem.order_id == order.id)
    ).all()
    return f"Salon App 订单 {order.code}：{'、'.join(names) or '到店服务'}"


def _new_payment(session: Session, order: Order, provider: str) -> Payment:
    """A payment row with a fresh out_trade_no (order code + sequence), committed; refused
    once the order has had `pay_attempts_max` attempts (two at once cannot both pass: they
    race for the same sequence number and the loser counts again)."""
    cap = get_settings().pay_attempts_max
    for _attempt in range(cap + 1):
        count = session.exec(select(func.count()).where(Payment.order_id == order.id)).one()
        if count >= cap:
            session.rollback()
            raise DomainError("payment.too_many_attempts", max=cap)
        payment = Payment(
            order_id=order.id,
            provider=provider,
            out_trade_no=f"{order.code}P{int(count) + 1}",
            amount_fen=order.total_fen,
            currency="CNY",
            status="created",
            created_at=utcnow(),
        )
        session.add(payment)
        try:
            session.commit()
            return payment
        except IntegrityError:  # a parallel click took the number: take the next one
            session.rollback()
    raise DomainError("payment.provider_unavailable")


def start_payment(
    session: Session,
    actor: Actor | None,
    order_id: int,
    provider: str,
    *,
    client_ip: str = "127.0.0.1",
    return_url: str | None = None,
) -> PaymentStart:
    """Register a payment of the order's total with `provider`; returns the pay URL.

    Rule: only the order's own customer, only while the order awaits payment and its hold
    lasts, at most `pay_attempts_max` attempts per order (the next is refused before any
    gateway call); the amount is always the order's total, never the caller's.
    """
    actor = require_role(actor, Role.customer)
    if provider not in PROVIDERS:
        raise DomainError("payment.unknown_provider")
    order = session.get(Order, order_id)
    if order is None or order.customer_id != actor.user_id:
        raise DomainError("order.not_found")
    if order.status != S.pending_payment:
        raise DomainError("payment.not_pending")
    if order.hold_expires_at is not None and order.hold_expires_at <= utcnow():
        raise DomainError("payment.hold_expired")
    description = _description(session, order)
    payment = _new_payment(session, order, provider)
    request = PaymentRequest(
        out_trade_no=payment.out_trade_no,
        amount_fen=payment.amount_fen,
        description=description,
        return_url=return_url or get_settings().public_url + routes.order(order.code),
        client_ip=client_ip,
        expires_at=order.hold_expires_at,
    )
    try:
        pay_url = get_provider(provider).create_payment(request)
    except ProviderError as exc:
        log.error("could not start %s payment %s: %s", provider, payment.out_trade_no, exc)
        payment.status = "failed"
        session.add(payment)
        session.commit()
        raise DomainError("payment.provider_unavailable") from exc
    return PaymentStart(provider, payment.out_trade_no, payment.amount_fen, pay_url)


def apply_notification(
    session: Session, provider: str, headers: dict[str, str], body: bytes, source: str = ""
) -> NotificationOutcome:
    """Verify a gateway's notification, then apply it exactly once (see the module docstring).

    A forged, tampered, stale, unknown or wrong-amount notification is logged with its reason
    and changes nothing; a repeat of one already applied changes nothing either. Those that
    fail verification are logged within limits per `source` (the sender's address), and an
    unknown certificate serial refetches the certificates at most once per window
    (notice_limits.py).
    """
    try:
        event = _verified(session, provider, headers, body)
    except KeyError:
        return notice_limits.reject_unverified(session, provider[:16], "unknown_provider", source)
    except NotificationRejected as exc:
        return notice_limits.reject_unverified(session, provider, exc.reason, source)
    return apply_event(session, event)


def _verified(
    session: Session, provider: str, headers: dict[str, str], body: bytes
) -> PaymentEvent:
    adapter = get_provider(provider)
    try:
        return adapter.parse_notification(headers, body)
    except UnknownCertificate:
        refresh = getattr(adapter, "refresh_certificates", None)
        if refresh is None or not notice_limits.may_refetch_certificates(session, provider):
            raise
        refresh()
        return adapter.parse_notification(headers, body)


@dataclass
class ReconcileReport:
    kept_paid: list[str] = field(default_factory=list)  # paid at the gateway: now pending_service
    expired: list[str] = field(default_factory=list)  # not paid anywhere: cancelled, slot freed
    unresolved: list[str] = field(default_factory=list)  # a gateway did not answer: next round


def reconcile_expired_holds(
    session: Session, now: datetime | None = None, limit: int = 200
) -> ReconcileReport:
    """Settle orders still awaiting payment after their hold ran out.

    Rule: each payment the customer started is queried at its gateway first; paid there →
    applied exactly as its notification would be (the order stays paid, a late notification
    is then a harmless repeat); paid nowhere → the order expires and frees its slot. A gateway
    that cannot be reached leaves the order for the next round.
    """
    now = now or utcnow()
    report = ReconcileReport()
    session.rollback()
    due = session.exec(
        select(Order.id, Order.code)
        .where(Order.status == S.pending_payment, Order.hold_expires_at < now)
        .order_by(Order.hold_expires_at)
        .limit(limit)
    ).all()
    session.rollback()
    for order_id, code in due:
        paid, unreachable = _paid_at_gateway(session, order_id)
        if paid is not None:
            outcome = apply_event(session, paid.as_event())
            (report.kept_paid if outcome.accepted else report.unresolved).append(code)
        elif unreachable:
            report.unresolved.append(code)
        elif _expire(session, order_id, now):
            report.expired.append(code)
    return report


def check_with_gateway(session: Session, actor: Actor | None, order_id: int) -> bool:
    """Ask the gateways whether the customer's unpaid order was paid; apply it if so.

    For the customer coming back from a cashier before the notification arrived (gateways
    advise querying then): True when the order is now paid. Nothing changes otherwise. Only
    the live attempts are asked about (the latest started one per gateway): one click is at
    most one query per gateway, however many attempts the order had; a payment made on an
    older attempt still arrives by its notification or the expired-hold reconciliation.
    """
    actor = require_role(actor, Role.customer)
    order = session.get(Order, order_id)
    if order is None or order.customer_id != actor.user_id:
        raise DomainError("order.not_found")
    if order.status != S.pending_payment:
        return False
    paid, _unreachable = _paid_at_gateway(session, order_id, live_only=True)
    return paid is not None and apply_event(session, paid.as_event()).accepted


def _paid_at_gateway(
    session: Session, order_id: int, live_only: bool = False
) -> tuple[TradeStatus | None, bool]:
    """The gateway's word on the order's started payments (with `live_only`, the latest one per
    gateway): (a paid one or None, any unreachable)."""
    query = select(Payment).where(Payment.order_id == order_id, Payment.status == "created")
    if live_only:
        latest = (
            select(func.max(Payment.id))
            .where(Payment.order_id == order_id, Payment.status == "created")
            .group_by(Payment.provider)
        )
        query = select(Payment).where(col(Payment.id).in_(latest))
    created = session.exec(query.order_by(col(Payment.id).desc())).all()
    session.rollback()
    unreachable = False
    for payment in created:
        try:
            status = get_provider(payment.provider).query_payment(payment.out_trade_no)
        except ProviderError as exc:
            log.warning("query %s: %s", payment.out_trade_no, exc)
            unreachable = True
            continue
        if status.state == "paid":
            return status, unreachable
    return None, unreachable


def _expire(session: Session, order_id: int, now: datetime) -> bool:
    ledger.lock_order_money(session, order_id)
    order = session.get(Order, order_id, populate_existing=True)
    if order.status != S.pending_payment or (
        order.hold_expires_at and order.hold_expires_at >= now
    ):
        session.rollback()
        return False
    transition(session, order, "expired", None, reason="hold_expired")
    pricing.give_back(session, order, now)  # the coupon and points it held come back
    for payment in session.exec(
        select(Payment).where(Payment.order_id == order_id, Payment.status == "created")
    ).all():
        payment.status = "closed"
        session.add(payment)
    session.commit()
    return True
