"""A week of free starts as day chips and slot chips: days with no free time are marked full,
and the page opens on the first day that has some (a technician's day off is not a dead end)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from salon_app.components.format import day_choices, local_date, local_time

WEEK_DAYS = 7

Chip = dict[str, str]


def slot_week(starts: Sequence[datetime] | None) -> tuple[list[Chip], dict[str, list[Chip]]]:
    """(day chips, slot chips by ISO day) for the next WEEK_DAYS local days.

    A day chip has "open": "1" when it has a free start; with `starts` None (nothing to look up
    yet, e.g. no address for an at-home job) every day is open and has no slots.
    """
    days = day_choices(WEEK_DAYS)
    by_day: dict[str, list[Chip]] = {d["value"]: [] for d in days}
    for start in starts or ():
        slots = by_day.get(local_date(start))
        if slots is not None:
            slots.append({"value": start.isoformat(), "label": local_time(start)})
    for d in days:
        d["open"] = "1" if starts is None or by_day[d["value"]] else ""
    return days, by_day


def day_to_show(days: Sequence[Chip], wanted: str) -> str:
    """`wanted` when it is an open day of the week, else the first open day (else the first)."""
    if any(d["value"] == wanted and d["open"] for d in days):
        return wanted
    return next((d["value"] for d in days if d["open"]), days[0]["value"] if days else "")
