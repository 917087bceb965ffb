"""Rota patterns generate shifts: the right dates, the end date, overrides and time off win,
regeneration is idempotent and never touches the past; bad input changes nothing; a shop
touches only its own technicians."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import MERCHANT_PHONE
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import (
    MerchantStaff,
    Notification,
    Shift,
    ShiftPattern,
    Technician,
    TimeOff,
    User,
)
from salon_app.core.services import auth, availability, rota
from salon_app.core.services.access import Actor
from salon_app.core.services.availability.data import zone
from salon_app.core.services.rota import (
    AddTimeOff,
    ApplyPattern,
    ClearDay,
    EndPattern,
    PatternShift,
    SavePattern,
    SetDay,
    ShiftTime,
)
from salon_app.core.services.rota.generation import GENERATE_DAYS, cycle_week


@pytest.fixture
def manager(demo_session: Session) -> Actor:
    return auth.log_in(demo_session, MERCHANT_PHONE, DEMO_PASSWORD).actor


@pytest.fixture
def other_manager(demo_session: Session, manager: Actor) -> Actor:
    """The owner of another shop (shop B)."""
    staff, user = demo_session.exec(
        select(MerchantStaff, User)
        .join(User, User.id == MerchantStaff.user_id)
        .where(MerchantStaff.merchant_id != manager.merchant_id)
        .order_by(MerchantStaff.id)
    ).first()
    return Actor(user.id, "merchant", user.display_name, merchant_id=staff.merchant_id)


def today() -> date:
    return utcnow().astimezone(zone("Asia/Shanghai")).date()


def next_monday(after_days: int = 2) -> date:
    day = today() + timedelta(days=after_days)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def rows(session: Session, tech_id: int, first: date, last: date) -> dict[date, list[tuple]]:
    """The technician's shift rows per day: (start, end, kind), in order."""
    out: dict[date, list[tuple]] = {}
    for s in session.exec(
        select(Shift)
        .where(Shift.technician_id == tech_id, Shift.day >= first, Shift.day <= last)
        .order_by(Shift.day, Shift.start_minute, Shift.id)
    ):
        out.setdefault(s.day, []).append((s.start_minute, s.end_minute, s.kind))
    return out


def mine(session: Session, tech_id: int) -> int:
    """The id of the technician's one pattern."""
    return session.exec(select(ShiftPattern.id).where(ShiftPattern.technician_id == tech_id)).one()


def two_week_pattern(tech_id: int, starts_on: date, ends_on: date | None) -> SavePattern:
    return SavePattern(
        tech_id,
        2,
        starts_on,
        ends_on,
        (
            PatternShift(1, 0, "10:00", "14:00"),  # week 1 Monday, two shifts
            PatternShift(1, 0, "15:00", "19:00"),
            PatternShift(1, 5, "09:00", "24:00"),  # week 1 Saturday, to midnight
            PatternShift(2, 1, "12:00", "20:00"),  # week 2 Tuesday
        ),
    )


def counts(session: Session) -> tuple[int, int, int]:
    return tuple(
        session.exec(select(func.count()).select_from(model)).one()
        for model in (Shift, ShiftPattern, TimeOff)
    )


def test_a_two_week_cycle_lands_on_the_right_dates_across_a_month(demo_session, manager, tech):
    monday = next_monday()
    end = monday + timedelta(days=30)  # week 1's Wednesday, five weeks on
    result = rota.apply_change(
        demo_session, manager, two_week_pattern(tech.technician_id, monday, end)
    )
    assert result.outcomes == []
    got = rows(demo_session, tech.technician_id, today() - timedelta(days=1), end + timedelta(7))
    morning, evening, saturday = (
        (600, 840, "pattern"),
        (900, 1140, "pattern"),
        (540, 1440, "pattern"),
    )
    tuesday, off = (720, 1200, "pattern"), [(0, 0, "pattern")]
    expected = {}
    for offset in range(31):
        expected[monday + timedelta(days=offset)] = off
    for week_start in (0, 14, 28):  # cycle week 1: days 0-6, 14-20, 28-30
        expected[monday + timedelta(days=week_start)] = [morning, evening]
        if week_start + 5 <= 30:
            expected[monday + timedelta(days=week_start + 5)] = [saturday]
    for week_start in (7, 21):  # cycle week 2
        expected[monday + timedelta(days=week_start + 1)] = [tuesday]
    assert got == expected  # nothing before the start, nothing after the end date
    assert monday + timedelta(days=22) in got and got[monday + timedelta(days=22)] == [tuesday]
    pattern = demo_session.exec(
        select(ShiftPattern).where(ShiftPattern.technician_id == tech.technician_id)
    ).one()
    assert cycle_week(pattern, monday + timedelta(29)) == 1


def test_customers_free_times_follow_the_generated_shifts_at_once(demo_session, manager, tech):
    monday = next_monday()
    rota.apply_change(demo_session, manager, two_week_pattern(tech.technician_id, monday, None))
    tz = zone("Asia/Shanghai")
    tuesday_week2 = monday + timedelta(days=8)
    starts = availability.free_starts(demo_session, tech.technician_id, 60, tuesday_week2, 1)
    local = [s.astimezone(tz).strftime("%H:%M") for s in starts]
    assert local[0] == "12:00" and local[-1] == "19:00"
    assert (
        availability.free_starts(demo_session, tech.technician_id, 60, monday + timedelta(1), 1)
        == []
    )


def test_a_week_starting_midweek_counts_from_its_monday(demo_session, manager, tech):
    wednesday = next_monday() + timedelta(days=2)
    change = SavePattern(
        tech.technician_id, 2, wednesday, None, (PatternShift(2, 0, "10:00", "18:00"),)
    )
    rota.apply_change(demo_session, manager, change)
    got = rows(demo_session, tech.technician_id, wednesday, wednesday + timedelta(days=13))
    # Week 1 is the Monday-to-Sunday week holding the Wednesday; week 2's Monday is 5 days on.
    worked = [d for d, r in got.items() if r != [(0, 0, "pattern")]]
    assert worked == [wednesday + timedelta(days=5)]


def test_patterns_are_generated_twelve_weeks_ahead_from_tomorrow(demo_session, manager, tech):
    started = today() - timedelta(days=10)
    rota.apply_change(demo_session, manager, two_week_pattern(tech.technician_id, started, None))
    got = rows(demo_session, tech.technician_id, started, today() + timedelta(days=200))
    assert min(got) == today() + timedelta(days=1)  # today and the past never change
    assert max(got) == today() + timedelta(days=GENERATE_DAYS)


def test_regenerating_replaces_only_future_pattern_rows_and_is_idempotent(
    demo_session, manager, tech
):
    monday = next_monday()
    change = two_week_pattern(tech.technician_id, monday, None)
    rota.apply_change(demo_session, manager, change)
    rota.apply_change(demo_session, manager, SetDay(tech.technician_id, monday, ()))
    before = counts(demo_session)
    pattern_id = mine(demo_session, tech.technician_id)
    rota.apply_change(demo_session, manager, replace(change, pattern_id=pattern_id))  # again
    assert counts(demo_session) == before
    edited = SavePattern(
        tech.technician_id, 1, monday, None, (PatternShift(1, 0, "11:00", "12:00"),), pattern_id
    )
    rota.apply_change(demo_session, manager, edited)
    got = rows(demo_session, tech.technician_id, monday, monday + timedelta(days=14))
    assert got[monday] == [(0, 0, "override")]  # the day set by hand survives
    assert got[monday + timedelta(days=7)] == [(660, 720, "pattern")]
    assert got[monday + timedelta(days=14)] == [(660, 720, "pattern")]


def test_a_day_set_by_hand_wins_and_clearing_it_brings_the_pattern_back(
    demo_session, manager, tech
):
    monday = next_monday()
    rota.apply_change(demo_session, manager, two_week_pattern(tech.technician_id, monday, None))
    day = monday + timedelta(days=1)  # a pattern day off
    rota.apply_change(
        demo_session,
        manager,
        SetDay(tech.technician_id, day, (ShiftTime("13:00", "17:00"), ShiftTime("09:00", "12:00"))),
    )
    assert rows(demo_session, tech.technician_id, day, day)[day] == [
        (540, 720, "override"),
        (780, 1020, "override"),
    ]
    assert availability.free_starts(demo_session, tech.technician_id, 60, day, 1)
    rota.apply_change(demo_session, manager, ClearDay(tech.technician_id, day))
    assert rows(demo_session, tech.technician_id, day, day)[day] == [(0, 0, "pattern")]
    assert availability.free_starts(demo_session, tech.technician_id, 60, day, 1) == []


def test_time_off_wins_over_the_pattern(demo_session, manager, tech):
    monday = next_monday()
    rota.apply_change(demo_session, manager, two_week_pattern(tech.technician_id, monday, None))
    assert availability.free_starts(demo_session, tech.technician_id, 60, monday, 1)
    rota.apply_change(demo_session, manager, AddTimeOff(tech.technician_id, monday, monday, "事假"))
    assert availability.free_starts(demo_session, tech.technician_id, 60, monday, 1) == []
    week = rota.rota_days(demo_session, manager, monday, 7)
    mine = next(r for r in week if r.technician_id == tech.technician_id)
    assert [d.time_off for d in mine.days] == [True] + [False] * 6
    assert [s.start for s in mine.days[0].shifts] == ["10:00", "15:00"]


def test_ending_a_pattern_brings_back_the_weekly_hours_and_tells_the_technician(
    demo_session, manager, tech
):
    started = today() - timedelta(days=3)
    rota.apply_change(demo_session, manager, two_week_pattern(tech.technician_id, started, None))
    (pattern,) = [
        p
        for p in rota.list_patterns(demo_session, manager)
        if p.technician_id == tech.technician_id
    ]
    assert (pattern.cycle_weeks, pattern.technician_id) == (2, tech.technician_id)
    rota.apply_change(demo_session, manager, EndPattern(pattern.id))
    assert demo_session.get(ShiftPattern, pattern.id).ends_on == today()
    assert (
        rows(demo_session, tech.technician_id, today() + timedelta(1), today() + timedelta(99))
        == {}
    )
    notes = demo_session.exec(
        select(Notification.key).where(Notification.user_id == tech.user_id)
    ).all()
    assert notes.count("rota.notify.changed") == 2


def test_the_upkeep_job_generates_open_patterns_on_as_days_pass(demo_session, manager, tech):
    rota.apply_change(
        demo_session, manager, two_week_pattern(tech.technician_id, next_monday(), None)
    )
    assert rota.extend_rotas(demo_session) == 0  # generated far enough already
    later = utcnow() + timedelta(days=10)
    with_patterns = {p.technician_id for p in rota.list_patterns(demo_session, manager)}
    assert rota.extend_rotas(demo_session, now=later) == len(with_patterns) == 4  # 3 in the demo
    assert rota.extend_rotas(demo_session, now=later) == 0
    got = rows(demo_session, tech.technician_id, today(), today() + timedelta(days=200))
    assert max(got) == today() + timedelta(days=10 + GENERATE_DAYS)
    assert len(got) == (max(got) - min(got)).days + 1  # no gap


# -- bad input: a clear message, nothing changed ---------------------------------------------


def _bad_changes(tech_id: int) -> list[tuple[object, str]]:
    monday = next_monday()
    shift = PatternShift(1, 0, "10:00", "18:00")
    return [
        (SavePattern(tech_id, 0, monday, None, (shift,)), "rota.cycle_weeks_invalid"),
        (SavePattern(tech_id, 5, monday, None, (shift,)), "rota.cycle_weeks_invalid"),
        (SavePattern(tech_id, 1, monday, monday - timedelta(1), (shift,)), "rota.end_before_start"),
        (SavePattern(tech_id, 1, monday, monday + timedelta(400), (shift,)), "rota.range_too_long"),
        (
            SavePattern(tech_id, 1, monday, None, (shift, PatternShift(1, 0, "17:00", "20:00"))),
            "rota.shifts_overlap",
        ),
        (
            SavePattern(tech_id, 1, monday, None, (PatternShift(2, 0, "10:00", "12:00"),)),
            "rota.week_invalid",
        ),
        (SetDay(tech_id, monday, (ShiftTime("22:00", "25:00"),)), "rota.shift_outside_day"),
        (SetDay(tech_id, monday, (ShiftTime("22:00", "24:30"),)), "rota.shift_outside_day"),
        (SetDay(tech_id, monday, (ShiftTime("14:00", "10:00"),)), "rota.shift_end_before_start"),
        (SetDay(tech_id, monday, (ShiftTime("9点", "10:00"),)), "rota.time_invalid"),
        (SetDay(tech_id, today() - timedelta(1), ()), "rota.day_in_past"),
        (SetDay(tech_id, today() + timedelta(400), ()), "rota.range_too_long"),
        (AddTimeOff(tech_id, monday, monday + timedelta(100)), "rota.time_off_too_long"),
        (AddTimeOff(tech_id, monday, monday - timedelta(1)), "rota.end_before_start"),
    ]


def test_bad_input_gets_a_clear_message_and_changes_nothing(demo_session, manager, tech):
    before = counts(demo_session)
    for change, key in _bad_changes(tech.technician_id):
        for call in (rota.preview_change, rota.apply_change):
            with pytest.raises(DomainError) as err:
                call(demo_session, manager, change)
            assert err.value.key == key, change
    assert counts(demo_session) == before
    with pytest.raises(DomainError) as err:
        rota.rota_days(demo_session, manager, today(), 40)
    assert err.value.key == "rota.range_too_long"


def test_two_patterns_of_a_technician_may_not_start_on_the_same_day(demo_session, manager, tech):
    change = two_week_pattern(tech.technician_id, next_monday(), None)
    rota.apply_change(demo_session, manager, change)
    with pytest.raises(DomainError) as err:
        rota.apply_change(demo_session, manager, change)  # a new one, not an edit
    assert err.value.key == "rota.pattern_same_start"


def test_a_later_pattern_takes_over_from_its_start(demo_session, manager, tech):
    monday = next_monday()
    rota.apply_change(demo_session, manager, two_week_pattern(tech.technician_id, monday, None))
    later = monday + timedelta(days=14)
    rota.apply_change(
        demo_session,
        manager,
        SavePattern(tech.technician_id, 1, later, None, (PatternShift(1, 0, "08:00", "09:00"),)),
    )
    got = rows(demo_session, tech.technician_id, monday, later)
    assert got[monday] == [(600, 840, "pattern"), (900, 1140, "pattern")]
    assert got[later] == [(480, 540, "pattern")]


# -- one shop never touches another ----------------------------------------------------------


def test_a_shop_b_manager_is_refused_shop_a_technicians_and_patterns(
    demo_session, manager, other_manager, tech
):
    rota.apply_change(
        demo_session, manager, two_week_pattern(tech.technician_id, next_monday(), None)
    )
    before = counts(demo_session)
    pattern_id = mine(demo_session, tech.technician_id)
    refused = [
        (two_week_pattern(tech.technician_id, next_monday() + timedelta(7), None), "technician"),
        (SetDay(tech.technician_id, next_monday(), ()), "technician"),
        (AddTimeOff(tech.technician_id, next_monday(), next_monday()), "technician"),
        (EndPattern(pattern_id), "pattern"),
    ]
    for change, what in refused:
        for call in (rota.preview_change, rota.apply_change):
            with pytest.raises(DomainError) as err:
                call(demo_session, other_manager, change)
            assert err.value.key in ("rota.technician_not_in_shop", "rota.pattern_not_found"), what
    assert counts(demo_session) == before
    assert rota.list_patterns(demo_session, other_manager) == []
    theirs = rota.rota_days(demo_session, other_manager, today(), 7)
    ours = {
        t.id
        for t in demo_session.exec(select(Technician)).all()
        if t.merchant_id == manager.merchant_id
    }
    assert theirs and not ours & {r.technician_id for r in theirs}


def test_only_shop_staff_change_the_rota(demo_session, customer, tech):
    change = two_week_pattern(tech.technician_id, next_monday(), None)
    for actor in (customer, tech, None):
        with pytest.raises(PermissionDenied):
            rota.apply_change(demo_session, actor, change)
        with pytest.raises(PermissionDenied):
            rota.demand_view(demo_session, actor)


def test_one_pattern_applied_to_a_team_is_each_ones_pattern_from_that_day(
    demo_session, manager, other_manager, tech
):
    team = demo_session.exec(
        select(Technician.id)
        .where(Technician.merchant_id == manager.merchant_id)
        .order_by(Technician.id)
        .limit(3)
    ).all()
    monday = next_monday()
    shifts = (PatternShift(1, 0, "10:00", "18:00"),)
    rota.apply_change(demo_session, manager, ApplyPattern(tuple(team), 1, monday, None, shifts))
    later = (PatternShift(1, 0, "12:00", "20:00"),)
    result = rota.apply_change(
        demo_session, manager, ApplyPattern(tuple(team), 1, monday, None, later)
    )
    assert result.technician_ids == sorted(team)
    patterns = [p for p in rota.list_patterns(demo_session, manager) if p.starts_on == monday]
    assert sorted(p.technician_id for p in patterns) == sorted(team)  # replaced, not doubled
    for tech_id in team:
        assert rows(demo_session, tech_id, monday, monday)[monday] == [(720, 1200, "pattern")]
    stranger = demo_session.exec(
        select(Technician.id).where(Technician.merchant_id == other_manager.merchant_id)
    ).first()
    before = counts(demo_session)
    with pytest.raises(DomainError) as err:  # one outsider refuses the whole team change
        rota.apply_change(
            demo_session, manager, ApplyPattern((*team, stranger), 1, monday, None, shifts)
        )
    assert err.value.key == "rota.technician_not_in_shop"
    with pytest.raises(DomainError) as err:
        rota.apply_change(demo_session, manager, ApplyPattern((), 1, monday, None, shifts))
    assert err.value.key == "rota.team_size_invalid"
    assert counts(demo_session) == before


def test_the_demo_shop_has_a_two_week_pattern_for_its_beauty_team(demo_session, manager):
    patterns = rota.list_patterns(demo_session, manager)
    assert len(patterns) == 3 and {p.cycle_weeks for p in patterns} == {2}
    week = rota.rota_days(demo_session, manager, today() + timedelta(days=1), 7)
    theirs = [r for r in week if r.technician_id in {p.technician_id for p in patterns}]
    kinds = {s.kind for r in theirs for d in r.days for s in d.shifts}
    assert kinds == {"pattern"}
