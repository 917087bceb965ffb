"""What a manager sends to change the rota, and the checks it passes before anything is written.

Times are the shop's local wall clock, "HH:MM" from 00:00 to 24:00 ("24:00" is midnight at the
end of the day); a shift lies inside its day (a night shift is two shifts on two days) and
ends after it starts. A day holds at most MAX_SHIFTS_PER_DAY shifts, none overlapping another
(touching is fine: 10:00-14:00 and 14:00-18:00 are one stretch of working time). A pattern
repeats every 1-4 weeks; it may not run longer than MAX_RANGE_DAYS, nor may a day set by
hand or time off lie further ahead than that; time off lasts at most MAX_TIME_OFF_DAYS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from salon_app.core.errors import DomainError

MAX_SHIFTS_PER_DAY = 4
CYCLE_WEEKS = range(1, 5)
MAX_RANGE_DAYS = 366
MAX_TIME_OFF_DAYS = 60
TEAM_MAX = 200  # technicians one ApplyPattern may cover
REASON_MAX = 200
DAY_MINUTES = 24 * 60
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")

Minutes = tuple[int, int]


@dataclass(frozen=True)
class ShiftTime:
    start: str  # "HH:MM", local
    end: str  # "HH:MM"; "24:00" is midnight at the end of the day


@dataclass(frozen=True)
class PatternShift:
    week: int  # 1..cycle_weeks: week 1 is the Monday-to-Sunday week holding the start date
    weekday: int  # 0 = Monday
    start: str
    end: str


@dataclass(frozen=True)
class SavePattern:
    """A new pattern for a technician, or (pattern_id) a new version of one."""

    technician_id: int
    cycle_weeks: int
    starts_on: date
    ends_on: date | None
    shifts: tuple[PatternShift, ...]
    pattern_id: int | None = None


@dataclass(frozen=True)
class ApplyPattern:
    """One pattern for several technicians at once (the team's rota from `starts_on`): for
    each, their pattern starting that day is created or replaced."""

    technician_ids: tuple[int, ...]
    cycle_weeks: int
    starts_on: date
    ends_on: date | None
    shifts: tuple[PatternShift, ...]


@dataclass(frozen=True)
class EndPattern:
    """The pattern stops after today (or goes, if it has not started yet)."""

    pattern_id: int


@dataclass(frozen=True)
class SetDay:
    """One day set by hand, whatever the pattern says: these shifts, or () for a day off."""

    technician_id: int
    day: date
    shifts: tuple[ShiftTime, ...]


@dataclass(frozen=True)
class ClearDay:
    """The day set by hand goes back to the pattern (or the weekly hours)."""

    technician_id: int
    day: date


@dataclass(frozen=True)
class AddTimeOff:
    """Whole local days away (leave, sick days), first_day to last_day inclusive."""

    technician_id: int
    first_day: date
    last_day: date
    reason: str = ""


@dataclass(frozen=True)
class RemoveTimeOff:
    time_off_id: int


RotaChange = (
    SavePattern | ApplyPattern | EndPattern | SetDay | ClearDay | AddTimeOff | RemoveTimeOff
)


def clock(minute: int) -> str:
    """540 -> "09:00"; 1440 -> "24:00"."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _minute(text: str) -> int:
    match = _CLOCK.match((text or "").strip())
    if match is None:
        raise DomainError("rota.time_invalid", time=text)
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59:
        raise DomainError("rota.time_invalid", time=text)
    return hours * 60 + minutes


def shift_minutes(start: str, end: str) -> Minutes:
    """A shift's (start, end) minutes after local midnight, inside 00:00-24:00."""
    first, last = _minute(start), _minute(end)
    if first >= DAY_MINUTES or last > DAY_MINUTES:
        raise DomainError("rota.shift_outside_day", start=start, end=end)
    if last <= first:
        raise DomainError("rota.shift_end_before_start", start=start, end=end)
    return first, last


def day_ranges(ranges: list[Minutes]) -> list[Minutes]:
    """One day's shifts, sorted; refuses too many and overlapping ones."""
    if len(ranges) > MAX_SHIFTS_PER_DAY:
        raise DomainError("rota.too_many_shifts", max=MAX_SHIFTS_PER_DAY)
    ranges = sorted(ranges)
    for (_, prev_end), (next_start, _) in pairwise(ranges):
        if next_start < prev_end:
            raise DomainError("rota.shifts_overlap", time=clock(next_start))
    return ranges


def pattern_slots(change: SavePattern | ApplyPattern) -> list[list[int]]:
    """The pattern's shifts as stored: [week, weekday, start, end], checked and sorted."""
    if not isinstance(change.cycle_weeks, int) or change.cycle_weeks not in CYCLE_WEEKS:
        raise DomainError("rota.cycle_weeks_invalid", low=CYCLE_WEEKS[0], high=CYCLE_WEEKS[-1])
    if change.ends_on is not None:
        if change.ends_on < change.starts_on:
            raise DomainError("rota.end_before_start")
        if (change.ends_on - change.starts_on).days >= MAX_RANGE_DAYS:
            raise DomainError("rota.range_too_long", days=MAX_RANGE_DAYS)
    by_day: dict[tuple[int, int], list[Minutes]] = {}
    for shift in change.shifts:
        if shift.week not in range(1, change.cycle_weeks + 1):
            raise DomainError("rota.week_invalid", weeks=change.cycle_weeks)
        if shift.weekday not in range(7):
            raise DomainError("rota.weekday_invalid")
        by_day.setdefault((shift.week, shift.weekday), []).append(
            shift_minutes(shift.start, shift.end)
        )
    return [
        [week, weekday, start, end]
        for (week, weekday), ranges in sorted(by_day.items())
        for start, end in day_ranges(ranges)
    ]


def within_reach(day: date, today: date) -> None:
    """A day set by hand or time off: from today on, at most MAX_RANGE_DAYS ahead."""
    if day < today:
        raise DomainError("rota.day_in_past")
    if (day - today).days >= MAX_RANGE_DAYS:
        raise DomainError("rota.range_too_long", days=MAX_RANGE_DAYS)


def time_off_days(change: AddTimeOff, today: date) -> None:
    if change.last_day < change.first_day:
        raise DomainError("rota.end_before_start")
    within_reach(change.first_day, today)
    within_reach(change.last_day, today)
    if (change.last_day - change.first_day).days >= MAX_TIME_OFF_DAYS:
        raise DomainError("rota.time_off_too_long", days=MAX_TIME_OFF_DAYS)
    if len((change.reason or "").strip()) > REASON_MAX:
        raise DomainError("validation.too_long", field="field.reason", max=REASON_MAX)
