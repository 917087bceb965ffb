"""Patterns become shifts: which pattern rules a day, and the Shift rows it generates.

* A technician's patterns form a timeline: a pattern rules from its start date until its end
  date or the day before the technician's next pattern starts, whichever comes first. Days
  no pattern rules keep the technician's weekly hours (WorkingHours).
* Week 1 of a cycle is the Monday-to-Sunday week holding the start date; a day is in week
  ((day - that Monday) // 7) % cycle_weeks + 1.
* A day a pattern rules gets its shifts for that week and weekday as Shift rows of kind
  "pattern"; a day the pattern leaves empty gets one zero-length row (a day off), so the
  weekly hours do not come back on it (availability_engine: shifts replace weekly hours).
* A day set by hand (kind "override") wins: the pattern writes nothing on it. Rows kept for
  a booked order (kind "keep") stay whatever is regenerated.
* Regenerating writes days from tomorrow (local) on, to GENERATE_DAYS ahead (at least two
  weeks past the booking horizon, so nobody books a day before it is generated); today and
  the past never change. Generation is idempotent: it replaces the "pattern" rows of the
  days it covers, so running it twice leaves the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from sqlalchemy import insert
from sqlmodel import Session, col, delete, select

from salon_app.core.models import Shift, ShiftPattern
from salon_app.core.services.rota.inputs import Minutes
from salon_app.core.settings import get_settings

GENERATE_DAYS = 12 * 7
PATTERN, OVERRIDE, KEEP = "pattern", "override", "keep"


def generate_until(today: date) -> date:
    """The last day generation writes when run today."""
    return today + timedelta(days=max(GENERATE_DAYS, get_settings().horizon_days + 14))


def cycle_week(pattern: ShiftPattern, day: date) -> int:
    """Which week of its cycle (1-based) `day` falls in."""
    anchor = pattern.starts_on - timedelta(days=pattern.starts_on.weekday())
    return (day - anchor).days // 7 % pattern.cycle_weeks + 1


def ruled_span(
    patterns: Sequence[ShiftPattern], index: int, first: date, last: date
) -> tuple[date, date]:
    """The days of first..last that patterns[index] rules (patterns sorted by start date);
    empty when the end comes before the start."""
    pattern = patterns[index]
    start, end = max(first, pattern.starts_on), last
    if pattern.ends_on is not None:
        end = min(end, pattern.ends_on)
    if index + 1 < len(patterns):
        end = min(end, patterns[index + 1].starts_on - timedelta(days=1))
    return start, end


def pattern_days(
    patterns: Sequence[ShiftPattern], first: date, last: date
) -> dict[date, list[Minutes]]:
    """Each day of first..last some pattern rules, with its shifts ([] for a day off)."""
    patterns = sorted(patterns, key=lambda p: p.starts_on)
    days: dict[date, list[Minutes]] = {}
    for index, pattern in enumerate(patterns):
        start, end = ruled_span(patterns, index, first, last)
        if end < start:
            continue
        slots = _by_week_day(pattern.slots)
        cycle = pattern.cycle_weeks
        anchor = pattern.starts_on - timedelta(days=pattern.starts_on.weekday())
        offset = (start - anchor).days
        for n in range((end - start).days + 1):
            at = offset + n  # days since the Monday of week 1
            days[start + timedelta(days=n)] = slots.get((at // 7 % cycle + 1, at % 7), [])
    return days


def _by_week_day(slots: Iterable[Sequence[int]]) -> dict[tuple[int, int], list[Minutes]]:
    out: dict[tuple[int, int], list[Minutes]] = {}
    for week, weekday, start, end in slots:
        out.setdefault((week, weekday), []).append((start, end))
    return out


def regenerate(
    session: Session, technician_ids: Sequence[int], merchant_id: int, first: date, last: date
) -> int:
    """Replace these technicians' "pattern" rows on first..last with what their patterns say
    now (not committed), a few statements for all of them; returns how many rows were written."""
    if last < first or not technician_ids:
        return 0
    ids = sorted(set(technician_ids))
    patterns: dict[int, list[ShiftPattern]] = {t: [] for t in ids}
    for pattern in session.exec(
        select(ShiftPattern)
        .where(col(ShiftPattern.technician_id).in_(ids))
        .order_by(ShiftPattern.technician_id, ShiftPattern.starts_on)
    ).all():
        patterns[pattern.technician_id].append(pattern)
    in_range = (
        col(Shift.technician_id).in_(ids),
        col(Shift.day) >= first,
        col(Shift.day) <= last,
    )
    session.exec(delete(Shift).where(*in_range, col(Shift.kind) == PATTERN))
    overridden = set(
        session.exec(
            select(Shift.technician_id, Shift.day).where(*in_range, Shift.kind == OVERRIDE)
        ).all()
    )
    rows = [
        {
            "technician_id": tech_id,
            "merchant_id": merchant_id,
            "day": day,
            "start_minute": start,
            "end_minute": end,
            "note": "",
            "kind": PATTERN,
            "order_id": None,
        }
        for tech_id in ids
        for day, ranges in pattern_days(patterns[tech_id], first, last).items()
        if (tech_id, day) not in overridden
        for start, end in ranges or [(0, 0)]
    ]
    if rows:  # Core executemany: no ORM bookkeeping for thousands of plain rows
        session.connection().execute(insert(Shift.__table__), rows)
    for pattern in (p for found in patterns.values() for p in found):
        reached = pattern.generated_until  # how far generation reaches without a gap
        if reached is None or first <= reached + timedelta(days=1) <= last:
            pattern.generated_until = last
            session.add(pattern)
    return len(rows)
