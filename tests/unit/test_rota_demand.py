"""The demand view on a small shop, counted by hand: bookings of the last 8 weeks and of the
coming week against technicians on shift, the under- and over-staffed hours and the advice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count

import pytest
from sqlmodel import Session

from salon_app.core.models import (
    Merchant,
    MerchantStaff,
    Order,
    Technician,
    User,
    WorkingHours,
)
from salon_app.core.services import rota
from salon_app.core.services.access import Actor
from salon_app.core.services.availability.data import zone

NOW = datetime(2026, 3, 4, 2, 0, tzinfo=UTC)  # Wednesday 10:00 in Shanghai
TZ = zone("Asia/Shanghai")
_phones = count(17600000100)
_codes = count(1)


def _user(session: Session, role: str, name: str) -> User:
    user = User(
        phone=f"+86{next(_phones)}",
        phone_hash=str(next(_phones)),
        password_hash="x",
        display_name=name,
        role=role,
        created_at=NOW,
    )
    session.add(user)
    session.flush()
    return user


def _shop(session: Session, name: str) -> tuple[Actor, list[Technician]]:
    """A shop, its owner as an actor, and three technicians: A and B work Saturdays 10-18,
    C works Mondays 10-18."""
    shop = Merchant(
        name=name, address="福田区", lat=22.54, lng=114.05, contact_phone="", created_at=NOW
    )
    session.add(shop)
    session.flush()
    owner = _user(session, "merchant", f"{name}店长")
    session.add(MerchantStaff(user_id=owner.id, merchant_id=shop.id, role="owner"))
    techs = []
    for label, weekday in (("A", 5), ("B", 5), ("C", 0)):
        user = _user(session, "technician", f"{name}{label}")
        tech = Technician(
            user_id=user.id,
            merchant_id=shop.id,
            display_name=user.display_name,
            gender="female",
            created_at=NOW,
        )
        session.add(tech)
        session.flush()
        session.add(
            WorkingHours(technician_id=tech.id, weekday=weekday, start_minute=600, end_minute=1080)
        )
        techs.append(tech)
    session.commit()
    return Actor(owner.id, "merchant", owner.display_name, merchant_id=shop.id), techs


def _order(
    session: Session, tech: Technician, day: date, hour: int, minutes: int, status: str
) -> None:
    starts = datetime(day.year, day.month, day.day, hour, tzinfo=TZ).astimezone(UTC)
    ends = starts + timedelta(minutes=minutes)
    customer = _user(session, "customer", "顾客")
    session.add(
        Order(
            code=f"T{next(_codes):06d}",
            customer_id=customer.id,
            technician_id=tech.id,
            merchant_id=tech.merchant_id,
            status=status,
            starts_at=starts,
            ends_at=ends,
            block_start=starts,
            block_end=ends + timedelta(minutes=10),
            holds_slot=status in ("pending_payment", "pending_service"),
            total_fen=10000,
            created_at=NOW - timedelta(days=60),
        )
    )


@pytest.fixture
def shops(session: Session) -> tuple[Actor, Actor]:
    shop_a, (a, b, c) = _shop(session, "甲店")
    shop_b, (b_a, _, _) = _shop(session, "乙店")
    saturdays = [date(2026, 3, 1) - timedelta(days=1 + 7 * w) for w in range(8)]  # Feb 28 back
    assert saturdays[-1] >= date(2026, 1, 7)  # all within the 56 days before today
    for saturday in saturdays:  # two 2-hour orders from 14:00 every Saturday
        _order(session, a, saturday, 14, 120, "completed")
        _order(session, b, saturday, 14, 120, "reviewed")
        _order(session, c, saturday, 10, 60, "cancelled")  # not demand
    _order(session, c, date(2026, 3, 1), 12, 60, "completed")  # one Sunday: 1/8 h a week
    _order(session, c, date(2026, 3, 9), 11, 60, "pending_service")  # booked ahead, Monday
    _order(session, a, date(2026, 1, 3), 14, 120, "completed")  # 9 weeks ago: too old
    _order(session, b_a, date(2026, 2, 28), 15, 60, "completed")  # shop B's
    session.commit()
    return shop_a, shop_b


def _cell(grid: rota.DemandGrid, weekday: int, hour: int) -> rota.DemandCell:
    return grid.rows[weekday][grid.hours.index(hour)]


def test_demand_counts_the_last_eight_weeks_and_the_week_ahead(session, shops):
    shop_a, _ = shops
    grid = rota.demand_view(session, shop_a, now=NOW)
    assert grid.first_day == date(2026, 3, 5)  # tomorrow: the coming week is Thu..Wed
    assert grid.hours == list(range(10, 18))  # from the first to the last hour with anything
    assert [row[0].day for row in grid.rows] == [date(2026, 3, d) for d in (9, 10, 11, 5, 6, 7, 8)]
    saturday_14 = _cell(grid, 5, 14)
    assert (saturday_14.past_per_week, saturday_14.booked_ahead, saturday_14.on_shift) == (
        2.0,
        0,
        2.0,
    )
    assert (saturday_14.load, saturday_14.flag) == (1.0, "under")  # 2 booked of 2 on shift
    assert _cell(grid, 6, 12).past_per_week == 0.12  # 1 h in 8 weeks: 0.125
    assert _cell(grid, 6, 12).flag == ""  # too little to call for anyone, though nobody works
    monday_11 = _cell(grid, 0, 11)
    assert (monday_11.past_per_week, monday_11.booked_ahead, monday_11.on_shift) == (0, 1.0, 1.0)
    assert monday_11.flag == "under"
    assert _cell(grid, 0, 12).flag == ""  # one technician idle is not over-staffed
    assert [_cell(grid, 5, h).flag for h in range(10, 18)] == ["over"] * 4 + ["under"] * 2 + [
        "over"
    ] * 2
    assert _cell(grid, 5, 10).load == 0.0


def test_flagged_hours_become_suggestions_in_words(session, shops):
    shop_a, _ = shops
    grid = rota.demand_view(session, shop_a, now=NOW)
    assert [(s.key, s.params) for s in grid.suggestions] == [
        ("rota.demand.add", {"weekday": 0, "start": "11:00", "end": "12:00", "count": 1}),
        ("rota.demand.remove", {"weekday": 5, "start": "10:00", "end": "14:00", "count": 1}),
        # 2 booked hours an hour at the 0.6 target load need 4 technicians: 2 more
        ("rota.demand.add", {"weekday": 5, "start": "14:00", "end": "16:00", "count": 2}),
        ("rota.demand.remove", {"weekday": 5, "start": "16:00", "end": "18:00", "count": 1}),
    ]
    assert grid.rule == {"under_load": 0.85, "over_load": 0.25, "target_load": 0.6}


def test_a_shop_sees_only_its_own_bookings_and_technicians(session, shops):
    _, shop_b = shops
    grid = rota.demand_view(session, shop_b, now=NOW)
    saturday_15 = _cell(grid, 5, 15)
    assert (saturday_15.past_per_week, saturday_15.on_shift) == (0.12, 2.0)
    assert _cell(grid, 5, 14).past_per_week == 0
    assert _cell(grid, 0, 11).booked_ahead == 0
