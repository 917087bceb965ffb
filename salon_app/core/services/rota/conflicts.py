"""Booked orders a rota change would leave outside their technician's working time.

An order conflicts when it holds its technician's time and has not started (pending payment
or paid and waiting / accepted), starts on one of the days the change touched, and its
service, [starts_at, ends_at), no longer lies inside one stretch of the technician's working
time as the availability engine computes it from the staged rota (weekly hours, shifts, time
off): the same test a booking passes. Orders already in service are under way and stay.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from salon_app.core.models import Order, OrderItem, Service, User
from salon_app.core.models import OrderStatus as S
from salon_app.core.services import ledger
from salon_app.core.services.availability import Profile, load_calendars, load_profiles, utc_span
from salon_app.core.services.orders import customer_name_for_staff
from salon_app.core.services.rota.shop import Staged

CHOICES = ("keep", "redispatch", "cancel")
OPEN = (S.pending_payment, S.pending_service)


@dataclass(frozen=True)
class Conflict:
    """One order the manager must decide on (keep, redispatch or cancel)."""

    order_id: int
    code: str
    status: str
    dispatch_state: str
    technician_id: int
    starts_at: datetime
    ends_at: datetime
    day: date  # local
    start: str  # "HH:MM" local
    end: str
    service_name: str
    at_home: bool
    refund_fen: int  # what cancelling gives back: everything still refundable
    customer_name: str = ""  # display name only (orders.customer_name_for_staff), never a phone
    choices: tuple[str, ...] = CHOICES


def find_conflicts(session: Session, staged: Sequence[Staged]) -> list[Conflict]:
    """Orders of the staged technicians' touched days outside working time, by start."""
    if not staged:
        return []
    ids = sorted({s.technician_id for s in staged})
    first = min(s.first_day for s in staged)
    last = max(s.last_day for s in staged)
    profiles = load_profiles(session, ids)
    calendars = load_calendars(
        session, profiles, first - timedelta(days=1), last + timedelta(days=1), with_jobs=False
    )
    span_start, span_end = utc_span(profiles, first, last)
    held = session.exec(
        select(Order.id, Order.technician_id, Order.starts_at, Order.ends_at)
        .where(
            col(Order.technician_id).in_(ids),
            col(Order.status).in_(OPEN),
            col(Order.holds_slot).is_(True),
            col(Order.starts_at) >= span_start,
            col(Order.starts_at) < span_end,
        )
        .order_by(Order.starts_at, Order.id)
    ).all()
    touched: dict[int, list[tuple[date, date]]] = {}
    for each in staged:
        touched.setdefault(each.technician_id, []).append((each.first_day, each.last_day))
    starts = {t: [w.start for w in c.windows] for t, c in calendars.items()}
    outside = []
    for order_id, tech_id, starts_at, ends_at in held:
        day = starts_at.astimezone(profiles[tech_id].tz).date()
        if not any(a <= day <= b for a, b in touched[tech_id]):
            continue
        windows = calendars[tech_id].windows
        i = bisect_right(starts[tech_id], starts_at) - 1  # windows are sorted and disjoint
        if i < 0 or ends_at > windows[i].end:
            outside.append(order_id)
    return _described(session, outside, profiles)


def _described(
    session: Session, order_ids: list[int], profiles: Mapping[int, Profile]
) -> list[Conflict]:
    if not order_ids:
        return []
    orders = session.exec(
        select(Order, User.display_name)
        .join(User, User.id == Order.customer_id)
        .where(col(Order.id).in_(order_ids))
        .order_by(Order.starts_at, Order.id)
    ).all()
    names = _service_names(session, order_ids)
    conflicts = []
    for order, customer in orders:
        tz = profiles[order.technician_id].tz
        local_start = order.starts_at.astimezone(tz)
        conflicts.append(
            Conflict(
                order_id=order.id,
                code=order.code,
                status=order.status,
                dispatch_state=order.dispatch_state,
                technician_id=order.technician_id,
                starts_at=order.starts_at,
                ends_at=order.ends_at,
                day=local_start.date(),
                start=local_start.strftime("%H:%M"),
                end=order.ends_at.astimezone(tz).strftime("%H:%M"),
                service_name=names.get(order.id, ""),
                at_home=order.at_home,
                refund_fen=ledger.order_balance(session, order.id).refundable_fen,
                customer_name=customer_name_for_staff(customer),
            )
        )
    return conflicts


def _service_names(session: Session, order_ids: list[int]) -> dict[int, str]:
    """Each order's services, joined with "、" in the order they were booked."""
    if not order_ids:
        return {}
    rows = session.exec(
        select(OrderItem.order_id, Service.name)
        .join(Service, Service.id == OrderItem.service_id)
        .where(col(OrderItem.order_id).in_(order_ids))
        .order_by(OrderItem.order_id, OrderItem.id)
    ).all()
    names: dict[int, list[str]] = {}
    for order_id, name in rows:
        names.setdefault(order_id, []).append(name)
    return {order_id: "、".join(found) for order_id, found in names.items()}
