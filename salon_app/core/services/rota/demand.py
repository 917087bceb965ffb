"""The demand view: bookings against technicians on shift, per weekday and hour of the shop.

Everything is counted in technician-hours per local hour of the shop's zone (an order of 90
minutes from 14:00 is 1.0 in the 14:00 hour and 0.5 in the 15:00 hour):
* past: the shop's booked orders (paid, not cancelled: waiting, in service, completed,
  reviewed) of the last LOOKBACK_WEEKS full weeks (the 56 days before today), summed per
  weekday and hour and divided by the number of weeks;
* ahead: the same kind of orders already booked for the coming week (the 7 days from tomorrow);
* on shift: the working time of the shop's active technicians in the coming week, as
  availability computes it (rota shifts, else weekly hours, minus time off).
The hour is planned for expected = max(past, ahead). Rule of the flags:
* under-staffed: expected >= MIN_DEMAND and nobody on shift, or expected / on shift > UNDER_LOAD;
* over-staffed: at least 2 technicians on shift and expected / on shift < OVER_LOAD.
Consecutive flagged hours of a weekday make one suggestion: add ceil(expected / TARGET_LOAD)
- on shift technicians (the most any hour of the run needs), or take away on shift -
max(1, ceil(expected / TARGET_LOAD)) (the fewest any hour of the run allows).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from salon_app.core.models import Order, Technician
from salon_app.core.models import OrderStatus as S
from salon_app.core.services.access import Actor
from salon_app.core.services.availability import load_calendars, load_profiles, local_to_utc
from salon_app.core.services.merchants import Capability, require_shop
from salon_app.core.services.rota.inputs import clock
from salon_app.core.services.rota.shop import shop_clock

LOOKBACK_WEEKS = 8
TARGET_LOAD = 0.6  # booked share of time on shift a shop plans for
UNDER_LOAD = 0.85
OVER_LOAD = 0.25
MIN_DEMAND = 0.25  # technician-hours: less than this is noise, not a reason to add anyone
BOOKED = (S.pending_service, S.in_service, S.completed, S.reviewed)
DEFAULT_HOURS = range(9, 21)  # shown when nothing happens all week

Grid = list[list[float]]  # [weekday][hour]


@dataclass(frozen=True)
class DemandCell:
    weekday: int  # 0 = Monday
    day: date  # the day of the coming week with this weekday
    hour: int  # local hour, 0-23
    past_per_week: float
    booked_ahead: float
    on_shift: float
    load: float | None  # expected / on shift; None when nobody is on shift
    flag: str  # "" | "under" | "over"


@dataclass(frozen=True)
class Suggestion:
    key: str  # rota.demand.add | rota.demand.remove
    params: dict  # weekday (int: the page names it as {day}), start, end, count
    flag: str


@dataclass(frozen=True)
class DemandGrid:
    first_day: date  # the coming week: first_day .. first_day + 6 days
    hours: list[int]  # the columns: hours from the first to the last with anything on
    rows: list[list[DemandCell]]  # one row per weekday, Monday first, one cell per hour
    suggestions: list[Suggestion]
    rule: dict[str, float] = field(default_factory=dict)


def _empty() -> Grid:
    return [[0.0] * 24 for _ in range(7)]


def spread(grid: Grid, start: datetime, end: datetime, tz: ZoneInfo, weight: float = 1.0) -> None:
    """Add the hours of [start, end) to the local (weekday, hour) cells they fall in."""
    at = start.astimezone(tz)
    end_local = end.astimezone(tz)
    while at < end_local:
        next_hour = (at.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)).astimezone(
            tz
        )
        stop = min(next_hour, end_local)
        grid[at.weekday()][at.hour] += (stop - at).total_seconds() / 3600 * weight
        at = stop


def _booked(
    session: Session, merchant_id: int, start: datetime, end: datetime, tz: ZoneInfo
) -> Grid:
    grid = _empty()
    rows = session.exec(
        select(Order.starts_at, Order.ends_at).where(
            Order.merchant_id == merchant_id,
            col(Order.status).in_(BOOKED),
            col(Order.starts_at) >= start,
            col(Order.starts_at) < end,
        )
    ).all()
    for starts_at, ends_at in rows:
        spread(grid, starts_at, ends_at, tz)
    return grid


def _on_shift(session: Session, merchant_id: int, first: date, tz: ZoneInfo) -> Grid:
    grid = _empty()
    ids = session.exec(
        select(Technician.id)
        .where(Technician.merchant_id == merchant_id, Technician.status == "active")
        .order_by(Technician.id)
    ).all()
    profiles = load_profiles(session, list(ids))
    last = first + timedelta(days=6)
    week = (local_to_utc(first, 0, tz), local_to_utc(last + timedelta(days=1), 0, tz))
    for calendar in load_calendars(session, profiles, first, last, with_jobs=False).values():
        for w in calendar.windows:
            spread(grid, max(w.start, week[0]), min(w.end, week[1]), tz)
    return grid


def _flag(expected: float, on_shift: float) -> str:
    if expected >= MIN_DEMAND and (on_shift <= 0 or expected / on_shift > UNDER_LOAD):
        return "under"
    if on_shift >= 2 and expected / on_shift < OVER_LOAD:
        return "over"
    return ""


def demand_view(session: Session, actor: Actor | None, now: datetime | None = None) -> DemandGrid:
    """The shop's demand grid for the coming week (see the module docstring for the rule)."""
    merchant_id = require_shop(session, actor, Capability.view_shop).merchant_id
    shop = shop_clock(session, merchant_id, now)
    tz, first = shop.tz, shop.today + timedelta(days=1)
    since = local_to_utc(shop.today - timedelta(weeks=LOOKBACK_WEEKS), 0, tz)
    past = _booked(session, merchant_id, since, local_to_utc(shop.today, 0, tz), tz)
    ahead = _booked(
        session, merchant_id, local_to_utc(first, 0, tz), local_to_utc(first, 7 * 24 * 60, tz), tz
    )
    staffed = _on_shift(session, merchant_id, first, tz)
    busy = [
        h for h in range(24) if any(past[d][h] or ahead[d][h] or staffed[d][h] for d in range(7))
    ]
    hours = list(range(busy[0], busy[-1] + 1)) if busy else list(DEFAULT_HOURS)
    days = {(first + timedelta(days=i)).weekday(): first + timedelta(days=i) for i in range(7)}
    rows = []
    for weekday in range(7):
        row = []
        for hour in hours:
            per_week = past[weekday][hour] / LOOKBACK_WEEKS
            expected = max(per_week, ahead[weekday][hour])
            on = staffed[weekday][hour]
            row.append(
                DemandCell(
                    weekday,
                    days[weekday],
                    hour,
                    round(per_week, 2),
                    round(ahead[weekday][hour], 2),
                    round(on, 2),
                    round(expected / on, 2) if on > 0 else None,
                    _flag(expected, on),
                )
            )
        rows.append(row)
    rule = {"under_load": UNDER_LOAD, "over_load": OVER_LOAD, "target_load": TARGET_LOAD}
    return DemandGrid(first, hours, rows, _suggestions(rows), rule)


def _need(cell: DemandCell) -> int:
    """Technicians this hour should have at the target load (at least one when flagged over)."""
    expected = max(cell.past_per_week, cell.booked_ahead)
    return math.ceil(round(expected / TARGET_LOAD, 6))


def _suggestions(rows: Iterable[list[DemandCell]]) -> list[Suggestion]:
    found = []
    for row in rows:
        run: list[DemandCell] = []
        for cell in [*row, None]:
            if cell is not None and cell.flag and (not run or run[-1].flag == cell.flag):
                run.append(cell)
                continue
            if run:
                found.append(_suggest(run))
            run = [cell] if cell is not None and cell.flag else []
    return found


def _suggest(run: list[DemandCell]) -> Suggestion:
    flag = run[0].flag
    if flag == "under":
        count = max(max(_need(c) - round(c.on_shift) for c in run), 1)
    else:
        count = max(min(round(c.on_shift) - max(1, _need(c)) for c in run), 1)
    params = {
        "weekday": run[0].weekday,
        "start": clock(run[0].hour * 60),
        "end": clock((run[-1].hour + 1) * 60),
        "count": count,
    }
    key = "rota.demand.add" if flag == "under" else "rota.demand.remove"
    return Suggestion(key, params, flag)
