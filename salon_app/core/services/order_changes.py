"""Customers change their minds: reschedule or cancel an order that has not started.

Policy (settings): free until `cancel_free_hours` before the start; inside that window a
cancellation keeps a fee of `cancel_fee_bp` of the price and rescheduling is refused; once the
technician has set off, neither is possible. A paid order's refund goes back automatically.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Order
from salon_app.core.models import OrderStatus as S
from salon_app.core.services import availability
from salon_app.core.services.actor import Actor
from salon_app.core.services.booking_rules import block_for
from salon_app.core.services.locks import lock_technician_calendar
from salon_app.core.services.order_flow import transition
from salon_app.core.services.orders import own_order
from salon_app.core.settings import Settings, get_settings

CHANGEABLE = (S.pending_payment, S.pending_service)
REASON_MAX = 200


@dataclass(frozen=True)
class CancelTerms:
    fee_fen: int
    refund_fen: int  # what goes back to the customer (0 when nothing was paid)
    free: bool


def cancel_terms(order: Order, now: datetime, settings: Settings | None = None) -> CancelTerms:
    """What cancelling now would cost; raises when the order can no longer be cancelled."""
    s = settings or get_settings()
    if order.status not in CHANGEABLE:
        raise DomainError("order.cannot_cancel")
    free = now <= order.starts_at - timedelta(hours=s.cancel_free_hours)
    if order.paid_at is None:
        return CancelTerms(0, 0, free)
    fee = 0 if free else order.total_fen * s.cancel_fee_bp // 10_000
    return CancelTerms(fee, order.total_fen - fee, free)


def cancel(session: Session, actor: Actor | None, code: str, reason: str = "") -> CancelTerms:
    """Cancel the customer's own order and refund what the policy allows."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise DomainError("validation.too_long", field="原因", max=REASON_MAX)
    order = own_order(session, actor, code)
    terms = cancel_terms(order, utcnow())
    transition(session, order, "cancelled", actor.user_id, reason=reason, fee_fen=terms.fee_fen)
    session.commit()
    if terms.refund_fen > 0:
        from salon_app.core.services import refunds  # payments issue: exactly-once refunds

        refunds.refund_for_cancellation(session, order.id, terms.refund_fen, reason or "取消订单")
    return terms


def reschedule_slots(
    session: Session, actor: Actor | None, code: str, start_day: date, days: int
) -> list[datetime]:
    """Where the customer's own order could move: free starts of its technician for its
    duration and place (its own block does not count), or none once it can no longer move."""
    order = own_order(session, actor, code)
    now = utcnow()
    too_late = now > order.starts_at - timedelta(hours=get_settings().cancel_free_hours)
    if order.status not in CHANGEABLE or too_late or order.technician_id is None:
        return []
    starts = availability.free_starts(
        session,
        order.technician_id,
        int((order.ends_at - order.starts_at).total_seconds() // 60),
        start_day,
        days,
        (order.lat, order.lng) if order.at_home else None,
        now=now,
        ignore_order_id=order.id,
    )
    return [s for s in starts if s != order.starts_at]


def reschedule(session: Session, actor: Actor | None, code: str, new_start: datetime) -> Order:
    """Move the order to another free slot of the same technician (same race-safe path)."""
    order = own_order(session, actor, code)
    if order.status not in CHANGEABLE:
        raise DomainError("order.cannot_reschedule")
    now = utcnow()
    if now > order.starts_at - timedelta(hours=get_settings().cancel_free_hours):
        raise DomainError("order.too_late_to_change", hours=get_settings().cancel_free_hours)
    new_start = new_start.replace(second=0, microsecond=0)
    duration = order.ends_at - order.starts_at
    old_start = order.starts_at
    try:
        lock_technician_calendar(session, order.technician_id)
        availability.check_slot(
            session,
            order.technician_id,
            new_start,
            int(duration.total_seconds() // 60),
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
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise DomainError("booking.slot_taken") from exc
    except DomainError:
        session.rollback()
        raise
    return order
