"""The merchant pages' own pieces: shifts typed in the rota page, the live map's drawing and
the version the open map watches, the conflict's customer name."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from salon_app.components.city_map import Projection, tile_rows
from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import MERCHANT_PHONE
from salon_app.core.errors import DomainError
from salon_app.core.models import Order, Service, Technician, TechnicianService
from salon_app.core.services import auth, live_map, rota
from salon_app.core.services.access import Actor
from salon_app.merchant.live import drawing
from salon_app.merchant.rota.views import shift_times
from tests.support.orders import pending_order
from tests.unit import test_rota

other_manager = test_rota.other_manager  # a fixture: the owner of another shop


@pytest.fixture
def manager(demo_session: Session) -> Actor:
    return auth.log_in(demo_session, MERCHANT_PHONE, DEMO_PASSWORD).actor


@pytest.mark.parametrize(
    ("text", "shifts"),
    [
        ("", []),
        ("09:00-18:00", [("09:00", "18:00")]),
        ("9:00–12:00，14:00~18:00", [("9:00", "12:00"), ("14:00", "18:00")]),
        ("09:00-12:00, 14:00-24:00", [("09:00", "12:00"), ("14:00", "24:00")]),
    ],
)
def test_shifts_are_read_as_typed(text, shifts):
    assert [(s.start, s.end) for s in shift_times(text)] == shifts


@pytest.mark.parametrize("text", ["九点到六点", "09:00", "09:00-18:00 加班", "x" * 200])
def test_shifts_that_cannot_be_read_are_refused(text):
    with pytest.raises(DomainError) as err:
        shift_times(text)
    assert err.value.key == "rota.shift_text_invalid"


def test_the_map_is_drawn_inside_its_box(demo_session, manager):
    drawn = drawing.drawn(live_map.map_view(demo_session, manager))
    _, _, width, height = (float(x) for x in drawn["view_box"].split())
    points = [
        tuple(float(v) for v in pair.split(","))
        for d in drawn["districts"]
        for pair in d["points"].split()
    ]
    assert points and all(0 <= x <= width and 0 <= y <= height for x, y in points)
    assert 0 <= float(drawn["shop"]["x"]) <= width
    assert sum(int(c["count"]) for c in drawn["counts"]) == len(drawn["techs"])


def test_without_a_tile_server_the_map_is_the_shipped_outline_alone():
    assert tile_rows(Projection((22.4, 113.75, 22.85, 114.6)), "") == []


def test_map_tiles_cover_the_whole_map_edge_to_edge():
    projection = Projection((22.45, 113.75, 22.85, 114.6))  # the demo city
    tiles = tile_rows(projection, "https://tiles.example/{z}/{x}/{y}.png")
    _, _, width, height = (float(v) for v in projection.view_box.split())
    boxes = [(float(t["x"]), float(t["y"]), float(t["width"]), float(t["height"])) for t in tiles]
    assert 4 <= len({x for x, *_ in boxes}) <= 12  # a few tiles across, not hundreds
    assert min(x for x, *_ in boxes) <= 0 and min(y for _, y, *_ in boxes) <= 0
    assert max(x + w for x, _, w, _ in boxes) >= width
    assert max(y + h for _, y, _, h in boxes) >= height
    z, x, y = tiles[0]["href"].removesuffix(".png").split("/")[-3:]
    assert 0 <= int(x) < 2 ** int(z) and 0 <= int(y) < 2 ** int(z)
    # neighbours touch: the tile right of the first starts where it ends
    first = boxes[0]
    right = [b for b in boxes if b[1] == first[1] and b[0] > first[0]]
    assert right and abs(min(right)[0] - (first[0] + first[2])) < 0.2


def test_markers_on_one_spot_are_fanned_out():
    spots = drawing._fanned([(10.0, 10.0), (10.0, 10.0), None, (50.0, 50.0)])
    assert spots[0] != spots[1] and spots[2] is None and spots[3] == (50.0, 50.0)


@pytest.fixture
def shop_order(demo_session: Session, manager: Actor, customer: Actor) -> Order:
    """A haircut the demo customer booked with a hairdresser of the manager's shop."""
    tech_id = demo_session.exec(
        select(Technician.id)
        .join(TechnicianService, TechnicianService.technician_id == Technician.id)
        .join(Service, Service.id == TechnicianService.service_id)
        .where(Technician.merchant_id == manager.merchant_id, Service.slug == "haircut")
        .order_by(Technician.id)
    ).first()
    order = pending_order(demo_session, customer, technician_id=tech_id)
    demo_session.commit()
    return order


def test_the_map_version_follows_the_shops_rota_and_not_another_shops(
    demo_session, manager, other_manager
):
    now = utcnow()
    far = (now + timedelta(days=60)).date()
    before = live_map.map_version(demo_session, manager, now)

    def add_shift(actor: Actor) -> None:
        tech_id = rota.rota_days(demo_session, actor, far, 1)[0].technician_id
        day = rota.SetDay(tech_id, far, (rota.ShiftTime("10:00", "12:00"),))
        rota.apply_change(demo_session, actor, day)

    add_shift(other_manager)
    assert live_map.map_version(demo_session, manager, now) == before
    add_shift(manager)
    assert live_map.map_version(demo_session, manager, now) != before


def test_a_conflict_names_the_customer_by_display_name(demo_session, manager, customer, shop_order):
    day = shop_order.starts_at.astimezone(ZoneInfo("Asia/Shanghai")).date()
    change = rota.SetDay(shop_order.technician_id, day, ())
    preview = rota.preview_change(demo_session, manager, change)
    (conflict,) = [c for c in preview.conflicts if c.order_id == shop_order.id]
    assert conflict.customer_name == customer.display_name
