"""The availability rules, pure: no database, only working time, jobs, a request and the clock.

`availability_data` loads what these functions need; `availability` is the public door.

* Working time on a local day D: the technician's weekly hours for D's weekday, unless the
  shop's rota has any Shift for them on D; then the shifts REPLACE the weekly hours for D
  (a zero-length shift, start == end, is a rota day off). Minutes count from local midnight in
  the shop's time zone (Merchant.timezone; independent technicians use settings.timezone); a
  range may run past midnight and still belongs to the day it starts on. TimeOff (UTC) is cut
  out of working time.
* An in-shop job also needs the shop open: working time is cut to the shop's business hours
  (Merchant.business_hours, local minutes per weekday; never set: all day) less its closures
  (ShopClosure, local days). At home, the shop's hours do not matter.
* The service itself, [start, start + duration), lies inside one stretch of working time; the
  buffer after it may run past closing time.
* The new job's block, [start, start + duration + buffer_after), overlaps no block of an order
  that holds a slot (unpaid holds included, exactly like the database constraint).
* Travel: from the end of the previous job to the new start there are at least
  travel_minutes(previous place -> new place), and from the new end to the next job's start
  travel_minutes(new place -> next place). A job happens at the customer's address (at home)
  or at the shop (in shop); an unknown place needs no travel.
* Offered starts lie on the slot_step grid counted from local midnight, no earlier than
  now + lead_minutes, and on or before the last day of the horizon (local today + horizon_days).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from salon_app.core.services.availability.rules import buffer_after, travel_minutes
from salon_app.core.services.geo import ROUGH_ERROR, Place, rough_km
from salon_app.core.settings import Settings

Minutes = tuple[int, int]  # (start, end) minutes after local midnight


class SealedPlace:
    """A job's place as stored, encrypted: opened (by the loader's `opener`) only when travel
    to or from that job has to be worked out, and then once (issue 13: a search decrypts
    the places it needs, not every order it reads)."""

    __slots__ = ("_opened", "_opener", "_tokens")

    def __init__(self, opener: Callable[..., Place | None], *tokens: object) -> None:
        self._opener, self._tokens = opener, tokens
        self._opened: Place | None = None

    def open(self) -> Place | None:
        if self._opened is None:
            self._opened = self._opener(*self._tokens)
        return self._opened


class Job(NamedTuple):
    """An order that holds a slot: its block, where its service ends, and where it happens."""

    start: datetime  # block_start, which is the service start
    end: datetime  # the service end (ends_at), before the buffer
    block_end: datetime
    place: Place | SealedPlace | None

    def where(self) -> Place | None:
        """The place, opened if it is still sealed."""
        return self.place.open() if isinstance(self.place, SealedPlace) else self.place


class Window(NamedTuple):
    """A stretch of working time in UTC; offered starts count from `grid_origin` (local 00:00)."""

    start: datetime
    end: datetime
    grid_origin: datetime


@dataclass(frozen=True)
class Request:
    """The job being placed: how long, at home or not, and where."""

    duration: timedelta
    at_home: bool
    place: Place | None


@dataclass(frozen=True)
class Limits:
    """Bookable starts: from `earliest` (now + lead) to before `latest` (end of the horizon)."""

    earliest: datetime
    latest: datetime
    today: date  # local


@lru_cache(maxsize=8192)
def local_to_utc(day: date, minute: int, tz: ZoneInfo) -> datetime:
    """UTC instant of `minute` minutes after local midnight of `day` (wall-clock minutes)."""
    local = datetime.combine(day, time(), tz) + timedelta(minutes=minute)
    return local.astimezone(UTC)


def booking_limits(now: datetime, tz: ZoneInfo, settings: Settings) -> Limits:
    """The lead time and the horizon, as instants; the horizon counts local days."""
    today = now.astimezone(tz).date()
    last_day = today + timedelta(days=settings.horizon_days)
    return Limits(
        earliest=now + timedelta(minutes=settings.lead_minutes),
        latest=local_to_utc(last_day + timedelta(days=1), 0, tz),
        today=today,
    )


def working_windows(
    days: Iterable[date],
    weekly: Mapping[int, Sequence[Minutes]],
    shifts: Mapping[date, Sequence[Minutes]],
    time_off: Sequence[tuple[datetime, datetime]],
    tz: ZoneInfo,
) -> list[Window]:
    """Working time on `days`: shifts replace the weekly hours of their day; time off is cut."""
    raw: list[Window] = []
    for day in days:
        ranges = shifts[day] if day in shifts else weekly.get(day.weekday(), ())
        if ranges:
            raw.extend(day_windows(day, tuple(sorted(ranges)), tz))
    merged: list[Window] = []
    for w in raw:  # in order already: days ascend and each day's windows are disjoint
        if merged and w.start <= merged[-1].end:  # a shift past midnight meets the next day
            last = merged[-1]
            merged[-1] = Window(last.start, max(last.end, w.end), last.grid_origin)
        else:
            merged.append(w)
    return _cut(merged, time_off) if time_off else merged


@lru_cache(maxsize=4096)
def day_windows(day: date, ranges: tuple[Minutes, ...], tz: ZoneInfo) -> tuple[Window, ...]:
    """One day's (start, end) minute ranges as merged UTC windows; shared by everyone with the
    same hours, which is most of a shop."""
    origin = local_to_utc(day, 0, tz)
    merged: list[Window] = []
    for start, end in ranges:  # sorted by start
        if end <= start:
            continue
        w = Window(local_to_utc(day, start, tz), local_to_utc(day, end, tz), origin)
        if merged and w.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Window(last.start, max(last.end, w.end), origin)
        else:
            merged.append(w)
    return tuple(merged)


ALL_DAY: Mapping[int, Sequence[Minutes]] = {d: ((0, 24 * 60),) for d in range(7)}


def shop_windows(
    days: Iterable[date],
    hours: Mapping[int, Sequence[Minutes]] | None,
    closed: Sequence[tuple[date, date]],
    tz: ZoneInfo,
) -> list[Window]:
    """When the shop is open on `days`: its business hours (None: never set, all day), less
    its closures (local first and last day, both included)."""
    off = sorted(
        (local_to_utc(a, 0, tz), local_to_utc(b + timedelta(days=1), 0, tz)) for a, b in closed
    )
    return working_windows(days, ALL_DAY if hours is None else hours, {}, off, tz)


def overlap(windows: Sequence[Window], open_: Sequence[Window]) -> list[Window]:
    """The parts of `windows` that lie inside `open_` (both sorted and disjoint); an in-shop
    job needs its technician working and the shop open."""
    kept: list[Window] = []
    j = 0
    for w in windows:
        while j < len(open_) and open_[j].end <= w.start:
            j += 1
        k = j
        while k < len(open_) and open_[k].start < w.end:
            start, end = max(w.start, open_[k].start), min(w.end, open_[k].end)
            if start < end:
                kept.append(Window(start, end, w.grid_origin))
            k += 1
    return kept


def _cut(windows: list[Window], time_off: Sequence[tuple[datetime, datetime]]) -> list[Window]:
    for off_start, off_end in time_off:
        kept: list[Window] = []
        for w in windows:
            if off_end <= w.start or w.end <= off_start:
                kept.append(w)
                continue
            if w.start < off_start:
                kept.append(Window(w.start, off_start, w.grid_origin))
            if off_end < w.end:
                kept.append(Window(off_end, w.end, w.grid_origin))
        windows = kept
    return windows


class Schedule:
    """A technician's jobs, sorted, ready to test one start after another for the request."""

    def __init__(self, jobs: Iterable[Job], request: Request, settings: Settings) -> None:
        self.jobs = sorted(jobs, key=lambda j: j.start)
        self.starts = [j.start for j in self.jobs]
        # latest[i]: the job among jobs[0..i] whose block ends last (blocks are disjoint in a
        # healthy database, but the check must stay right even if they are not).
        self.latest: list[int] = []
        for i, job in enumerate(self.jobs):
            last = self.latest[-1] if self.latest else i
            self.latest.append(i if job.block_end >= self.jobs[last].block_end else last)
        self.request = request
        self.settings = settings
        self.block = request.duration + buffer_after(request.at_home, settings)
        self._bounds: dict[int, tuple[int, int]] = {}
        self._travel: dict[tuple[int, bool], int] = {}

    def _travel_bounds(self, index: int) -> tuple[int, int]:
        """Minutes the travel between job `index` and the new job certainly is at least and at
        most, from the cheap great-circle distance; (0, 0) when there is nowhere to go."""
        bounds = self._bounds.get(index)
        if bounds is None:
            there, here = self.jobs[index].where(), self.request.place
            if there is None or here is None or there == here:
                bounds = (0, 0)
            else:
                minutes = rough_km(there, here) / self.settings.travel_speed_kmh * 60
                bounds = (
                    math.ceil(minutes * (1 - ROUGH_ERROR)),
                    math.ceil(minutes * (1 + ROUGH_ERROR)),
                )
            self._bounds[index] = bounds
        return bounds

    def short_of_travel(self, index: int, gap: timedelta, before: bool) -> bool:
        """True when `gap` is less than the travel from job `index` to the new job (`before`)
        or from the new job to it (booking_rules.travel_minutes, computed only when the
        bounds cannot tell). The gap is never negative once the blocks do not overlap."""
        low, high = self._travel_bounds(index)
        minutes = gap.total_seconds() / 60
        if minutes >= high:
            return False
        if minutes < low:
            return True
        exact = self._travel.get((index, before))
        if exact is None:
            there, here = self.jobs[index].where(), self.request.place
            origin, destination = (there, here) if before else (here, there)
            exact = self._travel[(index, before)] = travel_minutes(
                origin, destination, self.settings
            )
        return minutes < exact

    def conflicts(self, start: datetime) -> bool:
        """True when a job starting at `start` overlaps a block or lacks travel time."""
        end = start + self.request.duration
        k = bisect_left(self.starts, start + self.block)  # jobs[:k] start before our block ends
        if k:
            prev = self.latest[k - 1]
            if self.jobs[prev].block_end > start:
                return True
            if self.short_of_travel(prev, start - self.jobs[prev].end, before=True):
                return True
        return k < len(self.jobs) and self.short_of_travel(k, self.jobs[k].start - end, False)


def _grid(w: Window, duration: timedelta, limits: Limits, step: timedelta) -> range:
    """Indexes k of the starts w.grid_origin + k * step that fit `w` and the limits."""
    low = max(w.start, limits.earliest)
    high = min(w.end - duration, limits.latest - timedelta(microseconds=1))
    first = -((w.grid_origin - low) // step)  # ceil((low - origin) / step)
    return range(first, (high - w.grid_origin) // step + 1) if high >= low else range(0)


def iter_free_starts(
    windows: Sequence[Window], schedule: Schedule, limits: Limits, step_min: int
) -> Iterator[datetime]:
    """Free starts in time order: on the grid, inside working time, within lead and horizon."""
    step = timedelta(minutes=step_min)
    duration = schedule.request.duration
    for w in windows:
        for k in _grid(w, duration, limits, step):
            start = w.grid_origin + k * step
            if not schedule.conflicts(start):
                yield start


def first_start_without_jobs(
    windows: Sequence[Window], duration: timedelta, limits: Limits, step_min: int
) -> datetime | None:
    """The earliest start on the grid that fits working time, for someone with no jobs."""
    step = timedelta(minutes=step_min)
    for w in windows:
        steps = _grid(w, duration, limits, step)
        if steps:
            return w.grid_origin + steps[0] * step
    return None


def free_starts(
    windows: Sequence[Window],
    jobs: Iterable[Job],
    request: Request,
    limits: Limits,
    settings: Settings,
) -> list[datetime]:
    """Every start time (UTC) at which `request` fits; see the module docstring for the rules."""
    schedule = Schedule(jobs, request, settings)
    return list(iter_free_starts(windows, schedule, limits, settings.slot_step_minutes))


def refusal(
    start: datetime,
    windows: Sequence[Window],
    jobs: Iterable[Job],
    request: Request,
    limits: Limits,
    settings: Settings,
) -> str | None:
    """Why `request` cannot start at `start` (a message key), or None when it can.

    In order: before now + lead, after the horizon, outside working time (or in time off),
    overlapping a held block or lacking travel time. The grid is not required here.
    """
    if start < limits.earliest:
        return "booking.slot_in_past"
    if start >= limits.latest:
        return "booking.beyond_horizon"
    end = start + request.duration
    if not any(w.start <= start and end <= w.end for w in windows):
        return "booking.outside_hours"
    if Schedule(jobs, request, settings).conflicts(start):
        return "booking.slot_taken"
    return None
