"""Customers change their minds: reschedule or cancel an order that has not started.

Policy (settings): free until `cancel_free_hours` before the start; inside that window a
cancellation keeps a fee of `cancel_fee_bp` of the amount paid (Order.total_fen: the price after
its discounts) and rescheduling is refused; once the technician has set off, neither is
possible. A paid order's refund goes back automatically; the coupon and points come back
(pricing.give_back).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Order, Technician
from salon_app.core.models import OrderStatus as S
from salon_app.core.services import availability, ledger, pricing
from salon_app.core.services.access import Actor
from salon_app.core.services.availability import block_for, lock_technician_calendar
from salon_app.core.services.booking.slot_claim import slot_claim
from salon_app.core.services.notifications import notify, order_time
from salon_app.core.services.orders import own_order, transition, withdraw_offers
from salon_app.core.services.payments import refunds
from salon_app.core.settings import Settings, get_settings

CHANGEABLE = (S.pending_payment, S.pending_service)
REASON_MAX = 200


@dataclass(frozen=True)
class CancelTerms:
    fee_fen: int
    refund_fen: int  # what goes back to the customer (0 when nothing was paid)
    free: bool


def free_to_change(order: Order, now: datetime, settings: Settings | None = None) -> bool:
    """Still outside the window before the start: free to cancel, and rescheduling allowed."""
    hours = (settings or get_settings()).cancel_free_hours
    return now <= order.starts_at - timedelta(hours=hours)


def cancel_terms(order: Order, now: datetime, settings: Settings | None = None) -> CancelTerms:
    """What cancelling now would cost; raises when the order can no longer be cancelled."""
    s = settings or get_settings()
    if order.status in (S.cancelled, S.refunded):
        raise DomainError("order.already_cancelled")
    if order.status not in CHANGEABLE:
        raise DomainError("order.cannot_cancel")
    free = free_to_change(order, now, s)
    if order.paid_at is None:
        return CancelTerms(0, 0, free)
    fee = 0 if free else order.total_fen * s.cancel_fee_bp // 10_000
    return CancelTerms(fee, order.total_fen - fee, free)


def cancel(session: Session, actor: Actor | None, code: str, reason: str = "") -> CancelTerms:
    """Cancel the customer's own order and refund what the policy allows.

    Decided under the order's money lock from its fresh state, like payments and progress
    steps: a payment that landed first is refunded, a step taken first (出发) refuses the
    cancel, a second click gets order.already_cancelled. The refund (the policy's amount, capped
    at what is still refundable) is created in the cancellation's transaction, so a cancelled
    paid order always has its refund row, and goes to the gateway after the commit. Offers
    waiting for the technician's answer are withdrawn; the technician asked is told."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise DomainError("validation.too_long", field="field.reason", max=REASON_MAX)
    order_id = own_order(session, actor, code).id
    session.rollback()  # the lock must be the transaction's first statement (SQLite)
    ledger.lock_order_money(session, order_id)
    order = session.get(Order, order_id, populate_existing=True)
    now = utcnow()
    try:
        terms = cancel_terms(order, now)
        refund_fen = min(terms.refund_fen, ledger.order_balance(session, order_id).refundable_fen)
        transition(session, order, "cancelled", actor.user_id, reason=reason, fee_fen=terms.fee_fen)
        pricing.give_back(session, order, now)  # coupon and points back, earned taken back
    except DomainError:
        session.rollback()
        raise
    withdraw_offers(session, order_id, now)
    _tell_technician(session, order, "notify.order_cancelled_technician")
    if refund_fen <= 0:
        session.commit()
        return replace(terms, refund_fen=0)
    session.flush()
    refund = refunds.create_refund(session, order_id, refund_fen, reason or "取消订单", None, None)
    refunds.submit_refund(session, refund.id)
    return replace(terms, refund_fen=refund_fen)


def _tell_technician(session: Session, order: Order, key: str) -> None:
    """The technician the order was offered to or accepted by hears of the change."""
    if order.technician_id is None or order.dispatch_state not in ("offering", "accepted"):
        return
    tech_user = session.get(Technician, order.technician_id).user_id
    notify(session, tech_user, key, order.id, code=order.code, time=order_time(session, order))


def reschedule_slots(
    session: Session, actor: Actor | None, code: str, start_day: date, days: int
) -> list[datetime]:
    """Where the customer's own order could move: free starts of its technician for its
    duration and place (its own block does not count), or none once it can no longer move."""
    order = own_order(session, actor, code)
    now = utcnow()
    if order.status not in CHANGEABLE or not free_to_change(order, now) or not order.technician_id:
        return []
    starts = availability.free_starts(
        session,
        order.technician_id,
        order.duration_min,
        start_day,
        days,
        (order.lat, order.lng) if order.at_home else None,
        now=now,
        ignore_order_id=order.id,
    )
    return [s for s in starts if s != order.starts_at]


def reschedule(session: Session, actor: Actor | None, code: str, new_start: datetime) -> Order:
    """Move the order to another free slot of the same technician (same race-safe path).

    Under the technician's calendar lock (as booking) and then the order's money lock (as
    payments and steps), decided from the order's fresh state; an order given to another
    technician meanwhile is refused (order.changed) rather than checked on the wrong calendar."""
    mine = own_order(session, actor, code)
    order_id, tech_id = mine.id, mine.technician_id
    new_start = new_start.replace(second=0, microsecond=0)
    now = utcnow()
    with slot_claim(session):
        session.rollback()  # the calendar lock must be the transaction's first statement
        if tech_id is not None:
            lock_technician_calendar(session, tech_id)
        ledger.lock_order_money(session, order_id)
        order = session.get(Order, order_id, populate_existing=True)
        if order.status not in CHANGEABLE or order.technician_id is None:
            raise DomainError("order.cannot_reschedule")
        if order.technician_id != tech_id:
            raise DomainError("order.changed")
        if not free_to_change(order, now):
            raise DomainError("order.too_late_to_change", hours=get_settings().cancel_free_hours)
        duration = order.ends_at - order.starts_at
        old_start = order.starts_at
        availability.check_slot(
            session,
            order.technician_id,
            new_start,
            order.duration_min,
            order.at_home,
            (order.lat, order.lng) if order.at_home else None,
            now=now,
            ignore_order_id=order.id,
        )
        order.starts_at, order.ends_at = new_start, new_start + duration
        order.block_start, order.block_end = block_for(
            order.starts_at, order.ends_at, order.at_home
        )
        transition(
            session,
            order,
            "rescheduled",
            actor.user_id,
            old=old_start.isoformat(),
            new=new_start.isoformat(),
        )
        _tell_technician(session, order, "notify.order_rescheduled_technician")
        session.commit()
    return order
