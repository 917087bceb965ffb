"""When a technician can be booked: free start times, one start time checked, live status.

The rules themselves are pure and live in `availability_engine` (read its docstring: weekly
hours, rota shifts that replace them for their day, time off, held blocks, travel between
jobs, lead time, horizon, slot grid); `availability_data` loads what they need. This module
joins the two for the booking service and the pages.

Times go in and come out as aware UTC datetimes. The shop's time zone (Merchant.timezone, or
settings.timezone for independent technicians) only decides working hours, shifts and which
local day a time belongs to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, or_, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Order, OrderStatus, Service
from salon_app.core.services.availability.data import (
    LOOKAROUND,
    Calendar,
    Profile,
    ids_in,
    load_calendars,
    load_profiles,
    read_rows,
    zone,
)
from salon_app.core.services.availability.engine import (
    Limits,
    Place,
    Request,
    Schedule,
    booking_limits,
    first_start_without_jobs,
    iter_free_starts,
    local_to_utc,
    refusal,
)
from salon_app.core.settings import Settings, get_settings

__all__ = [
    "check_slot",
    "first_free_start",
    "free_slots",
    "free_starts",
    "live_status",
    "live_statuses",
    "next_free_slots",
]

NEXT_SLOTS_CHUNK_DAYS = 7  # next_free_slots loads a week at a time until it has enough


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _request(duration_min: int, at: Place | None, profile: Profile) -> Request:
    """At home when the customer's place is given, else in the technician's shop."""
    place = at if at is not None else profile.shop
    return Request(timedelta(minutes=duration_min), at is not None, place)


def _bookable_days(limits: Limits, settings: Settings, first: date, count: int) -> list[date]:
    last = min(
        first + timedelta(days=count - 1), limits.today + timedelta(days=settings.horizon_days)
    )
    first = max(first, limits.today)
    return _days(first, last) if first <= last else []


def first_free_start(
    calendar: Calendar, request: Request, limits: Limits, settings: Settings
) -> datetime | None:
    """The earliest free start within the days the calendar was loaded for, or None."""
    windows = calendar.windows_for(request)
    if not windows:
        return None
    if not calendar.jobs:
        return first_start_without_jobs(
            windows, request.duration, limits, settings.slot_step_minutes
        )
    schedule = Schedule(calendar.jobs, request, settings)
    starts = iter_free_starts(windows, schedule, limits, settings.slot_step_minutes)
    return next(starts, None)


def free_slots(
    session: Session,
    technician_id: int,
    service_id: int,
    start_day: date,
    days: int,
    at: Place | None = None,
    now: datetime | None = None,
) -> list[datetime]:
    """Free start times (UTC) for the service on local days start_day .. start_day + days - 1.

    Only starts on the slot grid, at least lead_minutes from now and within the horizon; `at`
    is the customer's place for an at-home job (None: in the technician's shop).
    """
    service = session.get(Service, service_id)
    if service is None:
        return []
    return free_starts(session, technician_id, service.duration_min, start_day, days, at, now)


def free_starts(
    session: Session,
    technician_id: int,
    duration_min: int,
    start_day: date,
    days: int,
    at: Place | None = None,
    now: datetime | None = None,
    ignore_order_id: int | None = None,
) -> list[datetime]:
    """free_slots for a job of `duration_min`; `ignore_order_id` is an order being moved, whose
    own block does not stand in its way (as in check_slot)."""
    settings = get_settings()
    now = now or utcnow()
    profile = load_profiles(session, [technician_id]).get(technician_id)
    if profile is None:
        return []
    limits = booking_limits(now, profile.tz, settings)
    bookable = _bookable_days(limits, settings, start_day, days)
    if not bookable:
        return []
    request = _request(duration_min, at, profile)
    calendar = load_calendars(
        session, {technician_id: profile}, bookable[0], bookable[-1], ignore_order_id,
        shop_hours=not request.at_home,
    )  # fmt: skip
    schedule = Schedule(calendar[technician_id].jobs, request, settings)
    windows = calendar[technician_id].windows_for(request)
    return list(iter_free_starts(windows, schedule, limits, settings.slot_step_minutes))


def next_free_slots(
    session: Session,
    technician_id: int,
    service_id: int,
    limit: int = 6,
    at: Place | None = None,
    now: datetime | None = None,
) -> list[datetime]:
    """The first `limit` free starts from now on, searching a week at a time to the horizon."""
    settings = get_settings()
    now = now or utcnow()
    profile = load_profiles(session, [technician_id]).get(technician_id)
    if profile is None:
        return []
    today = now.astimezone(profile.tz).date()
    found: list[datetime] = []
    day = today
    while len(found) < limit and day <= today + timedelta(days=settings.horizon_days):
        found += free_slots(session, technician_id, service_id, day, NEXT_SLOTS_CHUNK_DAYS, at, now)
        day += timedelta(days=NEXT_SLOTS_CHUNK_DAYS)
    return found[:limit]


def check_slot(
    session: Session,
    technician_id: int,
    starts_at: datetime,
    duration_min: int,
    at_home: bool,
    at: Place | None,
    now: datetime | None = None,
    ignore_order_id: int | None = None,
) -> None:
    """Refuse a start the booking rules do not allow, with the reason as the message key.

    booking.slot_in_past (before now + lead), booking.beyond_horizon, booking.outside_hours
    (not inside working hours / the day's shifts, or in time off; in the shop, also outside
    the shop's business hours or in a closure), booking.slot_taken (overlaps
    a held block or leaves too little travel time). `ignore_order_id` is the order being moved.
    """
    settings = get_settings()
    now = now or utcnow()
    profile = load_profiles(session, [technician_id]).get(technician_id)
    if profile is None:
        raise DomainError("booking.outside_hours")
    limits = booking_limits(now, profile.tz, settings)
    place = at if at_home else profile.shop
    request = Request(timedelta(minutes=duration_min), at_home, place)
    day = starts_at.astimezone(profile.tz).date()
    days = [day - timedelta(days=1), day]  # yesterday's shift may run past midnight
    calendar = load_calendars(
        session, {technician_id: profile}, days[0], days[-1], ignore_order_id,
        shop_hours=not at_home,
    )[technician_id]  # fmt: skip
    windows = calendar.windows_for(request)
    key = refusal(starts_at, windows, calendar.jobs, request, limits, settings)
    if key is not None:
        raise DomainError(key)


def live_status(session: Session, technician_id: int, now: datetime | None = None) -> str:
    """What the technician is doing now: "working" (工作中: an order in service, or a held
    order under way), "booked" (已预约: a held order later today, local time), "idle" (待岗:
    on duty now, per working hours, rota and time off) or "off" (休息中: none of these).
    An order in service counts only within a day of its start (LOOKAROUND)."""
    return live_statuses(session, [technician_id], now).get(technician_id, "idle")


def live_statuses(
    session: Session,
    technician_ids: Sequence[int],
    now: datetime | None = None,
    profiles: Mapping[int, Profile] | None = None,
) -> dict[int, str]:
    """live_status for many technicians in one query (two without their `profiles`)."""
    now = now or utcnow()
    if profiles is None:
        profiles = load_profiles(session, technician_ids)
    status = dict.fromkeys(profiles, "idle")
    if not profiles:
        return status
    query = select(Order.technician_id, Order.status, Order.starts_at, Order.ends_at).where(
        ids_in(session, col(Order.technician_id)),
        col(Order.block_start) >= now - LOOKAROUND,  # no order lasts longer
        col(Order.block_start) < now + LOOKAROUND,
        col(Order.holds_slot).is_(True),
        or_(col(Order.status) == OrderStatus.in_service, col(Order.ends_at) > now),
    )
    tomorrow: dict[ZoneInfo, datetime] = {}  # local midnight ending today, per zone
    for tech_id, order_status, starts_at, ends_at in read_rows(session, query, list(profiles)):
        if order_status == OrderStatus.in_service or starts_at <= now < ends_at:
            status[tech_id] = "working"
        elif status[tech_id] == "idle":
            tz = profiles[tech_id].tz
            if tz not in tomorrow:
                tomorrow[tz] = local_to_utc(now.astimezone(tz).date() + timedelta(days=1), 0, tz)
            if starts_at < tomorrow[tz]:
                status[tech_id] = "booked"
    idle = {t: profiles[t] for t, s in status.items() if s == "idle"}
    for tech_id, on_duty in _on_duty(session, idle, now).items():
        if not on_duty:
            status[tech_id] = "off"
    return status


def _on_duty(session: Session, profiles: Mapping[int, Profile], now: datetime) -> dict[int, bool]:
    """Whether `now` falls in each technician's working time (yesterday's shift may run on)."""
    today = now.astimezone(zone(None)).date()
    calendars = load_calendars(
        session, profiles, today - timedelta(days=1), today, with_jobs=False, shop_hours=False
    )
    return {t: any(w.start <= now < w.end for w in c.windows) for t, c in calendars.items()}
