"""Technicians as dispatch reads them: fresh from the database, a batch at a time.

`read` runs one query for a batch of technicians and keeps those eligible apart from
availability: active, offering the service, holding the certificate and the courses its
category requires (certificates; a skill tag requiring a course scores only once held), with
a service area holding the address (at home) or a shop within the dispatch radius (in
shop), with what the score needs (rating, skills, load). `free` then decides availability
exactly as availability.check_slot does, for the whole batch, with the engine's batched
loaders (one query per table) and its rules.

`may_work` is a sieve run before reading, on what the index keeps: the availability engine
refuses a start ("outside_hours") unless the job's start and end each fall in a stretch of
working time, and without rota shifts that day or the day before, working time is the
weekly ranges of the day (and of the day before, past midnight). So a technician whose
weekly ranges hold neither cannot be free; anyone with shifts, or whose shop keeps a time
zone other than the settings' one, passes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import String, bindparam, exists, func, select, type_coerce
from sqlmodel import Session, col

from salon_app.core.models import Merchant, Order, ServiceArea, Technician, TechnicianService
from salon_app.core.services.availability import (
    Profile,
    Request,
    booking_limits,
    load_calendars,
    profile_of,
    refusal,
    zone,
)
from salon_app.core.services.certificates import (
    category_requires_course,
    counted,
    day_start,
    holds_certificate,
    lacks_no_course,
    required_certificate,
    skill_requirements,
    uncounted_tags,
)
from salon_app.core.services.dispatch.grid import TechInfo, Week
from salon_app.core.services.dispatch.scoring import LOAD_DAYS, Job, has_skill
from salon_app.core.services.geo import distance_km, geodesic_km
from salon_app.core.settings import get_settings

TOLERANCE_KM = 0.001  # distance_km is within 0.1 m of the geodesic; closer calls use geopy
DAY_MINUTES = 24 * 60


@dataclass
class Reading:
    """A technician as read: score parts, profile, and the places that hold the order."""

    id: int
    rating: float | None
    skill: bool
    load: int
    profile: Profile
    places: list[tuple[float, float, float]]  # (tangent-plane km, lat, lng) within reach

    @property
    def nearest_km(self) -> float:
        """The tangent-plane distance to the nearest place (within TOLERANCE_KM)."""
        return min(km for km, _, _ in self.places)

    def exact_km(self, at: tuple[float, float]) -> float:
        """The geodesic (geopy) to the nearest place, measured only where it can be nearest."""
        nearest = self.nearest_km
        return min(
            geodesic_km((lat, lng), at)
            for km, lat, lng in self.places
            if km <= nearest + 2 * TOLERANCE_KM
        )


def _query(at_home: bool, certified: bool, courses: bool = False) -> Any:
    """The batch read; `certified`: the category requires a certificate (bound as cert_type),
    else no certificate condition at all (most categories); `courses`: it requires courses
    (valid since the bound day start)."""
    now, week = bindparam("now"), bindparam("week")
    load = (
        select(func.count(Order.id))
        .where(
            col(Order.technician_id) == Technician.id,
            col(Order.holds_slot).is_(True),
            col(Order.block_start) >= now,  # block_start is the service start: the index range
            col(Order.block_start) < week,
            col(Order.starts_at) >= now,
            col(Order.starts_at) < week,
        )
        .scalar_subquery()
    )
    offers = exists().where(
        col(TechnicianService.technician_id) == Technician.id,
        col(TechnicianService.service_id) == bindparam("service"),
    )
    query = (
        select(
            Technician.id,
            Technician.rating_sum,
            Technician.rating_count,
            type_coerce(Technician.skills, String),  # decoded once per distinct list, below
            Merchant.timezone,
            Merchant.lat,
            Merchant.lng,
            load,
        )
        .outerjoin(Merchant, col(Merchant.id) == Technician.merchant_id)
        .where(
            col(Technician.id).in_(bindparam("ids", expanding=True)),
            Technician.status == "active",
            offers,
        )
    )
    if certified:
        query = query.where(
            holds_certificate(Technician.id, bindparam("cert_type"), bindparam("today"))
        )
    if courses:
        query = query.where(
            lacks_no_course(Technician.id, bindparam("service"), bindparam("since"))
        )
    if at_home:
        query = query.add_columns(
            ServiceArea.center_lat, ServiceArea.center_lng, ServiceArea.radius_km
        ).join(ServiceArea, col(ServiceArea.technician_id) == Technician.id)
    return query


_QUERIES = {
    (home, cert, courses): _query(home, cert, courses)
    for home in (True, False)
    for cert in (True, False)
    for courses in (True, False)
}


def sieve_params(starts_at: datetime, duration_min: int) -> dict[str, Any] | None:
    """The local day, start minute and end minute (rounded up) of the job in the settings'
    zone; None when that zone changes its offset around then (the sieve compares
    wall-clock minutes)."""
    tz: ZoneInfo = zone(None)
    local = starts_at.astimezone(tz)
    day = local.date()
    midnights = [
        datetime.combine(day + timedelta(days=d), datetime.min.time(), tz) for d in (-1, 0, 1)
    ]
    if len({m.utcoffset() for m in midnights}) > 1:
        return None
    minute = local.hour * 60 + local.minute
    part = local.second > 0 or local.microsecond > 0  # a start between whole minutes
    return {
        "tz": tz.key,
        "minute": minute,
        "end_minute": minute + duration_min + part,
        "weekday": day.weekday(),
        "weekday_before": (day.weekday() - 1) % 7,
    }


def _skills(stored: str | list[str] | None) -> tuple[str, ...]:
    """Technician.skills as read undecoded (JSON text; PostgreSQL's driver decodes it)."""
    return _decoded(stored) if isinstance(stored, str) else tuple(stored or ())


@lru_cache(maxsize=4096)
def _decoded(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text) or ())


def may_work(info: TechInfo, sieve: dict[str, Any]) -> bool:
    """The working-time sieve (see the module docstring) over what the index keeps."""
    return not sieved(info, sieve) or week_may_work(info.week, sieve)


def sieved(info: TechInfo, sieve: dict[str, Any]) -> bool:
    """The sieve applies: no rota shifts, and their days are counted in the settings' zone."""
    return not info.rota and (info.shop_tz is None or info.shop_tz == sieve["tz"])


def week_may_work(week: tuple[tuple[tuple[int, int], ...], ...], sieve: dict[str, Any]) -> bool:
    """The job's start and end each fall in a weekly range of its day (or of the day
    before, running past midnight)."""
    return _holds(week, sieve, sieve["minute"], closed_end=False) and _holds(
        week, sieve, sieve["end_minute"], closed_end=True
    )


def may_work_week(week: Week, sieve: dict[str, Any]) -> bool:
    """False when nobody of a grid cell can pass may_work (a necessary condition: the job's
    start and end lie between the earliest start and the latest end of the day)."""
    if week.rota or any(tz is not None and tz != sieve["tz"] for tz in week.zones):
        return True
    day, before = sieve["weekday"], sieve["weekday_before"]
    start, end = sieve["minute"], sieve["end_minute"]
    starts = week.first[day] <= start < week.last[day] or (
        week.first[before] <= start + DAY_MINUTES < week.last[before]
    )
    ends = week.first[day] < end <= week.last[day] or (
        week.first[before] < end + DAY_MINUTES <= week.last[before]
    )
    return starts and ends


def _holds(week: tuple, sieve: dict[str, Any], minute: int, closed_end: bool) -> bool:
    for weekday, at in (
        (sieve["weekday"], minute),
        (sieve["weekday_before"], minute + DAY_MINUTES),
    ):
        for start, end in week[weekday]:
            if (start < at <= end) if closed_end else (start <= at < end):
                return True
    return False


def read(
    session: Session,
    job: Job,
    service_name: str,
    ids: list[int],
    now: datetime,
    radius: float,
    required: str | None = None,
    courses: bool | None = None,
    skill_courses: bool = True,
) -> list[Reading]:
    """The technicians among `ids` eligible for the job but for availability, one query
    (`required`: the certificate type the service's category requires, "" none; None: look
    it up; `courses`: the category requires courses, None: look it up; `skill_courses`: a
    skill tag naming the service may require a course: one more query when one is listed)."""
    if required is None:
        required = required_certificate(session, job.service_id) or ""
    if courses is None:
        courses = category_requires_course(session, job.service_id)
    today = now.astimezone(zone(None)).date()
    params = {
        "ids": ids,
        "service": job.service_id,
        "now": now,
        "week": now + timedelta(days=LOAD_DAYS),
    }
    if required:
        params |= {"cert_type": required, "today": today}
    if courses:
        params["since"] = day_start(today)
    found: dict[int, Reading] = {}
    listed: dict[int, tuple[str, ...]] = {}  # skills naming the service, when tags may need courses
    rows = session.connection().execute(_QUERIES[job.at_home, bool(required), courses], params)
    for row in rows:
        tech_id, total, n, skills, tz, shop_lat, shop_lng, load = row[:8]
        if tech_id not in found:
            rating = total / n / 100 if n else None
            profile = profile_of(tz, shop_lat, shop_lng)
            skill = has_skill(_skills(skills), service_name)
            found[tech_id] = Reading(tech_id, rating, skill, load, profile, [])
            if skill and skill_courses:
                listed[tech_id] = _skills(skills)
        if job.at_home:
            lat, lng, reach = row[8:]
        elif shop_lat is None or shop_lng is None:
            continue  # independent: no shop to serve in
        else:
            lat, lng, reach = shop_lat, shop_lng, radius
        km = distance_km((lat, lng), job.at)
        if km - TOLERANCE_KM > reach:
            continue
        if km + TOLERANCE_KM > reach and geodesic_km((lat, lng), job.at) > reach:
            continue
        found[tech_id].places.append((km, lat, lng))
    if listed:
        _count_certified_skills(session, service_name, found, listed, today)
    return [r for r in found.values() if r.places]


def _count_certified_skills(
    session: Session,
    service_name: str,
    found: dict[int, Reading],
    listed: dict[int, tuple[str, ...]],
    today: Any,
) -> None:
    """A skill tag that requires a course scores only when its certificate is held."""
    required = {s: c for s, c in skill_requirements(session).items() if service_name in s}
    for tech_id, lacking in uncounted_tags(session, listed, today, required).items():
        found[tech_id].skill = has_skill(counted(listed[tech_id], lacking), service_name)


def free(session: Session, job: Job, readings: list[Reading], now: datetime) -> set[int]:
    """Ids of those free at the job's time: availability.check_slot's decision, batched."""
    settings = get_settings()
    zones: dict[ZoneInfo, dict[int, Profile]] = {}
    for r in readings:
        zones.setdefault(r.profile.tz, {})[r.id] = r.profile
    duration = timedelta(minutes=job.duration_min)
    ok: set[int] = set()
    for tz, profiles in zones.items():
        day = job.starts_at.astimezone(tz).date()
        first = day - timedelta(days=1)
        calendars = load_calendars(
            session, profiles, first, day, job.order_id, shop_hours=not job.at_home
        )
        limits = booking_limits(now, tz, settings)
        for tech_id, calendar in calendars.items():
            place = job.at if job.at_home else calendar.profile.shop
            request = Request(duration, job.at_home, place)
            windows = calendar.windows_for(request)
            if refusal(job.starts_at, windows, calendar.jobs, request, limits, settings):
                continue
            ok.add(tech_id)
    return ok
