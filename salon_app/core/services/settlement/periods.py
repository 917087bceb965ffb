"""The periods statements cover: whole local days (settings.timezone) from `first` to `last`.

A month is the usual period ("2026-11", what the monthly job freezes); any other range may be
asked for on screen, at most MAX_DAYS days long, first no later than last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from salon_app.core.errors import DomainError
from salon_app.core.settings import get_settings

MAX_DAYS = 366


@dataclass(frozen=True)
class Span:
    first: date
    last: date

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(get_settings().timezone)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), self.tz)

    @property
    def end(self) -> datetime:
        """The first instant after the span (local midnight after `last`)."""
        return datetime.combine(self.last + timedelta(days=1), time(), self.tz)

    @property
    def month(self) -> str | None:
        """ "2026-11" when the span is exactly one calendar month, else None."""
        whole = self.first.day == 1 and (self.last + timedelta(days=1)).day == 1
        same = (self.first.year, self.first.month) == (self.last.year, self.last.month)
        return f"{self.first:%Y-%m}" if whole and same else None


def span(first: object, last: object) -> Span:
    """The asked range, checked (settlement.range_invalid, settlement.range_too_long)."""
    if not isinstance(first, date) or not isinstance(last, date) or first > last:
        raise DomainError("settlement.range_invalid")
    if (last - first).days + 1 > MAX_DAYS:
        raise DomainError("settlement.range_too_long", days=MAX_DAYS)
    return Span(first, last)


def month_span(period: str) -> Span:
    """The local calendar month "2026-11" (else settlement.range_invalid)."""
    try:
        if len(period) != 7 or period[4] != "-":
            raise ValueError(period)
        first = date(int(period[:4]), int(period[5:7]), 1)
    except (TypeError, ValueError):
        raise DomainError("settlement.range_invalid") from None
    return Span(first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1))
