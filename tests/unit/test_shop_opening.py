"""In-shop services can be booked only while the shop is open: business hours and closures
cut the technician's working time (hand-computed worlds), and a shop change that would hide
booked in-shop orders is refused with those orders named."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import func, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import Merchant, ShopClosure
from salon_app.core.services.availability import check_slot
from salon_app.core.services.availability.data import zone
from salon_app.core.services.availability.engine import Window, overlap
from salon_app.core.services.merchants import (
    OpenRange,
    add_closure,
    remove_closure,
    set_business_hours,
    shop_settings,
)
from tests.support.orders import pending_order
from tests.support.shops import FRONT_DESK, MANAGER, OTHER_OWNER, OWNER, login
from tests.unit.test_availability import (
    CHEGONGMIAO,
    MONDAY,
    NOW,
    at,
    monday_slots,
    service,
    technician,
)

# -- the availability rule ---------------------------------------------------------------


def _shop_hours(session, tech, hours: dict) -> None:
    shop = session.get(Merchant, tech.merchant_id)
    shop.business_hours = hours
    session.add(shop)
    session.commit()


def _close(session, tech, first, last) -> None:
    session.add(
        ShopClosure(
            merchant_id=tech.merchant_id,
            first_day=first,
            last_day=last,
            reason="装修",
            created_by=1,
            created_at=NOW,
        )
    )
    session.commit()


def test_in_shop_starts_lie_inside_the_shops_business_hours(session):
    tech = technician(session, {0: ("09:00", "18:00")})
    svc = service(session, 60)
    _shop_hours(session, tech, {"0": [[600, 720], [780, 1020]]})  # 10-12, 13-17
    assert monday_slots(session, tech, svc) == ["10:00", "10:30", "11:00", *(
        f"{h}:{m}" for h in (13, 14, 15) for m in ("00", "30")
    ), "16:00"]  # fmt: skip


def test_a_weekday_the_shop_is_closed_has_no_in_shop_starts(session):
    tech = technician(session, {0: ("09:00", "18:00")})
    svc = service(session, 60)
    _shop_hours(session, tech, {"0": [], "1": [[600, 1260]]})
    assert monday_slots(session, tech, svc) == []


def test_a_shop_without_business_hours_follows_the_technician(session):
    tech = technician(session, {0: ("09:00", "11:00")})
    svc = service(session, 60)
    assert monday_slots(session, tech, svc) == ["09:00", "09:30", "10:00"]


def test_a_closure_day_has_no_in_shop_starts_and_check_slot_refuses(session):
    tech = technician(session, {0: ("09:00", "11:00"), 1: ("09:00", "11:00")})
    svc = service(session, 60)
    _close(session, tech, MONDAY, MONDAY)
    assert monday_slots(session, tech, svc) == []
    with pytest.raises(DomainError) as err:
        check_slot(session, tech.id, at(MONDAY, "09:00"), 60, False, None, now=NOW)
    assert err.value.key == "booking.outside_hours"
    check_slot(session, tech.id, at(MONDAY + timedelta(days=1), "09:00"), 60, False, None, now=NOW)


def test_shop_hours_and_closures_do_not_touch_at_home_jobs(session):
    tech = technician(session, {0: ("09:00", "11:00")})
    svc = service(session, 60, at_home=True)
    _shop_hours(session, tech, {"0": [[600, 660]]})
    _close(session, tech, MONDAY, MONDAY)
    assert monday_slots(session, tech, svc, place=CHEGONGMIAO) == ["09:00", "09:30", "10:00"]


def test_overlap_keeps_only_the_common_time():
    t = [at(MONDAY, h) for h in ("09:00", "10:00", "11:00", "12:00", "13:00", "15:00")]
    origin = at(MONDAY, "00:00")
    working = [Window(t[0], t[3], origin), Window(t[4], t[5], origin)]  # 9-12, 13-15
    opened = [Window(t[1], t[2], origin), Window(t[3], t[5], origin)]  # 10-11, 12-15
    assert [(w.start, w.end) for w in overlap(working, opened)] == [(t[1], t[2]), (t[4], t[5])]


# -- the shop's services -----------------------------------------------------------------


def _closures(session) -> int:
    return session.exec(select(func.count()).select_from(ShopClosure)).one()


def test_the_owner_sets_hours_with_two_ranges_a_day(demo_session):
    owner = login(demo_session, OWNER)
    week = [OpenRange(d, "10:00", "14:00") for d in range(7)]
    week += [OpenRange(d, "15:00", "24:00") for d in range(6)]  # closed Sunday afternoon
    saved = set_business_hours(demo_session, owner, week)
    assert len(saved) == 13
    shop = demo_session.get(Merchant, owner.merchant_id)
    assert shop.business_hours["0"] == [[600, 840], [900, 1440]]
    assert shop.business_hours["6"] == [[600, 840]]


@pytest.mark.parametrize(
    ("ranges", "key"),
    [
        ([OpenRange(0, "10:00", "14:00"), OpenRange(0, "13:00", "18:00")], "shop.hours_overlap"),
        ([OpenRange(2, "18:00", "10:00")], "shop.hours_end_before_start"),
        ([OpenRange(2, "10:00", "10:00")], "shop.hours_end_before_start"),
        ([OpenRange(2, "9点", "18:00")], "shop.time_invalid"),
        ([OpenRange(7, "09:00", "18:00")], "shop.weekday_invalid"),
        (
            [OpenRange(1, f"{h:02d}:00", f"{h:02d}:30") for h in (8, 9, 10, 11)],
            "shop.hours_too_many",
        ),
    ],
)
def test_bad_hours_change_nothing(demo_session, ranges, key):
    owner = login(demo_session, OWNER)
    before = dict(demo_session.get(Merchant, owner.merchant_id).business_hours)
    with pytest.raises(DomainError) as err:
        set_business_hours(demo_session, owner, ranges)
    assert err.value.key == key
    demo_session.expire_all()
    assert demo_session.get(Merchant, owner.merchant_id).business_hours == before


def test_a_closure_that_hides_booked_orders_is_refused_with_them(demo_session, customer):
    owner = login(demo_session, OWNER)
    booked = pending_order(demo_session, customer)
    assert booked.merchant_id == owner.merchant_id and not booked.at_home
    day = booked.starts_at.astimezone(zone("Asia/Shanghai")).date()
    before = _closures(demo_session)
    with pytest.raises(DomainError) as err:
        add_closure(demo_session, owner, day, day + timedelta(days=1), "店庆装修")
    assert err.value.key == "shop.closure_hides_orders"
    assert err.value.params["order_codes"] == [booked.code] and err.value.params["count"] == 1
    assert _closures(demo_session) == before
    add_closure(demo_session, owner, day + timedelta(days=1), day + timedelta(days=2), "店庆")
    assert _closures(demo_session) == before + 1


def test_hours_that_hide_booked_orders_are_refused(demo_session, customer):
    owner = login(demo_session, OWNER)
    booked = pending_order(demo_session, customer)
    local = booked.starts_at.astimezone(zone("Asia/Shanghai"))
    before = dict(demo_session.get(Merchant, owner.merchant_id).business_hours)
    closes = f"{local.hour:02d}:{local.minute:02d}" if local.hour >= 11 else "23:00"
    opens = "10:00" if local.hour >= 11 else f"{local.hour + 1:02d}:00"
    week = [OpenRange(d, opens, closes) for d in range(7)]
    with pytest.raises(DomainError) as err:
        set_business_hours(demo_session, owner, week)
    assert err.value.key == "shop.hours_hide_orders" and booked.code in err.value.params["orders"]
    demo_session.expire_all()
    assert demo_session.get(Merchant, owner.merchant_id).business_hours == before


@pytest.mark.parametrize(
    ("first", "last", "reason", "key"),
    [
        (5, 4, "装修", "shop.closure_end_before_start"),
        (-1, 1, "装修", "shop.closure_in_past"),
        (1, 200, "装修", "shop.closure_too_long"),
        (1, 2, "  ", "validation.required"),
        (45, 50, "装修", "shop.closure_overlaps"),  # the demo shop closes on days 45-46
    ],
)
def test_bad_closures_change_nothing(demo_session, first, last, reason, key):
    owner = login(demo_session, OWNER)
    today = utcnow().astimezone(zone("Asia/Shanghai")).date()
    before = _closures(demo_session)
    with pytest.raises(DomainError) as err:
        add_closure(
            demo_session, owner, today + timedelta(days=first), today + timedelta(days=last), reason
        )
    assert err.value.key == key
    assert _closures(demo_session) == before


def test_a_closure_can_be_removed_by_its_shop_only(demo_session):
    owner, other = login(demo_session, OWNER), login(demo_session, OTHER_OWNER)
    closure = shop_settings(demo_session, owner).closures[0]
    with pytest.raises(DomainError) as err:
        remove_closure(demo_session, other, closure.id)
    assert err.value.key == "shop.closure_not_found"
    remove_closure(demo_session, owner, closure.id)
    assert shop_settings(demo_session, owner).closures == []


def test_the_manager_edits_hours_and_the_front_desk_may_not(demo_session):
    week = [OpenRange(d, "09:00", "22:00") for d in range(7)]
    set_business_hours(demo_session, login(demo_session, MANAGER), week)
    desk = login(demo_session, FRONT_DESK)
    with pytest.raises(PermissionDenied):
        set_business_hours(demo_session, desk, week)
    with pytest.raises(PermissionDenied):
        add_closure(demo_session, desk, MONDAY, MONDAY, "休息")
    assert shop_settings(demo_session, desk).role == "front_desk"  # but sees the settings


def test_another_shops_hours_are_its_own(demo_session):
    other = login(demo_session, OTHER_OWNER)
    set_business_hours(demo_session, other, [OpenRange(0, "08:00", "09:00")])
    mine = demo_session.get(Merchant, login(demo_session, OWNER).merchant_id)
    demo_session.refresh(mine)
    assert mine.business_hours["0"] == [[600, 1260]]
