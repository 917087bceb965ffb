"""When and where a technician works, as they set it themselves: weekly hours, service area.

Both replace what was there in one transaction, under the technician's calendar lock, so a
booking being made at the same moment sees either the old week or the new one, never a mix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from sqlmodel import Session, delete, select

from salon_app.core.errors import DomainError
from salon_app.core.models import ServiceArea, WorkingHours
from salon_app.core.services.access import Actor, require_technician
from salon_app.core.services.availability import lock_technician_calendar
from salon_app.core.services.booking import locate_address

RADIUS_MIN_KM, RADIUS_MAX_KM = 1, 30
RANGES_PER_DAY_MAX = 2  # a morning and an afternoon; the page edits two per day
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_HOUSE_NUMBER = re.compile(r"\d+号$")


@dataclass(frozen=True)
class HoursRange:
    weekday: int  # 0 = Monday
    start: str  # "HH:MM", local time
    end: str  # "HH:MM"; "24:00" is midnight at the end of the day


@dataclass(frozen=True)
class AreaItem:
    label: str
    radius_km: float


def list_hours(session: Session, technician_id: int) -> list[HoursRange]:
    rows = session.exec(
        select(WorkingHours)
        .where(WorkingHours.technician_id == technician_id)
        .order_by(WorkingHours.weekday, WorkingHours.start_minute)
    ).all()
    return [HoursRange(h.weekday, _clock(h.start_minute), _clock(h.end_minute)) for h in rows]


def current_area(session: Session, technician_id: int) -> AreaItem | None:
    area = session.exec(
        select(ServiceArea)
        .where(ServiceArea.technician_id == technician_id)
        .order_by(ServiceArea.id)
    ).first()
    return AreaItem(area.label, area.radius_km) if area else None


def _minutes(text: str, *, end: bool) -> int:
    text = (text or "").strip()
    if end and text == "24:00":
        return 24 * 60
    match = _CLOCK.match(text)
    if match is None:
        raise DomainError("tech_profile.time_invalid", time=text)
    return int(match[1]) * 60 + int(match[2])


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _check_hours(ranges: list[HoursRange]) -> list[tuple[int, int, int]]:
    parsed: list[tuple[int, int, int]] = []
    for r in ranges:
        if r.weekday not in range(7):
            raise DomainError("tech_profile.weekday_invalid")
        start, end = _minutes(r.start, end=False), _minutes(r.end, end=True)
        if end <= start:
            raise DomainError("tech_profile.hours_end_before_start", weekday=r.weekday)
        parsed.append((r.weekday, start, end))
    parsed.sort()
    for (day, _, prev_end), (next_day, next_start, _) in pairwise(parsed):
        if day == next_day and next_start < prev_end:
            raise DomainError("tech_profile.hours_overlap", weekday=day)
    for day in range(7):
        if sum(1 for d, _, _ in parsed if d == day) > RANGES_PER_DAY_MAX:
            raise DomainError("tech_profile.hours_too_many", max=RANGES_PER_DAY_MAX)
    return parsed


def replace_working_hours(
    session: Session, actor: Actor | None, ranges: list[HoursRange]
) -> list[HoursRange]:
    """The whole week at once, in the shop's local time. Refuses bad times, a range that ends
    at or before its start, and ranges that overlap on the same weekday (touching is fine).
    An empty list means no weekly hours (rota shifts may still add some). Existing orders
    are kept; only new bookings follow the new hours."""
    tech_id = require_technician(actor)
    parsed = _check_hours(ranges)
    if not lock_technician_calendar(session, tech_id):  # serialised with bookings
        raise DomainError("tech_profile.not_found")
    session.exec(delete(WorkingHours).where(WorkingHours.technician_id == tech_id))
    for day, start, end in parsed:
        session.add(
            WorkingHours(technician_id=tech_id, weekday=day, start_minute=start, end_minute=end)
        )
    session.commit()
    return [HoursRange(d, _clock(s), _clock(e)) for d, s, e in parsed]


def set_service_area(
    session: Session, actor: Actor | None, address: str, radius_km: float
) -> AreaItem:
    """One circle per technician, replacing any before: the centre is the geocoded address
    (booking.locate_address), the radius 1-30 km. The public label names the street or
    district, never the house number typed."""
    tech_id = require_technician(actor)
    if not RADIUS_MIN_KM <= radius_km <= RADIUS_MAX_KM:
        raise DomainError("tech_profile.radius_out_of_range", low=RADIUS_MIN_KM, high=RADIUS_MAX_KM)
    point = locate_address(address)
    label = _HOUSE_NUMBER.sub("", point.label) + "周边"
    if not lock_technician_calendar(session, tech_id):
        raise DomainError("tech_profile.not_found")
    session.exec(delete(ServiceArea).where(ServiceArea.technician_id == tech_id))
    area = ServiceArea(
        technician_id=tech_id,
        label=label[:100],
        center_lat=point.lat,
        center_lng=point.lng,
        radius_km=float(radius_km),
    )
    session.add(area)
    session.commit()
    return AreaItem(area.label, area.radius_km)
