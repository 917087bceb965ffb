"""Which backups a location keeps: grandfather-father-son.

Rule (per location, over its finished backups, newest first, days in settings.timezone):
keep the newest backup of each of the last `daily` days that have one, of each of the last
`weekly` ISO weeks that have one, and of each of the last `monthly` months that have one. A
backup kept by any of the three stays; every other finished backup is pruned (its object
deleted, its row kept as `pruned`). With 7/4/6 and a backup every few hours, that is at most
17 objects per location spanning about six months.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from salon_app.core.settings import get_settings


def _newest_per(
    taken: Sequence[tuple[int, datetime]], bucket: Callable[[date], Hashable], count: int
) -> set[int]:
    tz = ZoneInfo(get_settings().timezone)
    kept: set[int] = set()
    seen: set[Hashable] = set()
    for backup_id, at in sorted(taken, key=lambda t: (t[1], t[0]), reverse=True):
        if len(seen) >= count:
            break
        key = bucket(at.astimezone(tz).date())
        if key not in seen:
            seen.add(key)
            kept.add(backup_id)
    return kept


def to_keep(
    taken: Sequence[tuple[int, datetime]], daily: int, weekly: int, monthly: int
) -> set[int]:
    """The ids of (id, taken at) pairs the rule keeps (see the module docstring)."""
    return (
        _newest_per(taken, lambda d: d, daily)
        | _newest_per(taken, lambda d: d.isocalendar()[:2], weekly)
        | _newest_per(taken, lambda d: (d.year, d.month), monthly)
    )
