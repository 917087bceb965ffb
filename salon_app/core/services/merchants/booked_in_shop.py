"""Booked in-shop orders a change of opening times would hide, and the lock that keeps the
check true until the change is saved.

An order is hidden when it is booked (pending payment or service, holding its slot), happens
in this shop, starts from now on, and its service [start, end) no longer lies inside one
stretch of the shop's open time (business hours less closures, availability_engine
.shop_windows). A shop change first locks every calendar of the shop's technicians (booking
takes the same lock), so no booking slips in between the check and the save.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import Merchant, Order, ShopClosure, Technician
from salon_app.core.models import OrderStatus as S
from salon_app.core.services.availability import (
    Minutes,
    business_hours,
    lock_shop,
    lock_technician_calendar,
    shop_windows,
    zone,
)

BOOKED = (S.pending_payment, S.pending_service)
SHOWN = 10  # orders named in the message; the page gets them all


@dataclass(frozen=True)
class HiddenOrder:
    code: str
    starts_at: datetime


def lock_shop_calendars(session: Session, merchant_id: int) -> None:
    """Take the shop's lock and each of its technicians' calendar locks (in id order)."""
    if not lock_shop(session, merchant_id):
        raise DomainError("shop.not_found")
    ids = session.exec(
        select(Technician.id).where(Technician.merchant_id == merchant_id).order_by(Technician.id)
    ).all()
    for tech_id in ids:
        lock_technician_calendar(session, tech_id)


def current_hours(shop: Merchant) -> dict[int, tuple[Minutes, ...]] | None:
    return business_hours(shop.business_hours) if shop.business_hours is not None else None


def closures_of(session: Session, merchant_id: int, today: date) -> list[tuple[date, date]]:
    rows = session.exec(
        select(ShopClosure.first_day, ShopClosure.last_day).where(
            ShopClosure.merchant_id == merchant_id, ShopClosure.last_day >= today
        )
    ).all()
    return [(a, b) for a, b in rows]


def hidden_orders(
    session: Session,
    shop: Merchant,
    hours: Mapping[int, Sequence[Minutes]] | None,
    closures: Sequence[tuple[date, date]],
    now: datetime,
    within: tuple[datetime, datetime] | None = None,
) -> list[HiddenOrder]:
    """Booked in-shop orders from `now` on (only those meeting `within`, when given) that
    the shop's open time under these hours and closures would not hold, by start."""
    tz = zone(shop.timezone)
    query = select(Order.code, Order.starts_at, Order.ends_at).where(
        Order.merchant_id == shop.id,
        col(Order.at_home).is_(False),
        col(Order.holds_slot).is_(True),
        col(Order.status).in_(BOOKED),
        Order.starts_at >= now,
    )
    if within is not None:
        query = query.where(Order.starts_at < within[1], Order.ends_at > within[0])
    hidden = []
    for code, starts_at, ends_at in session.exec(query.order_by(Order.starts_at, Order.id)):
        day = starts_at.astimezone(tz).date()
        days = [day, day + timedelta(days=1)]  # a service may run past midnight
        windows = shop_windows(days, hours, sorted(closures), tz)
        if not any(w.start <= starts_at and ends_at <= w.end for w in windows):
            hidden.append(HiddenOrder(code, starts_at))
    return hidden


def refuse_hiding(key: str, hidden: list[HiddenOrder]) -> None:
    """Raise `key` naming the hidden orders (the first SHOWN in the text, all in order_codes)."""
    if hidden:
        codes = [h.code for h in hidden]
        raise DomainError(key, count=len(codes), orders="、".join(codes[:SHOWN]), order_codes=codes)
