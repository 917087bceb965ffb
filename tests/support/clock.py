"""The test run's clock: one instant per run, chosen from a seed, shared by every process.

Seeds spread over every minute of the week that starts today at 00:00 UTC (real time picks
only that base date), so runs over a week cover all hours and weekdays, in UTC and locally.
SALON_TEST_NOW (an ISO instant) replays a run exactly, on any date.
"""

from __future__ import annotations

import os
import random
import shlex
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from salon_app.core.clock import TEST_ENV, PinnedClock, wall_utcnow

WEEK_MINUTES = 7 * 24 * 60
LOCAL_ZONE = "Asia/Shanghai"  # the demo city's zone, for the header only
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def instant_for_seed(seed: int) -> datetime:
    start = wall_utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    return start + timedelta(minutes=seed % WEEK_MINUTES)


def parse_instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def pin(seed: int | None) -> tuple[PinnedClock, int | None]:
    """Pin this process and its children (app server, sandbox) to the run's instant. A worker
    of `pytest -n` keeps the clock its controller pinned (inherited in SALON_TEST_CLOCK)."""
    if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get("SALON_TEST_CLOCK"):
        return PinnedClock.parse(os.environ["SALON_TEST_CLOCK"]), seed
    if os.environ.get("SALON_TEST_NOW"):
        instant = parse_instant(os.environ["SALON_TEST_NOW"])
        seed = None
    else:
        if seed is None:
            seed = random.SystemRandom().randrange(WEEK_MINUTES)
        instant = instant_for_seed(seed)
    clock = PinnedClock(instant, time.time())
    os.environ["SALON_ENV"] = TEST_ENV
    os.environ["SALON_TEST_CLOCK"] = str(clock)
    return clock, seed


def header(clock: PinnedClock, seed: int | None, args: tuple[str, ...]) -> list[str]:
    local = clock.instant.astimezone(ZoneInfo(LOCAL_ZONE))
    utc = clock.instant
    how = f"seed {seed}" if seed is not None else "from SALON_TEST_NOW"
    kept, skip = [], False
    for arg in args:  # the seed is replaced by the instant it picked
        if not skip and not arg.startswith("--clock-seed"):
            kept.append(arg)
        skip = arg == "--clock-seed"
    stack = [
        f"{k}={os.environ[k]}"
        for k in ("SALON_TEST_DATABASE", "SALON_E2E_STACK")
        if k in os.environ
    ]
    command = " ".join(
        [*stack, f"SALON_TEST_NOW={utc.isoformat()}", ".venv/bin/pytest"]
        + [shlex.quote(a) for a in kept]
    )
    return [
        f"clock: {utc.isoformat()} ({WEEKDAYS[utc.weekday()]} {utc:%H:%M} UTC, "
        f"{WEEKDAYS[local.weekday()]} {local:%Y-%m-%d %H:%M} {LOCAL_ZONE}; {how})",
        f"replay: {command}",
    ]
