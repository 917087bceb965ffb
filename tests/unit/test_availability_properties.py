"""Availability properties on random worlds: what is offered is free, what is free is offered.

The pure engine is checked against a brute-force reading of the rules written here; one test
also goes through the database (free_slots / check_slot) to cover the loader.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from salon_app.core.errors import DomainError
from salon_app.core.models import Order
from salon_app.core.services.availability import check_slot, free_slots
from salon_app.core.services.availability.engine import (
    Job,
    Request,
    booking_limits,
    free_starts,
    refusal,
    working_windows,
)
from salon_app.core.services.availability.rules import buffer_after, travel_minutes
from salon_app.core.settings import get_settings
from tests.unit.test_availability import order, service, technician

SHENZHEN = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 3, 2)
MIDNIGHT = datetime(2026, 3, 2, tzinfo=SHENZHEN).astimezone(UTC)
SHOP = (22.5338, 114.0537)
DAYS = [MONDAY, MONDAY + timedelta(days=1)]

places = st.tuples(st.floats(22.45, 22.75), st.floats(113.85, 114.30))
ranges = st.tuples(
    st.integers(0, 92).map(lambda q: q * 15), st.integers(2, 48).map(lambda q: q * 15)
)


@st.composite
def worlds(draw: st.DrawFn) -> dict:
    """Weekly hours, a shift, time off, non-overlapping jobs, a request and a clock."""
    weekly = {
        d: [(a, min(a + n, 1440)) for a, n in draw(st.lists(ranges, max_size=2))] for d in (0, 1)
    }
    shifts = {}
    if draw(st.booleans()):
        shifts[DAYS[1]] = [(a, min(a + n, 1440)) for a, n in draw(st.lists(ranges, max_size=2))]
    time_off = []
    for start, length in draw(
        st.lists(st.tuples(st.integers(0, 2880), st.integers(10, 300)), max_size=2)
    ):
        begin = MIDNIGHT + timedelta(minutes=start)
        time_off.append((begin, begin + timedelta(minutes=length)))
    jobs, cursor = [], MIDNIGHT + timedelta(minutes=draw(st.integers(0, 600)))
    for _ in range(draw(st.integers(0, 8))):
        cursor += timedelta(minutes=draw(st.integers(0, 240)))
        minutes, at_home = draw(st.integers(15, 240)), draw(st.booleans())
        end = cursor + timedelta(minutes=minutes)
        block_end = end + buffer_after(at_home)
        jobs.append(Job(cursor, end, block_end, draw(places) if at_home else SHOP))
        cursor = block_end
    at_home = draw(st.booleans())
    request = Request(
        timedelta(minutes=draw(st.integers(1, 16)) * 15), at_home, draw(places) if at_home else SHOP
    )
    now = MIDNIGHT + timedelta(minutes=draw(st.integers(-600, 1440)))
    rules = replace(get_settings(), slot_step_minutes=draw(st.sampled_from([15, 30, 60])))
    return {
        "weekly": weekly,
        "shifts": shifts,
        "time_off": sorted(time_off),
        "jobs": jobs,
        "request": request,
        "now": now,
        "rules": rules,
    }


def _plain_conflict(start: datetime, w: dict) -> bool:
    """The rules read literally: overlap with any block, or too little travel to a neighbour."""
    req, rules, jobs = w["request"], w["rules"], w["jobs"]
    end = start + req.duration
    block_end = end + buffer_after(req.at_home, rules)
    if any(j.start < block_end and start < j.block_end for j in jobs):
        return True
    before = [j for j in jobs if j.block_end <= start]
    after = [j for j in jobs if j.start >= block_end]
    if before:
        prev = max(before, key=lambda j: j.end)
        if start - prev.end < timedelta(minutes=travel_minutes(prev.place, req.place, rules)):
            return True
    if after:
        nxt = min(after, key=lambda j: j.start)
        if nxt.start - end < timedelta(minutes=travel_minutes(req.place, nxt.place, rules)):
            return True
    return False


def _engine_inputs(w: dict) -> tuple:
    windows = working_windows(DAYS, w["weekly"], w["shifts"], w["time_off"], SHENZHEN)
    limits = booking_limits(w["now"], SHENZHEN, w["rules"])
    return windows, limits


@settings(max_examples=300, deadline=None, database=None)
@given(worlds())
def test_no_offered_start_overlaps_a_block_or_lacks_travel_time(w):
    windows, limits = _engine_inputs(w)
    offered = free_starts(windows, w["jobs"], w["request"], limits, w["rules"])
    assert offered == sorted(set(offered))
    for start in offered:
        assert not _plain_conflict(start, w)
        assert refusal(start, windows, w["jobs"], w["request"], limits, w["rules"]) is None
        local = start.astimezone(SHENZHEN)
        assert (local.hour * 60 + local.minute) % w["rules"].slot_step_minutes == 0


@settings(max_examples=300, deadline=None, database=None)
@given(worlds())
def test_every_free_start_on_the_grid_is_offered(w):
    windows, limits = _engine_inputs(w)
    offered = set(free_starts(windows, w["jobs"], w["request"], limits, w["rules"]))
    step = w["rules"].slot_step_minutes
    for minute in range(0, 2 * 1440, step):
        start = MIDNIGHT + timedelta(minutes=minute)
        end = start + w["request"].duration
        fits = any(win.start <= start and end <= win.end for win in windows)
        bookable = limits.earliest <= start < limits.latest
        expected = fits and bookable and not _plain_conflict(start, w)
        assert (start in offered) == expected, start.astimezone(SHENZHEN)


@settings(max_examples=300, deadline=None, database=None)
@given(worlds(), st.integers(0, 2 * 1440))
def test_check_slot_refuses_any_start_that_overlaps_a_block(w, minute):
    windows, limits = _engine_inputs(w)
    start = MIDNIGHT + timedelta(minutes=minute)
    key = refusal(start, windows, w["jobs"], w["request"], limits, w["rules"])
    if _plain_conflict(start, w):
        assert key is not None
    elif key is None:
        assert limits.earliest <= start < limits.latest


@settings(
    max_examples=15,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    hours=st.tuples(st.integers(16, 40), st.integers(4, 24)),
    bookings=st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8), st.booleans()), max_size=5),
    duration=st.integers(1, 8),
)
def test_through_the_database_offered_starts_pass_check_slot(session, hours, bookings, duration):
    start_q, length_q = hours
    opening = f"{start_q * 30 // 60:02d}:{start_q * 30 % 60:02d}"
    closing_min = min(start_q * 30 + length_q * 30, 1439)
    closing = f"{closing_min // 60:02d}:{closing_min % 60:02d}"
    tech = technician(session, {0: (opening, closing)})
    svc = service(session, duration * 30)
    now = MIDNIGHT - timedelta(hours=2)
    cursor = MIDNIGHT + timedelta(hours=7)
    for gap_q, length, at_home in bookings:
        cursor += timedelta(minutes=gap_q * 15)
        placed = order(session, tech, cursor, length * 15, place=(22.6, 114.1) if at_home else None)
        cursor = placed.block_end
    rows = session.exec(select(Order).where(Order.technician_id == tech.id)).all()
    blocks = [(o.block_start, o.block_end) for o in rows]
    offered = set(free_slots(session, tech.id, svc.id, MONDAY, 1, now=now))
    own_block = timedelta(minutes=svc.duration_min) + buffer_after(False)
    for minute in range(0, 1440, 30):
        start = MIDNIGHT + timedelta(minutes=minute)
        try:
            check_slot(session, tech.id, start, svc.duration_min, False, None, now=now)
        except DomainError:
            assert start not in offered
        else:
            assert start in offered
    for start in offered:
        assert all(not (s < start + own_block and start < e) for s, e in blocks)
