"""The one place that reads the time: always aware UTC.

`utcnow()` is the app's "now" for every rule, row and page. In a test setting only
(SALON_ENV=test), SALON_TEST_CLOCK="<ISO instant>@<unix time>" pins it to that instant at that
real moment, after which it advances with real time: every process given the same string
(pytest, the app's workers, the payment sandbox) computes the same now, and timeouts still pass.
Anywhere else the variable is ignored, with a warning (docs/decisions.md, "Test clock").

`wall_utcnow()` is real time, never pinned: only for protocol timestamps that the other side
checks against its own real clock (signature freshness, certificate validity), as the payment
SDKs do with time.time().
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from salon_app.core.settings import get_settings

TEST_ENV = "test"


@dataclass(frozen=True)
class PinnedClock:
    instant: datetime  # what "now" was ...
    anchor: float  # ... at this real unix time

    def now(self) -> datetime:
        return self.instant + timedelta(seconds=time.time() - self.anchor)

    def __str__(self) -> str:  # the SALON_TEST_CLOCK value
        return f"{self.instant.isoformat()}@{self.anchor:.6f}"

    @classmethod
    def parse(cls, text: str) -> PinnedClock:
        instant, _, anchor = text.partition("@")
        moment = datetime.fromisoformat(instant)
        if moment.tzinfo is None:
            raise ValueError(f"SALON_TEST_CLOCK needs a UTC offset: {text!r}")
        return cls(moment.astimezone(UTC), float(anchor) if anchor else time.time())


@lru_cache(maxsize=4)
def _pinned(env: str, test_clock: str) -> PinnedClock | None:
    if not test_clock:
        return None
    if env != TEST_ENV:
        logging.getLogger(__name__).warning(
            "SALON_TEST_CLOCK ignored: the clock is only pinned when SALON_ENV=test"
        )
        return None
    return PinnedClock.parse(test_clock)


def pinned_clock() -> PinnedClock | None:
    """The test clock in force, or None (always None outside a test setting)."""
    return _pinned(os.environ.get("SALON_ENV", ""), os.environ.get("SALON_TEST_CLOCK", ""))


def utcnow() -> datetime:
    pinned = pinned_clock()
    return datetime.now(UTC) if pinned is None else pinned.now()


def wall_utcnow() -> datetime:
    return datetime.now(UTC)


def local_today(zone: str | None = None) -> date:
    """Today in the shop's time zone (Asia/Shanghai unless configured): the day pages show."""
    return utcnow().astimezone(ZoneInfo(zone or get_settings().timezone)).date()
