"""What the availability rules need, loaded for one technician or many in a few queries.

One query per table (technician with shop, weekly hours, shifts, time off, orders), each for a
set of technicians and a range of local days, the ids sent as one parameter (ids_in); orders
are read through the index ix_orders_technician_block (technician_id, block_start).

Working time is worked out before orders are read, so orders are read only for technicians
who work on those days, and only where they can matter: blocks reaching into
[first working minute - REACH, last working minute + REACH]. So no trip between two jobs may
take longer than REACH (6 h, 120 km at 20 km/h), and no order blocks its technician for more
than LOOKAROUND (a day; it bounds the index range).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import JSON, ColumnElement, Integer, any_, bindparam, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session, col, select

from salon_app.core.models import Merchant, Order, Shift, Technician, TimeOff, WorkingHours
from salon_app.core.services.availability_engine import (
    Job,
    Minutes,
    Place,
    Window,
    local_to_utc,
    working_windows,
)
from salon_app.core.settings import get_settings

LOOKAROUND = timedelta(days=1)  # no order blocks its technician for longer
REACH = timedelta(hours=6)  # no trip between two jobs takes longer
_NONE: Mapping = MappingProxyType({})
CHUNK = 5000  # technician ids per query (and per IN list where ids_in falls back to one)


@dataclass(frozen=True)
class Profile:
    """Where a technician's days are counted (time zone) and where in-shop jobs happen."""

    tz: ZoneInfo
    shop: Place | None


@dataclass
class Calendar:
    """One technician's working time (over the loaded days) and held jobs near it."""

    profile: Profile
    windows: list[Window]
    jobs: Sequence[Job] = ()


@lru_cache(maxsize=64)
def zone(name: str | None) -> ZoneInfo:
    """The shop's zone; independent technicians (and unknown names) use settings.timezone."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return ZoneInfo(get_settings().timezone)


@lru_cache(maxsize=4096)
def profile_of(timezone: str | None, lat: float | None, lng: float | None) -> Profile:
    """The profile of a technician of the shop with this zone and place (None: independent)."""
    shop = (lat, lng) if lat is not None and lng is not None else None
    return Profile(zone(timezone), shop)


def ids_in(session: Session, column: Any) -> ColumnElement[bool]:
    """`column IN (ids)` with the ids as ONE parameter, filled in by read_rows: a JSON array
    read by json_each on SQLite, an array on PostgreSQL. The statement stays the same whatever
    the number of ids, so it is compiled once, not rendered again for every list."""
    dialect = session.get_bind().dialect.name
    ids = bindparam("ids", type_=ARRAY(Integer) if dialect == "postgresql" else JSON)
    if dialect == "postgresql":
        return column == any_(ids)
    if dialect == "sqlite":
        return column.in_(select(func.json_each(ids).table_valued("value").c.value))
    return column.in_(bindparam("ids", expanding=True))


def read_rows(session: Session, query: Any, ids: Sequence[int] = ()) -> Any:
    """Plain rows through the session's connection (no ORM loading step for bulk reads);
    `ids` fill the query's ids_in(...)."""
    return session.connection().execute(query, {"ids": list(ids)})


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def load_profiles(session: Session, technician_ids: Sequence[int]) -> dict[int, Profile]:
    """Profiles of the technicians that exist, by id."""
    profiles: dict[int, Profile] = {}
    for ids in _chunks(technician_ids):
        rows = read_rows(
            session,
            select(Technician.id, Merchant.timezone, Merchant.lat, Merchant.lng)
            .outerjoin(Merchant, Merchant.id == Technician.merchant_id)
            .where(ids_in(session, col(Technician.id))),
            ids,
        )
        for tech_id, tz, lat, lng in rows:
            profiles[tech_id] = profile_of(tz, lat, lng)
    return profiles


def utc_span(
    profiles: Mapping[int, Profile], first_day: date, last_day: date
) -> tuple[datetime, datetime]:
    """The instants the local days [first_day, last_day] cover, in every zone involved."""
    zones = {p.tz for p in profiles.values()}
    after = last_day + timedelta(days=1)
    start = min(local_to_utc(first_day, 0, tz) for tz in zones)
    end = max(local_to_utc(after, 0, tz) for tz in zones)
    return start, end


def load_calendars(
    session: Session,
    profiles: Mapping[int, Profile],
    first_day: date,
    last_day: date,
    ignore_order_id: int | None = None,
) -> dict[int, Calendar]:
    """Calendars of `profiles` for the local days first_day..last_day, one query per table."""
    if not profiles:
        return {}
    span_start, span_end = utc_span(profiles, first_day, last_day)
    days = [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]
    weekdays = sorted({day.weekday() for day in days[:7]})
    weekly: dict[int, dict[int, list[Minutes]]] = {}
    shifts: dict[int, dict[date, list[Minutes]]] = {}
    time_off: dict[int, list[tuple[datetime, datetime]]] = {}
    for ids in _chunks(sorted(profiles)):
        _load_hours(session, ids, weekdays, weekly)
        rota = select(Shift.technician_id, Shift.day, Shift.start_minute, Shift.end_minute).where(
            ids_in(session, col(Shift.technician_id)),
            col(Shift.day) >= first_day,
            col(Shift.day) <= last_day,
        )
        for tech_id, day, start, end in read_rows(session, rota, ids):
            shifts.setdefault(tech_id, {}).setdefault(day, []).append((start, end))
        off = select(TimeOff.technician_id, TimeOff.starts_at, TimeOff.ends_at).where(
            ids_in(session, col(TimeOff.technician_id)),
            col(TimeOff.ends_at) > span_start,
            col(TimeOff.starts_at) < span_end + LOOKAROUND,  # shifts may run past midnight
        )
        for tech_id, start, end in read_rows(session, off, ids):
            time_off.setdefault(tech_id, []).append((start, end))
    calendars: dict[int, Calendar] = {}
    for tech_id, profile in profiles.items():
        windows = working_windows(
            days,
            weekly.get(tech_id, _NONE),
            shifts.get(tech_id, _NONE),
            sorted(time_off.get(tech_id, ())),
            profile.tz,
        )
        calendars[tech_id] = Calendar(profile, windows)
    working = [tech_id for tech_id, c in calendars.items() if c.windows]
    if working:
        reach_start = min(calendars[t].windows[0].start for t in working) - REACH
        reach_end = max(calendars[t].windows[-1].end for t in working) + REACH
        jobs: dict[int, list[Job]] = {}
        for ids in _chunks(working):
            for tech_id, job in _jobs(session, ids, reach_start, reach_end, ignore_order_id):
                jobs.setdefault(tech_id, []).append(job)
        for tech_id, found in jobs.items():
            calendars[tech_id].jobs = found
    return calendars


def _load_hours(
    session: Session,
    ids: list[int],
    weekdays: list[int],
    into: dict[int, dict[int, list[Minutes]]],
) -> None:
    query = select(
        WorkingHours.technician_id,
        WorkingHours.weekday,
        WorkingHours.start_minute,
        WorkingHours.end_minute,
    ).where(ids_in(session, col(WorkingHours.technician_id)))
    if len(weekdays) < 7:
        query = query.where(col(WorkingHours.weekday).in_(weekdays))
    for tech_id, weekday, start, end in read_rows(session, query, ids):
        into.setdefault(tech_id, {}).setdefault(weekday, []).append((start, end))


def _jobs(
    session: Session,
    ids: list[int],
    reach_start: datetime,
    reach_end: datetime,
    ignore_order_id: int | None,
) -> Iterator[tuple[int, Job]]:
    """Orders holding a slot whose blocks reach into [reach_start, reach_end); an in-shop job
    happens at its order's shop."""
    query = (
        select(
            Order.technician_id,
            Order.block_start,
            Order.ends_at,
            Order.block_end,
            Order.at_home,
            Order.lat,
            Order.lng,
            Merchant.lat,
            Merchant.lng,
        )
        .outerjoin(Merchant, Merchant.id == Order.merchant_id)
        .where(
            ids_in(session, col(Order.technician_id)),
            col(Order.block_start) >= reach_start - LOOKAROUND,  # the index range
            col(Order.block_start) < reach_end,
            col(Order.block_end) > reach_start,
            col(Order.holds_slot).is_(True),
        )
    )
    if ignore_order_id is not None:
        query = query.where(col(Order.id) != ignore_order_id)
    for tech_id, start, end, block_end, at_home, lat, lng, shop_lat, shop_lng in read_rows(
        session, query, ids
    ):
        place = (lat, lng) if at_home else (shop_lat, shop_lng)
        known = place[0] is not None and place[1] is not None
        yield tech_id, Job(start, end, block_end, place if known else None)
