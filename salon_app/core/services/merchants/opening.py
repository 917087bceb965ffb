"""When the shop is open: business hours per weekday and closures (holidays), which decide
when its in-shop services can be booked (availability_engine: an in-shop job needs the shop
open).

Hours: for each weekday none (closed) or up to RANGES_PER_DAY_MAX ranges "HH:MM"-"HH:MM" in
the shop's local time ("24:00" ends the day); a range ends after it starts and ranges of a
day do not overlap (touching is fine). Closures: a first and last local day (both included,
first not in the past, at most CLOSURE_DAYS_MAX days) and a reason; they do not overlap
each other. A change that would leave a booked in-shop order outside the shop's open time is
refused, naming the orders, and nothing is saved (merchants.booked_in_shop).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Merchant, ShopClosure
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.availability import local_to_utc, zone
from salon_app.core.services.merchants.booked_in_shop import (
    closures_of,
    current_hours,
    hidden_orders,
    lock_shop_calendars,
    refuse_hiding,
)
from salon_app.core.services.merchants.shop_roles import Capability, require_shop

RANGES_PER_DAY_MAX = 3
CLOSURE_DAYS_MAX = 90
REASON_MAX = 100
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class OpenRange:
    weekday: int  # 0 = Monday
    start: str  # "HH:MM", local time
    end: str  # "HH:MM"; "24:00" is midnight at the end of the day


@dataclass(frozen=True)
class ClosureView:
    id: int
    first_day: date
    last_day: date
    reason: str


def clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _minute(text: str, *, end: bool) -> int:
    text = (text or "").strip()
    if end and text == "24:00":
        return 24 * 60
    match = _CLOCK.match(text)
    if match is None:
        raise DomainError("shop.time_invalid", time=text)
    return int(match[1]) * 60 + int(match[2])


def check_hours(ranges: list[OpenRange]) -> dict[str, list[list[int]]]:
    """The week as stored in Merchant.business_hours, or DomainError for the first bad range."""
    parsed: list[tuple[int, int, int]] = []
    for r in ranges:
        if r.weekday not in range(7):
            raise DomainError("shop.weekday_invalid")
        start, end = _minute(r.start, end=False), _minute(r.end, end=True)
        if end <= start:
            raise DomainError("shop.hours_end_before_start", weekday=r.weekday)
        parsed.append((r.weekday, start, end))
    parsed.sort()
    for (day, _, prev_end), (next_day, next_start, _) in pairwise(parsed):
        if day == next_day and next_start < prev_end:
            raise DomainError("shop.hours_overlap", weekday=day)
    week: dict[str, list[list[int]]] = {str(d): [] for d in range(7)}
    for day, start, end in parsed:
        week[str(day)].append([start, end])
        if len(week[str(day)]) > RANGES_PER_DAY_MAX:
            raise DomainError("shop.hours_too_many", max=RANGES_PER_DAY_MAX)
    return week


def hours_of(shop: Merchant) -> list[OpenRange] | None:
    """The shop's week as ranges by weekday and start; None when never set."""
    if shop.business_hours is None:
        return None
    return [
        OpenRange(int(day), clock(start), clock(end))
        for day, ranges in sorted(shop.business_hours.items(), key=lambda kv: int(kv[0]))
        for start, end in sorted(ranges)
    ]


def set_business_hours(
    session: Session, actor: Actor | None, ranges: list[OpenRange]
) -> list[OpenRange]:
    """Replace the whole week (weekdays without a range are closed); refused when a booked
    in-shop order would fall outside the new hours (shop.hours_hide_orders)."""
    seat = require_shop(session, actor, Capability.edit_shop)
    week = check_hours(ranges)
    lock_shop_calendars(session, seat.merchant_id)
    shop = session.get(Merchant, seat.merchant_id)
    now = utcnow()
    today = now.astimezone(zone(shop.timezone)).date()
    closures = closures_of(session, shop.id, today)
    hours = {int(d): tuple((a, b) for a, b in r) for d, r in week.items()}
    hidden = hidden_orders(session, shop, hours, closures, now)
    if hidden:
        session.rollback()
        refuse_hiding("shop.hours_hide_orders", hidden)
    shop.business_hours = week
    session.add(shop)
    audit.record(session, actor, "shop.hours_changed", "merchant", shop.id)
    session.commit()
    return hours_of(shop) or []


def list_closures(session: Session, merchant_id: int, today: date) -> list[ClosureView]:
    """The shop's closures that have not ended, soonest first."""
    rows = session.exec(
        select(ShopClosure)
        .where(ShopClosure.merchant_id == merchant_id, ShopClosure.last_day >= today)
        .order_by(ShopClosure.first_day, ShopClosure.id)
    ).all()
    return [ClosureView(c.id, c.first_day, c.last_day, c.reason) for c in rows]


def _check_closure(first_day: date, last_day: date, reason: str, today: date) -> str:
    reason = (reason or "").strip()
    if last_day < first_day:
        raise DomainError("shop.closure_end_before_start")
    if first_day < today:
        raise DomainError("shop.closure_in_past")
    if (last_day - first_day).days + 1 > CLOSURE_DAYS_MAX:
        raise DomainError("shop.closure_too_long", max=CLOSURE_DAYS_MAX)
    if not reason:
        raise DomainError("validation.required", field="field.closure_reason")
    if len(reason) > REASON_MAX:
        raise DomainError("validation.too_long", field="field.closure_reason", max=REASON_MAX)
    return reason


def add_closure(
    session: Session, actor: Actor | None, first_day: date, last_day: date, reason: str
) -> ClosureView:
    """Close the shop from first_day to last_day (local, both included). Refused when it
    overlaps another closure, or would hide booked in-shop orders (shop.closure_hides_orders,
    naming them: the shop moves or cancels them first)."""
    seat = require_shop(session, actor, Capability.edit_shop)
    shop = session.get(Merchant, seat.merchant_id)
    tz = zone(shop.timezone)
    now = utcnow()
    reason = _check_closure(first_day, last_day, reason, now.astimezone(tz).date())
    lock_shop_calendars(session, shop.id)
    clash = session.exec(
        select(ShopClosure.id).where(
            ShopClosure.merchant_id == shop.id,
            ShopClosure.first_day <= last_day,
            ShopClosure.last_day >= first_day,
        )
    ).first()
    if clash is not None:
        session.rollback()
        raise DomainError("shop.closure_overlaps")
    span = (local_to_utc(first_day, 0, tz), local_to_utc(last_day + timedelta(days=1), 0, tz))
    closures = [*closures_of(session, shop.id, first_day), (first_day, last_day)]
    hidden = hidden_orders(session, shop, current_hours(shop), closures, now, within=span)
    if hidden:
        session.rollback()
        refuse_hiding("shop.closure_hides_orders", hidden)
    row = ShopClosure(
        merchant_id=shop.id,
        first_day=first_day,
        last_day=last_day,
        reason=reason,
        created_by=seat.user_id,
        created_at=now,
    )
    session.add(row)
    audit.record(session, actor, "shop.closure_added", "merchant", shop.id)
    session.commit()
    return ClosureView(row.id, first_day, last_day, reason)


def remove_closure(session: Session, actor: Actor | None, closure_id: int) -> None:
    """Reopen: delete one of the shop's closures (another shop's is not found)."""
    seat = require_shop(session, actor, Capability.edit_shop)
    row = session.get(ShopClosure, closure_id)
    if row is None or row.merchant_id != seat.merchant_id:
        raise DomainError("shop.closure_not_found")
    session.delete(row)
    audit.record(session, actor, "shop.closure_removed", "merchant", seat.merchant_id)
    session.commit()
