"""The manager's decision on each order a rota change would leave uncovered.

* keep: the order stays with its technician and their working time is kept around it. Time
  off is cut around the order's service; if the shifts of its day still leave it outside, a
  Shift of kind "keep" (tied to the order) covers exactly its service time. A day that had
  no rows (weekly hours) gets those hours written as a day set by hand first, so keeping one
  order never shortens the rest of the day. Keep rows survive pattern regeneration.
* redispatch: the order goes to another technician of the same shop through dispatch
  (hand_over: their services, area and free time, under their calendar lock; a paid order is
  offered to them). The one named by the manager, or else the shop's technicians with the
  fewest orders that day first. Nobody free refuses the whole change (rota.nobody_free):
  the manager then keeps or cancels it.
* cancel: cancelled by the shop with a full refund of what is still refundable
  (refunds.add_full_refunds, in the same transaction) and a notice to the customer and to the
  technicians it was offered to.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.amounts import display_yuan
from salon_app.core.errors import DomainError
from salon_app.core.models import Merchant, Order, Refund, Shift, Technician, TimeOff, WorkingHours
from salon_app.core.services import dispatch, ledger, pricing
from salon_app.core.services.availability import load_calendars, load_profiles
from salon_app.core.services.notifications import notify, order_time
from salon_app.core.services.orders import jobs as job_board
from salon_app.core.services.orders import transition
from salon_app.core.services.payments import refunds
from salon_app.core.services.rota.conflicts import OPEN, Conflict
from salon_app.core.services.rota.generation import KEEP, OVERRIDE
from salon_app.core.services.rota.shop import ShopClock, shop_technician

CANCEL_REASON = "店铺调整排班"


def keep(session: Session, shop: ShopClock, conflict: Conflict) -> None:
    """Keep the technician's time around the order (see the module docstring)."""
    tech_id = conflict.technician_id
    offs = session.exec(
        select(TimeOff)
        .where(
            TimeOff.technician_id == tech_id,
            col(TimeOff.starts_at) < conflict.ends_at,
            col(TimeOff.ends_at) > conflict.starts_at,
        )
        .order_by(TimeOff.id)
    ).all()
    for off in offs:
        if conflict.ends_at < off.ends_at:
            session.add(
                TimeOff(
                    technician_id=tech_id,
                    starts_at=conflict.ends_at,
                    ends_at=off.ends_at,
                    reason=off.reason,
                )
            )
        if off.starts_at < conflict.starts_at:
            off.ends_at = conflict.starts_at
            session.add(off)
        else:
            session.delete(off)
    session.flush()
    if _inside(session, conflict):
        return
    day = conflict.day
    has_rows = session.exec(
        select(Shift.id).where(Shift.technician_id == tech_id, Shift.day == day)
    ).first()
    if has_rows is None:
        for hours in session.exec(
            select(WorkingHours)
            .where(WorkingHours.technician_id == tech_id, WorkingHours.weekday == day.weekday())
            .order_by(WorkingHours.start_minute)
        ).all():
            _add_shift(session, shop, tech_id, day, hours.start_minute, hours.end_minute, OVERRIDE)
    start, end = (_wall_minute(at, day, shop) for at in (conflict.starts_at, conflict.ends_at))
    _add_shift(session, shop, tech_id, day, start, end, KEEP, conflict.order_id)
    session.flush()


def _wall_minute(at: datetime, day: date, shop: ShopClock) -> int:
    """Wall-clock minutes from local midnight of `day` (past 24:00 on the next day)."""
    local = at.astimezone(shop.tz)
    return (local.date() - day).days * 24 * 60 + local.hour * 60 + local.minute


def _add_shift(
    session: Session,
    shop: ShopClock,
    tech_id: int,
    day: date,
    start: int,
    end: int,
    kind: str,
    order_id: int | None = None,
) -> None:
    session.add(
        Shift(
            technician_id=tech_id,
            merchant_id=shop.merchant_id,
            day=day,
            start_minute=start,
            end_minute=end,
            kind=kind,
            order_id=order_id,
            note=f"保留订单 {order_id}" if order_id else "",
        )
    )


def _inside(session: Session, conflict: Conflict) -> bool:
    """Whether the order's service now lies inside its technician's working time."""
    tech_id = conflict.technician_id
    profiles = load_profiles(session, [tech_id])
    day = conflict.day
    calendar = load_calendars(
        session, profiles, day - timedelta(days=1), day + timedelta(days=1), with_jobs=False
    )[tech_id]
    return any(
        w.start <= conflict.starts_at and conflict.ends_at <= w.end for w in calendar.windows
    )


def redispatch(
    session: Session, shop: ShopClock, conflict: Conflict, user_id: int, target: int | None
) -> int:
    """Give the order to another technician of the shop; returns who took it."""
    ledger.lock_order_money(session, conflict.order_id)
    order = session.get(Order, conflict.order_id, populate_existing=True)
    if target is not None:
        candidates = [shop_technician(session, shop.merchant_id, target).id]
    else:
        candidates = _least_busy_first(session, shop, order)
    last_refusal: DomainError | None = None
    for tech_id in candidates:
        if tech_id == order.technician_id:
            continue
        refusal = dispatch.hand_over(
            session, order, tech_id, shop.now, user_id, "rota", "rota.notify.order_reassigned"
        )
        if refusal is None:
            return tech_id
        last_refusal = refusal
    if target is not None and last_refusal is not None:
        raise DomainError("rota.target_cannot_take", code=order.code, reason=last_refusal.key)
    raise DomainError("rota.nobody_free", code=order.code)


def _least_busy_first(session: Session, shop: ShopClock, order: Order) -> list[int]:
    """The shop's active technicians, fewest held orders on the order's local day first."""
    day = order.starts_at.astimezone(shop.tz).date()
    start = datetime.combine(day, datetime.min.time(), shop.tz)
    busy = dict(
        session.exec(
            select(Order.technician_id, func.count(Order.id))
            .join(Technician, Technician.id == Order.technician_id)
            .where(
                Technician.merchant_id == shop.merchant_id,
                col(Order.holds_slot).is_(True),
                col(Order.starts_at) >= start,
                col(Order.starts_at) < start + timedelta(days=1),
            )
            .group_by(Order.technician_id)
        ).all()
    )
    ids = session.exec(
        select(Technician.id)
        .where(Technician.merchant_id == shop.merchant_id, Technician.status == "active")
        .order_by(Technician.id)
    ).all()
    return sorted(ids, key=lambda t: (busy.get(t, 0), t))


def cancel(session: Session, shop: ShopClock, conflict: Conflict, user_id: int) -> list[Refund]:
    """Cancel the order for the shop with a full refund (not committed); the refunds made."""
    ledger.lock_order_money(session, conflict.order_id)
    order = session.get(Order, conflict.order_id, populate_existing=True)
    if order.status not in OPEN:
        raise DomainError("rota.changed_meanwhile")
    transition(session, order, "cancelled", user_id, reason=CANCEL_REASON, by="shop")
    pricing.give_back(session, order, shop.now)  # coupon and points back, earned taken back
    for tech_id in job_board.withdraw_offers(session, order.id, shop.now, accepted_too=True):
        tech_user = session.get(Technician, tech_id).user_id
        notify(
            session,
            tech_user,
            "rota.notify.order_cancelled_technician",
            order.id,
            code=order.code,
            time=order_time(session, order),
        )
    session.flush()
    made = refunds.add_full_refunds(session, order, CANCEL_REASON, user_id)
    notify(
        session,
        order.customer_id,
        "rota.notify.order_cancelled",
        order.id,
        code=order.code,
        time=order_time(session, order),
        shop=session.get(Merchant, shop.merchant_id).name,
        amount=display_yuan(sum(r.amount_fen for r in made)),
    )
    return made
