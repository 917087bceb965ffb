"""The test clock: pinned only in a test setting, then advancing with real time."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from salon_app.core import clock
from salon_app.core.clock import PinnedClock, local_today, utcnow, wall_utcnow

LONG_AGO = datetime(2020, 2, 29, 23, 30, tzinfo=UTC)


def _pin(monkeypatch, env: str, instant: datetime, anchor: float | None = None) -> None:
    monkeypatch.setenv("SALON_ENV", env)
    monkeypatch.setenv("SALON_TEST_CLOCK", str(PinnedClock(instant, anchor or time.time())))


def test_production_ignores_a_test_clock(monkeypatch):
    for env in ("production", ""):
        _pin(monkeypatch, env, LONG_AGO)
        assert clock.pinned_clock() is None
        assert abs(utcnow() - wall_utcnow()) < timedelta(seconds=5)


def test_a_pinned_clock_starts_at_its_instant_and_moves_with_real_time(monkeypatch):
    _pin(monkeypatch, "test", LONG_AGO, anchor=time.time() - 90)  # pinned 90 s ago
    now = utcnow()
    assert LONG_AGO + timedelta(seconds=90) <= now < LONG_AGO + timedelta(seconds=95)
    time.sleep(0.01)
    assert utcnow() > now  # timeouts and expiries still come


def test_every_process_with_the_same_setting_computes_the_same_now():
    text = "2026-12-09T16:30:00+00:00@1800000000.5"
    a, b = PinnedClock.parse(text), PinnedClock.parse(text)
    assert a == b == PinnedClock.parse(str(a))  # the string a run exports
    assert a.instant == datetime(2026, 12, 9, 16, 30, tzinfo=UTC) and a.anchor == 1800000000.5


def test_a_test_clock_without_a_utc_offset_is_refused():
    with pytest.raises(ValueError):
        PinnedClock.parse("2026-12-09T16:30:00@1800000000")


def test_today_is_the_shops_local_day(monkeypatch):
    _pin(monkeypatch, "test", LONG_AGO)  # 07:30 on 1 March in Shanghai
    assert local_today() == date(2020, 3, 1)
    assert local_today("UTC") == date(2020, 2, 29)
