"""Availability: hand-computed worlds of one technician, their hours, rota, time off and jobs.

Figures assume the default booking settings (checked below): 60 min lead, 30-day horizon,
30-min grid, 20 km/h between jobs, 15 min after at-home jobs, 10 min after in-shop jobs.
Shenzhen has no daylight saving: local = UTC + 8.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from geopy.distance import geodesic

from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Merchant,
    Order,
    Service,
    ServiceCategory,
    Shift,
    Technician,
    TimeOff,
    User,
    WorkingHours,
)
from salon_app.core.services.availability import (
    check_slot,
    free_slots,
    live_status,
    next_free_slots,
)
from salon_app.core.services.availability.rules import block_for, travel_minutes
from salon_app.core.settings import get_settings

SHENZHEN = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=SHENZHEN).astimezone(UTC)  # Monday 08:00 local
SHOP = (22.5338, 114.0537)  # 会展中心
CHEGONGMIAO = (22.5405, 114.0290)
LIANTANG = (22.5575, 114.1560)
_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _default_rules():
    s = get_settings()
    rules = (s.lead_minutes, s.horizon_days, s.slot_step_minutes, s.travel_speed_kmh)
    buffers = (s.travel_min_buffer_min, s.shop_buffer_min)
    assert (rules, buffers) == ((60, 30, 30, 20.0), (15, 10)), "tests assume default settings"


def at(day: date, hhmm: str, tz: ZoneInfo = SHENZHEN) -> datetime:
    """A local wall-clock time as aware UTC."""
    return datetime.combine(day, time.fromisoformat(hhmm), tz).astimezone(UTC)


def hm(slots: list[datetime], tz: ZoneInfo = SHENZHEN) -> list[str]:
    return [s.astimezone(tz).strftime("%H:%M") for s in slots]


# -- building the world ------------------------------------------------------------------


def _user(session, role: str) -> User:
    n = next(_seq)
    user = User(
        phone=f"+86139{n:08d}",
        phone_hash=f"hash-{n}",
        password_hash="x",
        display_name=f"用户{n}",
        role=role,
        created_at=NOW,
    )
    session.add(user)
    session.flush()
    return user


def technician(
    session,
    hours: dict[int, tuple[str, str]],
    shop: tuple[float, float] | None = SHOP,
    tz: str = "Asia/Shanghai",
) -> Technician:
    """A technician with weekly hours {weekday: ("10:00", "13:00")}, in a shop at `shop`."""
    merchant = None
    if shop is not None:
        merchant = Merchant(
            name="测试店",
            address="深圳市福田区福华三路268号",
            lat=shop[0],
            lng=shop[1],
            contact_phone="0755-80000000",
            timezone=tz,
            created_at=NOW,
        )
        session.add(merchant)
        session.flush()
    tech = Technician(
        user_id=_user(session, "technician").id,
        merchant_id=merchant.id if merchant else None,
        display_name="测试技师",
        gender="female",
        created_at=NOW,
    )
    session.add(tech)
    session.flush()
    for weekday, (start, end) in hours.items():
        session.add(
            WorkingHours(
                technician_id=tech.id,
                weekday=weekday,
                start_minute=_minutes(start),
                end_minute=_minutes(end),
            )
        )
    session.commit()
    return tech


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def service(session, minutes: int, at_home: bool = False) -> Service:
    category = ServiceCategory(slug=f"c{next(_seq)}", name="测试")
    session.add(category)
    session.flush()
    svc = Service(
        category_id=category.id,
        slug=f"s{next(_seq)}",
        name="测试服务",
        price_min_fen=1000,
        price_max_fen=2000,
        duration_min=minutes,
        at_home=at_home,
        in_shop=not at_home,
        published_at=NOW - timedelta(days=30),
    )
    session.add(svc)
    session.commit()
    return svc


def order(
    session,
    tech: Technician,
    starts: datetime,
    minutes: int,
    place: tuple[float, float] | None = None,
    status: str = "pending_service",
) -> Order:
    """A job of `minutes` at the customer's `place` (at home) or, without one, in the shop."""
    ends = starts + timedelta(minutes=minutes)
    block_start, block_end = block_for(starts, ends, at_home=place is not None)
    row = Order(
        code=f"T{next(_seq)}",
        customer_id=_user(session, "customer").id,
        technician_id=tech.id,
        merchant_id=tech.merchant_id,
        status=status,
        starts_at=starts,
        ends_at=ends,
        block_start=block_start,
        block_end=block_end,
        holds_slot=status in ("pending_payment", "pending_service", "in_service"),
        at_home=place is not None,
        lat=place[0] if place else None,
        lng=place[1] if place else None,
        total_fen=1000,
        created_at=NOW - timedelta(days=1),
    )
    session.add(row)
    session.commit()
    return row


def shift(session, tech: Technician, day: date, start: str, end: str) -> None:
    row = Shift(
        technician_id=tech.id,
        merchant_id=tech.merchant_id,
        day=day,
        start_minute=_minutes(start),
        end_minute=_minutes(end),
    )
    session.add(row)
    session.commit()


def time_off(session, tech: Technician, starts: datetime, ends: datetime) -> None:
    session.add(TimeOff(technician_id=tech.id, starts_at=starts, ends_at=ends))
    session.commit()


def monday_slots(session, tech, svc, place=None, now=NOW) -> list[str]:
    return hm(free_slots(session, tech.id, svc.id, MONDAY, 1, at=place, now=now))


# -- working time --------------------------------------------------------------------------


def test_weekly_hours_give_starts_on_the_half_hour_grid(session):
    tech = technician(session, {0: ("10:00", "13:00")})
    svc = service(session, 60)
    slots = free_slots(session, tech.id, svc.id, MONDAY, 1, now=NOW)
    assert hm(slots) == ["10:00", "10:30", "11:00", "11:30", "12:00"]
    assert slots[0] == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shenzhen, in UTC


def test_a_service_that_would_run_past_closing_is_not_offered(session):
    tech = technician(session, {0: ("10:00", "13:00")})
    assert monday_slots(session, tech, service(session, 150)) == ["10:00", "10:30"]
    assert monday_slots(session, tech, service(session, 240)) == []


def test_no_weekly_hours_on_a_weekday_means_no_starts(session):
    tech = technician(session, {0: ("10:00", "13:00")})
    svc = service(session, 60)
    tuesday = MONDAY + timedelta(days=1)
    assert free_slots(session, tech.id, svc.id, tuesday, 1, now=NOW) == []


def test_split_weekly_hours_on_one_day_are_both_offered(session):
    tech = technician(session, {0: ("10:00", "11:00")})
    session.add(WorkingHours(technician_id=tech.id, weekday=0, start_minute=840, end_minute=900))
    session.commit()
    assert monday_slots(session, tech, service(session, 60)) == ["10:00", "14:00"]


def test_a_rota_shift_replaces_the_weekly_hours_of_its_day_only(session):
    tech = technician(session, {0: ("10:00", "13:00")})
    svc = service(session, 60)
    shift(session, tech, MONDAY, "14:00", "16:00")
    assert monday_slots(session, tech, svc) == ["14:00", "14:30", "15:00"]
    next_monday = MONDAY + timedelta(days=7)
    assert hm(free_slots(session, tech.id, svc.id, next_monday, 1, now=NOW))[0] == "10:00"


def test_a_rota_shift_gives_hours_on_a_day_without_weekly_hours(session):
    tech = technician(session, {0: ("10:00", "13:00")})
    svc = service(session, 60)
    sunday = MONDAY + timedelta(days=6)
    shift(session, tech, sunday, "09:00", "10:00")
    assert hm(free_slots(session, tech.id, svc.id, sunday, 1, now=NOW)) == ["09:00"]


def test_a_zero_length_shift_is_a_day_off(session):
    tech = technician(session, {0: ("10:00", "13:00")})
    shift(session, tech, MONDAY, "00:00", "00:00")
    assert monday_slots(session, tech, service(session, 60)) == []


def test_time_off_is_cut_out_of_working_hours(session):
    tech = technician(session, {0: ("10:00", "13:00")})
    time_off(session, tech, at(MONDAY, "11:00"), at(MONDAY, "12:00"))
    assert monday_slots(session, tech, service(session, 60)) == ["10:00", "12:00"]


def test_hours_count_in_the_shops_own_time_zone(session):
    kathmandu = ZoneInfo("Asia/Kathmandu")  # UTC+5:45: the grid is local, not UTC
    tech = technician(session, {0: ("10:00", "11:30")}, tz="Asia/Kathmandu")
    slots = free_slots(session, tech.id, service(session, 60).id, MONDAY, 1, now=NOW)
    assert hm(slots, kathmandu) == ["10:00", "10:30"]
    assert slots[0] == datetime(2026, 3, 2, 4, 15, tzinfo=UTC)


def test_an_independent_technician_works_in_the_platform_time_zone(session):
    tech = technician(session, {0: ("10:00", "11:00")}, shop=None)
    svc = service(session, 60, at_home=True)
    slots = free_slots(session, tech.id, svc.id, MONDAY, 1, at=LIANTANG, now=NOW)
    assert hm(slots, ZoneInfo(get_settings().timezone)) == ["10:00"]


# -- lead time and horizon ----------------------------------------------------------------


def test_starts_sooner_than_the_lead_time_are_not_offered(session):
    tech = technician(session, {0: ("10:00", "13:00")})
    now = at(MONDAY, "09:45")  # earliest start 10:45, so the first on the grid is 11:00
    assert monday_slots(session, tech, service(session, 60), now=now) == [
        "11:00",
        "11:30",
        "12:00",
    ]


def test_days_beyond_the_horizon_have_no_starts(session):
    tech = technician(session, {d: ("10:00", "11:00") for d in range(7)})
    svc = service(session, 60)
    slots = free_slots(session, tech.id, svc.id, MONDAY, 40, now=NOW)
    assert len(slots) == 31  # today and the next 30 days
    assert slots[-1].astimezone(SHENZHEN).date() == MONDAY + timedelta(days=30)


def test_past_days_have_no_starts(session):
    tech = technician(session, {d: ("10:00", "11:00") for d in range(7)})
    sunday = MONDAY - timedelta(days=1)
    assert free_slots(session, tech.id, service(session, 60).id, sunday, 1, now=NOW) == []


# -- jobs, buffers and travel -------------------------------------------------------------


def test_a_booking_and_the_turnover_buffer_after_it_block_the_time(session):
    tech = technician(session, {0: ("10:00", "15:00")})
    order(session, tech, at(MONDAY, "10:00"), 60)  # blocks 10:00-11:10
    order(session, tech, at(MONDAY, "13:00"), 60)  # blocks 13:00-14:10
    # 11:00 starts inside the first buffer; 12:00 would run its own buffer into 13:00.
    assert monday_slots(session, tech, service(session, 60)) == ["11:30"]


def test_an_unpaid_hold_blocks_like_a_paid_order_and_a_cancelled_one_does_not(session):
    tech = technician(session, {0: ("10:00", "11:00")})
    svc = service(session, 60)
    held = order(session, tech, at(MONDAY, "10:00"), 60, status="pending_payment")
    assert monday_slots(session, tech, svc) == []
    held.status, held.holds_slot = "cancelled", False
    session.add(held)
    session.commit()
    assert monday_slots(session, tech, svc) == ["10:00"]


def test_travel_time_between_the_two_addresses_is_known():
    km = geodesic(CHEGONGMIAO, LIANTANG).km
    assert km == pytest.approx(13.198, abs=0.001)  # 13.198 km at 20 km/h = 39.6 min
    assert travel_minutes(CHEGONGMIAO, LIANTANG) == 40
    assert travel_minutes(SHOP, LIANTANG) == 33  # 10.845 km = 32.5 min


def test_slot_after_an_at_home_job_leaves_travel_time(session):
    tech = technician(session, {0: ("09:00", "18:00")}, shop=None)
    svc = service(session, 60, at_home=True)
    order(session, tech, at(MONDAY, "10:00"), 60, place=CHEGONGMIAO)  # ends 11:00
    # Across town: 11:00 + 40 min travel = 11:40, so 12:00 (the buffer alone allows 11:30).
    after = [s for s in monday_slots(session, tech, svc, LIANTANG) if s >= "10:00"]
    assert after[0] == "12:00"
    # Next door, only the 15-minute buffer counts: 11:30.
    near = [s for s in monday_slots(session, tech, svc, CHEGONGMIAO) if s >= "10:00"]
    assert near[0] == "11:30"


def test_slot_before_an_at_home_job_leaves_travel_time_to_it(session):
    tech = technician(session, {0: ("09:00", "18:00")}, shop=None)
    svc = service(session, 60, at_home=True)
    order(session, tech, at(MONDAY, "14:00"), 60, place=CHEGONGMIAO)
    # A 12:30 start ends 13:30 and needs 40 min to get there by 14:00: too late.
    before = [s for s in monday_slots(session, tech, svc, LIANTANG) if s < "14:00"]
    assert before[-1] == "12:00"
    # Next door the new block (60 + 15 min) is what limits: 12:45 at the latest, so 12:30.
    near = [s for s in monday_slots(session, tech, svc, CHEGONGMIAO) if s < "14:00"]
    assert near[-1] == "12:30"


def test_an_in_shop_job_counts_travel_from_the_shop(session):
    tech = technician(session, {0: ("09:00", "18:00")})
    svc = service(session, 60, at_home=True)
    order(session, tech, at(MONDAY, "10:00"), 60)  # in the shop, ends 11:00
    after = [s for s in monday_slots(session, tech, svc, LIANTANG) if s >= "10:00"]
    assert after[0] == "12:00"  # 11:00 + 33 min from the shop = 11:33, next on the grid 12:00


# -- checking one start (the booking service, inside its transaction) ---------------------


def _refusal(session, tech, starts, minutes=60, place=None, now=NOW, ignore=None) -> str | None:
    try:
        check_slot(session, tech.id, starts, minutes, place is not None, place, now, ignore)
    except DomainError as err:
        return err.key
    return None


def test_check_slot_accepts_a_free_start_even_off_the_grid(session):
    tech = technician(session, {0: ("10:00", "13:00")})
    assert _refusal(session, tech, at(MONDAY, "10:15")) is None


def test_check_slot_refuses_starts_sooner_than_the_lead_time(session):
    tech = technician(session, {0: ("08:00", "13:00")})
    assert _refusal(session, tech, at(MONDAY, "08:30")) == "booking.slot_in_past"
    assert _refusal(session, tech, at(MONDAY, "09:00")) is None


def test_check_slot_refuses_days_beyond_the_horizon(session):
    tech = technician(session, {d: ("10:00", "13:00") for d in range(7)})
    last = MONDAY + timedelta(days=30)
    assert _refusal(session, tech, at(last, "12:00")) is None
    assert _refusal(session, tech, at(last + timedelta(days=1), "10:00")) == (
        "booking.beyond_horizon"
    )


def test_check_slot_refuses_times_outside_hours_and_in_time_off(session):
    tech = technician(session, {0: ("10:00", "13:00")})
    time_off(session, tech, at(MONDAY, "11:00"), at(MONDAY, "11:30"))
    assert _refusal(session, tech, at(MONDAY, "09:30")) == "booking.outside_hours"
    assert _refusal(session, tech, at(MONDAY, "12:30")) == "booking.outside_hours"  # past 13:00
    assert _refusal(session, tech, at(MONDAY, "10:30")) == "booking.outside_hours"  # time off
    tuesday = MONDAY + timedelta(days=1)
    assert _refusal(session, tech, at(tuesday, "10:00")) == "booking.outside_hours"


def test_check_slot_follows_the_rota_shift_instead_of_the_weekly_hours(session):
    tech = technician(session, {0: ("10:00", "13:00")})
    shift(session, tech, MONDAY, "15:00", "18:00")
    assert _refusal(session, tech, at(MONDAY, "10:00")) == "booking.outside_hours"
    assert _refusal(session, tech, at(MONDAY, "15:00")) is None


def test_check_slot_refuses_overlaps_and_missing_travel_time(session):
    tech = technician(session, {0: ("08:00", "18:00")}, shop=None)
    order(session, tech, at(MONDAY, "10:00"), 60, place=CHEGONGMIAO)  # blocks 10:00-11:15
    early = at(MONDAY, "07:00")

    def refusal(hhmm: str, place: tuple[float, float]) -> str | None:
        return _refusal(session, tech, at(MONDAY, hhmm), place=place, now=early)

    # after it: the buffer next door, 40 minutes' travel across town
    assert refusal("11:14", CHEGONGMIAO) == "booking.slot_taken"
    assert refusal("11:15", CHEGONGMIAO) is None
    assert refusal("11:39", LIANTANG) == "booking.slot_taken"
    assert refusal("11:40", LIANTANG) is None
    # before it: our own block next door, our end + 40 minutes across town
    assert refusal("08:45", CHEGONGMIAO) is None
    assert refusal("08:46", CHEGONGMIAO) == "booking.slot_taken"
    assert refusal("08:20", LIANTANG) is None
    assert refusal("08:21", LIANTANG) == "booking.slot_taken"


def test_reschedule_ignores_the_order_being_moved(session):
    tech = technician(session, {0: ("10:00", "13:00")})
    moving = order(session, tech, at(MONDAY, "10:00"), 60)
    assert _refusal(session, tech, at(MONDAY, "10:30")) == "booking.slot_taken"
    assert _refusal(session, tech, at(MONDAY, "10:30"), ignore=moving.id) is None


# -- next slots and live status -----------------------------------------------------------


def test_next_free_slots_runs_on_to_the_following_weeks(session):
    tech = technician(session, {0: ("10:00", "11:00")})
    svc = service(session, 60)
    mondays = [MONDAY + timedelta(days=7 * i) for i in range(3)]
    assert next_free_slots(session, tech.id, svc.id, limit=3, now=NOW) == [
        at(day, "10:00") for day in mondays
    ]


def test_live_status_is_working_booked_or_idle(session):
    tech = technician(session, {0: ("08:00", "20:00")})
    assert live_status(session, tech.id, now=NOW) == "idle"
    order(session, tech, at(MONDAY, "15:00"), 60)
    assert live_status(session, tech.id, now=NOW) == "booked"
    order(session, tech, at(MONDAY, "07:30"), 60)
    assert live_status(session, tech.id, now=NOW) == "working"
    tomorrow_only = technician(session, {0: ("08:00", "20:00")})
    order(session, tomorrow_only, at(MONDAY + timedelta(days=1), "10:00"), 60)
    assert live_status(session, tomorrow_only.id, now=NOW) == "idle"


def test_outside_working_time_a_technician_is_off_unless_booked_today(session):
    """NOW is Monday 08:00 local."""
    later = technician(session, {0: ("10:00", "20:00")})
    assert live_status(session, later.id, now=NOW) == "off"
    assert live_status(session, later.id, now=NOW + timedelta(hours=2)) == "idle"
    assert live_status(session, later.id, now=NOW + timedelta(hours=12)) == "off"
    order(session, later, at(MONDAY, "15:00"), 60)
    assert live_status(session, later.id, now=NOW) == "booked"
    night = technician(session, {6: ("20:00", "26:00")})  # Sunday's shift runs past midnight
    assert live_status(session, night.id, now=NOW - timedelta(hours=7)) == "idle"  # 01:00
    away = technician(session, {0: ("06:00", "20:00")})
    session.add(TimeOff(technician_id=away.id, starts_at=NOW, ends_at=NOW + timedelta(hours=4)))
    session.commit()
    assert live_status(session, away.id, now=NOW + timedelta(hours=1)) == "off"
    assert live_status(session, away.id, now=NOW + timedelta(hours=5)) == "idle"


def test_an_order_in_service_means_working_even_if_it_overruns(session):
    tech = technician(session, {0: ("08:00", "20:00")})
    order(session, tech, at(MONDAY, "05:00"), 60, status="in_service")
    assert live_status(session, tech.id, now=NOW) == "working"
