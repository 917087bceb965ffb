"""What the availability rules need, loaded for one technician or many in a few queries.

One query per table (technician with shop, weekly hours, shifts, time off, orders, and the
shop's business hours with its closures), each for a set of technicians and a range of local
days, the ids sent as one parameter (ids_in); orders are read through the index
ix_orders_technician_block (technician_id, block_start).

Working time is worked out before orders are read, so orders are read only for technicians
who work on those days, and only where they can matter: blocks reaching into
[first working minute - REACH, last working minute + REACH]. So no trip between two jobs may
take longer than REACH (6 h, 120 km at 20 km/h), and no order blocks its technician for more
than LOOKAROUND (a day; it bounds the index range).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import JSON, ColumnElement, Integer, Text, any_, bindparam, func, type_coerce
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session, and_, col, or_, select

from salon_app.core.models import (
    Merchant,
    Order,
    Shift,
    ShopClosure,
    Technician,
    TimeOff,
    WorkingHours,
)
from salon_app.core.models.types import EncryptedFloat
from salon_app.core.services.availability.engine import (
    Job,
    Minutes,
    Place,
    Request,
    SealedPlace,
    Window,
    local_to_utc,
    overlap,
    shop_windows,
    working_windows,
)
from salon_app.core.settings import get_settings

LOOKAROUND = timedelta(days=1)  # no order blocks its technician for longer
REACH = timedelta(hours=6)  # no trip between two jobs takes longer
_NONE: Mapping = MappingProxyType({})
CHUNK = 5000  # technician ids per query (and per IN list where ids_in falls back to one)
_FLOAT = EncryptedFloat()


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
    shop_open: list[Window] | None = None  # when their shop is open; None: no hours, closures
    shop_hours_read: bool = True  # False: loaded for at-home requests only (shop_open unknown)

    def windows_for(self, request: Request) -> list[Window]:
        """The working time `request` may use: in the shop, only while the shop is open."""
        if request.at_home:
            return self.windows
        if not self.shop_hours_read:
            raise ValueError("an in-shop request on a calendar loaded without shop hours")
        if self.shop_open is None:
            return self.windows
        return overlap(self.windows, self.shop_open)


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
    return _ids_in(session.get_bind().dialect.name, column)


def _ids_in(dialect: str, column: Any) -> ColumnElement[bool]:
    ids = bindparam("ids", type_=ARRAY(Integer) if dialect == "postgresql" else JSON)
    if dialect == "postgresql":
        return column == any_(ids)
    if dialect == "sqlite":
        return column.in_(select(func.json_each(ids).table_valued("value").c.value))
    return column.in_(bindparam("ids", expanding=True))


def read_rows(session: Session, query: Any, ids: Sequence[int] = (), **params: Any) -> Any:
    """Plain rows through the session's connection (no ORM loading step for bulk reads);
    `ids` fill the query's ids_in(...), `params` its other bound parameters."""
    return session.connection().execute(query, {"ids": list(ids), **params})


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


@lru_cache(maxsize=8)
def _calendar_queries(dialect: str) -> dict[str, Any]:
    """The statements load_calendars runs, built once per dialect: every value is a bound
    parameter, so a call only binds and runs them (building them cost as much as running)."""
    hours = select(
        WorkingHours.technician_id,
        WorkingHours.weekday,
        WorkingHours.start_minute,
        WorkingHours.end_minute,
    ).where(_ids_in(dialect, col(WorkingHours.technician_id)))
    jobs = (
        select(
            Order.technician_id,
            Order.block_start,
            Order.ends_at,
            Order.block_end,
            Order.at_home,
            type_coerce(Order.lat, Text),  # tokens, opened only where travel is worked out
            type_coerce(Order.lng, Text),
            Merchant.lat,
            Merchant.lng,
        )
        .outerjoin(Merchant, Merchant.id == Order.merchant_id)
        .where(
            _ids_in(dialect, col(Order.technician_id)),
            col(Order.block_start) >= bindparam("index_start"),  # the index range
            col(Order.block_start) < bindparam("reach_end"),
            col(Order.block_end) > bindparam("reach_start"),
            col(Order.holds_slot).is_(True),
            col(Order.id) != bindparam("ignore"),  # 0 when none: no order has id 0
        )
    )
    return {
        "hours": hours,
        "hours_of_days": hours.where(
            col(WorkingHours.weekday).in_(bindparam("weekdays", expanding=True))
        ),
        "rota": select(Shift.technician_id, Shift.day, Shift.start_minute, Shift.end_minute).where(
            _ids_in(dialect, col(Shift.technician_id)),
            col(Shift.day) >= bindparam("first_day"),
            col(Shift.day) <= bindparam("last_day"),
        ),
        "off": select(TimeOff.technician_id, TimeOff.starts_at, TimeOff.ends_at).where(
            _ids_in(dialect, col(TimeOff.technician_id)),
            col(TimeOff.ends_at) > bindparam("span_start"),
            col(TimeOff.starts_at) < bindparam("span_end"),
        ),
        "jobs": jobs,
        "shop": select(  # business hours and closures of the technicians' shops
            Technician.id,
            Technician.merchant_id,
            Merchant.business_hours,
            ShopClosure.first_day,
            ShopClosure.last_day,
        )
        .join(Merchant, col(Merchant.id) == Technician.merchant_id)
        .outerjoin(
            ShopClosure,
            and_(
                col(ShopClosure.merchant_id) == Merchant.id,
                col(ShopClosure.last_day) >= bindparam("first_day"),
                col(ShopClosure.first_day) <= bindparam("last_day"),
            ),
        )
        .where(
            _ids_in(dialect, col(Technician.id)),
            or_(col(Merchant.business_hours).is_not(None), col(ShopClosure.id).is_not(None)),
        ),
    }


def load_calendars(
    session: Session,
    profiles: Mapping[int, Profile],
    first_day: date,
    last_day: date,
    ignore_order_id: int | None = None,
    with_jobs: bool = True,
    shop_hours: bool = True,
) -> dict[int, Calendar]:
    """Calendars of `profiles` for the local days first_day..last_day, one query per table
    (`with_jobs` False: working time only, no held jobs; `shop_hours` False: without the
    shops' business hours and closures, which only in-shop requests use)."""
    if not profiles:
        return {}
    queries = _calendar_queries(session.get_bind().dialect.name)
    span_start, span_end = utc_span(profiles, first_day, last_day)
    days = [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]
    weekdays = sorted({day.weekday() for day in days[:7]})
    hours = queries["hours"] if len(weekdays) == 7 else queries["hours_of_days"]
    weekly: dict[int, dict[int, list[Minutes]]] = {}
    shifts: dict[int, dict[date, list[Minutes]]] = {}
    time_off: dict[int, list[tuple[datetime, datetime]]] = {}
    for ids in _chunks(sorted(profiles)):
        for tech_id, weekday, start, end in read_rows(session, hours, ids, weekdays=weekdays):
            weekly.setdefault(tech_id, {}).setdefault(weekday, []).append((start, end))
        rota = read_rows(session, queries["rota"], ids, first_day=first_day, last_day=last_day)
        for tech_id, day, start, end in rota:
            shifts.setdefault(tech_id, {}).setdefault(day, []).append((start, end))
        # shifts may run past midnight: time off up to a day later still matters
        off = read_rows(
            session, queries["off"], ids, span_start=span_start, span_end=span_end + LOOKAROUND
        )
        for tech_id, start, end in off:
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
        calendars[tech_id] = Calendar(profile, windows, shop_hours_read=shop_hours)
    if shop_hours:
        _load_shop_open(session, queries["shop"], calendars, days)
    working = [tech_id for tech_id, c in calendars.items() if c.windows]
    if working and with_jobs:
        reach_start = min(calendars[t].windows[0].start for t in working) - REACH
        reach_end = max(calendars[t].windows[-1].end for t in working) + REACH
        window = {
            "index_start": reach_start - LOOKAROUND,
            "reach_start": reach_start,
            "reach_end": reach_end,
            "ignore": ignore_order_id or 0,
        }
        jobs: dict[int, list[Job]] = {}
        for ids in _chunks(working):
            for tech_id, job in _jobs(read_rows(session, queries["jobs"], ids, **window)):
                jobs.setdefault(tech_id, []).append(job)
        for tech_id, found in jobs.items():
            calendars[tech_id].jobs = found
    return calendars


def business_hours(stored: Mapping[str, Any]) -> dict[int, tuple[Minutes, ...]]:
    """Merchant.business_hours ({"0": [[600, 1260]], ...}) as weekday -> minute ranges."""
    return {int(day): tuple((int(a), int(b)) for a, b in ranges) for day, ranges in stored.items()}


def _load_shop_open(
    session: Session, query: Any, calendars: dict[int, Calendar], days: list[date]
) -> None:
    """Set shop_open for technicians whose shop has business hours or closures on `days`
    (and the day after: a job may run past midnight)."""
    ids = [t for t, c in calendars.items() if c.profile.shop is not None and c.windows]
    if not ids:
        return
    after = days[-1] + timedelta(days=1)
    shops: dict[int, tuple[Any, set[tuple[date, date]]]] = {}
    seats: dict[int, int] = {}
    for part in _chunks(ids):
        rows = read_rows(session, query, part, first_day=days[0], last_day=after)
        for tech_id, shop_id, hours, first, last in rows:
            seats[tech_id] = shop_id
            _, closed = shops.setdefault(shop_id, (hours, set()))
            if first is not None:
                closed.add((first, last))
    opened: dict[int, list[Window]] = {}
    for tech_id, shop_id in seats.items():
        if shop_id not in opened:
            hours, closed = shops[shop_id]
            weekly = business_hours(hours) if hours is not None else None
            tz = calendars[tech_id].profile.tz
            opened[shop_id] = shop_windows([*days, after], weekly, sorted(closed), tz)
        calendars[tech_id].shop_open = opened[shop_id]


def _jobs(rows: Iterable[Any]) -> Iterator[tuple[int, Job]]:
    """Orders holding a slot whose blocks reach into the window read; an in-shop job
    happens at its order's shop."""
    for tech_id, start, end, block_end, at_home, lat, lng, shop_lat, shop_lng in rows:
        place = (lat, lng) if at_home else (shop_lat, shop_lng)
        if place[0] is None or place[1] is None:
            yield tech_id, Job(start, end, block_end, None)
        elif at_home:  # the customer's place is encrypted (issue 13): opened when needed
            yield tech_id, Job(start, end, block_end, SealedPlace(_open_place, lat, lng))
        else:
            yield tech_id, Job(start, end, block_end, place)


def _open_place(lat: str, lng: str) -> Place:
    return (_FLOAT.reveal(lat), _FLOAT.reveal(lng))
