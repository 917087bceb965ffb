"""The shop's live map: its technicians with live status and a coarse last position (stale
after N minutes), today's orders with a coarse place for homes, the offline city outline;
never another shop's technicians or orders."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from salon_app.core.demo.district_outline import GEOJSON, render
from salon_app.core.demo.shenzhen import DISTRICTS
from salon_app.core.errors import PermissionDenied
from salon_app.core.models import Order, Technician
from salon_app.core.services import live_map
from salon_app.core.services.availability.data import zone
from salon_app.core.services.live_map.city import district_of
from salon_app.core.services.orders import jobs as job_board
from tests.support.journeys import accept, mark_paid
from tests.support.orders import pending_order
from tests.unit import test_rota

manager, other_manager = test_rota.manager, test_rota.other_manager
TZ = zone("Asia/Shanghai")
HOME = (22.54321, 114.05678)  # a customer's door in 福田区
DOOR_TECH = (22.54317, 114.05671)  # where the technician stood when they arrived


@pytest.fixture
def on_the_way(demo_session: Session, customer, monkeypatch) -> tuple[Order, Order]:
    """The demo stylist's paid in-shop order, accepted, with 出发 recorded 5 minutes before
    `now` (40 minutes before its start); and an at-home order of another stylist of the shop
    the same day."""
    order = mark_paid(demo_session, pending_order(demo_session, customer))
    actor = accept(demo_session, order)
    departed_at = order.starts_at - timedelta(minutes=40)
    job_board.advance(demo_session, actor, order.code, "departed", *DOOR_TECH, at=departed_at)
    colleague = demo_session.exec(
        select(Technician.id)
        .where(Technician.merchant_id == order.merchant_id, Technician.id != order.technician_id)
        .order_by(Technician.id)
    ).first()
    home = Order(
        code="HOME0001",
        customer_id=order.customer_id,
        technician_id=colleague,
        merchant_id=order.merchant_id,
        status="pending_service",
        starts_at=order.starts_at,
        ends_at=order.ends_at,
        block_start=order.starts_at,
        block_end=order.ends_at + timedelta(minutes=15),
        at_home=True,
        address="深圳市福田区福华三路88号",
        lat=HOME[0],
        lng=HOME[1],
        total_fen=9900,
        created_at=departed_at,
    )
    demo_session.add(home)
    demo_session.commit()
    return demo_session.get(Order, order.id, populate_existing=True), home


def test_the_map_shows_the_shops_technicians_with_status_and_a_coarse_position(
    demo_session, manager, on_the_way
):
    order, _ = on_the_way
    now = order.starts_at - timedelta(minutes=35)
    view = live_map.map_view(demo_session, manager, now=now)
    shop_techs = set(
        demo_session.exec(
            select(Technician.id).where(Technician.merchant_id == manager.merchant_id)
        ).all()
    )
    assert {m.technician_id for m in view.technicians} == shop_techs
    (stylist,) = [m for m in view.technicians if m.technician_id == order.technician_id]
    assert (stylist.status, stylist.status_key) == ("working", "tech.live.working")
    assert stylist.position == (22.545, 114.055)  # the centre of its 0.01 degree cell
    assert stylist.position != DOOR_TECH and stylist.district == "福田区"
    assert (stylist.position_at, stylist.stale) == (order.starts_at - timedelta(minutes=40), False)
    later = live_map.map_view(demo_session, manager, now=now + timedelta(minutes=20))
    (stylist,) = [m for m in later.technicians if m.technician_id == order.technician_id]
    assert stylist.stale  # 25 minutes old, stale after 20
    others = [m for m in view.technicians if m.technician_id != order.technician_id]
    assert all(m.position is None for m in others)  # nobody else recorded a position


def test_todays_orders_show_homes_coarsely_and_the_shop_exactly(demo_session, manager, on_the_way):
    order, home = on_the_way
    view = live_map.map_view(demo_session, manager, now=order.starts_at - timedelta(minutes=35))
    by_code = {o.code: o for o in view.orders}
    assert set(by_code) == {order.code, home.code}
    shop = (22.5338, 114.0537)  # 福华三路268号, public
    assert (by_code[order.code].at_home, by_code[order.code].position) == (False, shop)
    assert by_code[home.code].position == (22.545, 114.055)
    assert by_code[home.code].district == "福田区"
    assert by_code[order.code].start == order.starts_at.astimezone(TZ).strftime("%H:%M")
    every_point = [o.position for o in view.orders] + [t.position for t in view.technicians]
    assert HOME not in every_point and DOOR_TECH not in every_point
    tomorrow = live_map.map_view(demo_session, manager, now=order.starts_at + timedelta(days=1))
    assert tomorrow.orders == []


def test_shop_b_never_sees_shop_a_technicians_or_orders(demo_session, other_manager, on_the_way):
    order, home = on_the_way
    view = live_map.map_view(demo_session, other_manager, now=order.starts_at - timedelta(hours=1))
    theirs = set(
        demo_session.exec(
            select(Technician.id).where(Technician.merchant_id == other_manager.merchant_id)
        ).all()
    )
    assert {m.technician_id for m in view.technicians} == theirs
    assert order.technician_id not in theirs and home.technician_id not in theirs
    assert view.orders == []


def test_only_shop_staff_see_a_map(demo_session, customer, tech):
    for actor in (customer, tech, None):
        with pytest.raises(PermissionDenied):
            live_map.map_view(demo_session, actor)


def test_the_map_draws_offline_from_the_shipped_outline(demo_session, manager):
    view = live_map.map_view(demo_session, manager)
    assert view.tile_url == ""  # no tile server: the page draws the districts
    assert [d.name for d in view.districts] == [d.name for d in DISTRICTS]
    south, west, north, east = view.bounds
    for district in DISTRICTS:
        assert south <= district.lat <= north and west <= district.lng <= east
        assert district_of((district.lat, district.lng)) == district.name
    assert all(d.ring[0] == d.ring[-1] and len(d.ring) >= 4 for d in view.districts)


def test_the_shipped_outline_is_the_one_the_generator_draws():
    assert GEOJSON.read_text() == render()
    assert json.loads(GEOJSON.read_text())["type"] == "FeatureCollection"


@pytest.mark.parametrize(
    ("point", "cell"),
    [
        ((22.54, 114.05), (22.545, 114.055)),  # on a grid line: the cell above/right
        ((22.5399, 114.0501), (22.535, 114.055)),
        ((22.549999, 113.9), (22.545, 113.905)),
    ],
)
def test_coarse_places_snap_to_the_centre_of_their_cell(point, cell):
    assert live_map.coarse(point) == cell
