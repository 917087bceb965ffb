"""The technician's position on progress steps: stored with the step, shown as a distance only."""

from __future__ import annotations

import math

import pytest
from sqlmodel import select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.errors import DomainError
from salon_app.core.models import Order, OrderEvent
from salon_app.core.services import auth, orders
from salon_app.core.services.orders import jobs as job_board
from salon_app.core.services.orders.positions import valid_position
from tests.support import journeys
from tests.support.journeys import accept, mark_paid
from tests.support.orders import at_home_order, pending_order

HOME = (22.5405, 114.029)  # near 车公庙, where the demo has hairdressers who come home


def _login(session, phone):
    return auth.log_in(session, phone, DEMO_PASSWORD).actor


def _events(session, order: Order, kind: str) -> list[OrderEvent]:
    session.rollback()
    return session.exec(
        select(OrderEvent).where(OrderEvent.order_id == order.id, OrderEvent.kind == kind)
    ).all()


@pytest.fixture
def in_shop(demo_session):
    order = mark_paid(
        demo_session, pending_order(demo_session, _login(demo_session, CUSTOMER_PHONE))
    )
    return order, accept(demo_session, order)


@pytest.fixture
def at_home(demo_session):
    """A paid at-home haircut at a located address, accepted by its technician."""
    customer = _login(demo_session, CUSTOMER_PHONE)
    order = at_home_order(demo_session, customer, HOME, "福田区深南大道6008号")
    order = mark_paid(demo_session, order)
    assert order.at_home and order.lat is not None
    return order, accept(demo_session, order)


def test_the_position_is_stored_with_the_step(demo_session, in_shop):
    order, tech = in_shop
    journeys.step(demo_session, tech, order, "departed", 22.5431, 114.0579)
    [event] = _events(demo_session, order, "departed")
    assert (event.lat, event.lng) == (22.5431, 114.0579)
    detail = job_board.job_detail(demo_session, tech, order.code)
    assert [(kind, located) for kind, _, located in detail.events][-1] == ("departed", True)


def test_a_step_without_a_position_still_counts(demo_session, in_shop):
    order, tech = in_shop
    journeys.step(demo_session, tech, order, "departed")
    [event] = _events(demo_session, order, "departed")
    assert (event.lat, event.lng) == (None, None)
    assert demo_session.get(Order, order.id).service_step == "departed"


@pytest.mark.parametrize(
    ("lat", "lng"),
    [
        (91.0, 114.0),
        (-90.5, 114.0),
        (22.5, 180.01),
        (22.5, -181),
        (math.nan, 114.0),
        (22.5, math.inf),
        ("22.5", "114.0"),
        (True, False),
        (22.5, None),
        (None, 114.0),
        ({"x": 1}, [2]),
    ],
)
def test_bad_coordinates_are_dropped_and_the_step_is_recorded(demo_session, in_shop, lat, lng):
    order, tech = in_shop
    journeys.step(demo_session, tech, order, "departed", lat, lng)
    [event] = _events(demo_session, order, "departed")
    assert (event.lat, event.lng) == (None, None)


@pytest.mark.parametrize(
    ("lat", "lng", "kept"),
    [
        (90, -180, (90.0, -180.0)),
        (-90.0, 180.0, (-90.0, 180.0)),
        (22.123456789, 114.987654321, (22.123457, 114.987654)),
    ],
)
def test_real_coordinates_are_kept_to_six_places(lat, lng, kept):
    assert valid_position(lat, lng) == kept


def test_step_order_is_still_enforced_with_a_position(demo_session, in_shop):
    order, tech = in_shop
    with pytest.raises(DomainError) as err:
        journeys.step(demo_session, tech, order, "arrived", 22.54, 114.05)
    assert err.value.key == "order.illegal_transition"
    assert _events(demo_session, order, "arrived") == []
    journeys.step(demo_session, tech, order, "departed", 22.54, 114.05)
    with pytest.raises(DomainError):
        journeys.step(demo_session, tech, order, "departed", 22.54, 114.05)
    assert len(_events(demo_session, order, "departed")) == 1


def test_customer_sees_the_distance_to_their_address_not_the_position(demo_session, at_home):
    order, tech = at_home
    # about 2.7 km west of the customer's address, then at the door
    journeys.step(demo_session, tech, order, "departed", order.lat, order.lng - 0.026)
    journeys.step(demo_session, tech, order, "arrived", order.lat, order.lng)
    journeys.step(demo_session, tech, order, "started")
    customer = _login(demo_session, CUSTOMER_PHONE)
    timeline = orders.order_detail(demo_session, customer, order.code).timeline
    distances = {e.kind: e.distance_m for e in timeline}
    assert 2500 <= distances["departed"] <= 2900 and distances["departed"] % 100 == 0
    assert distances["arrived"] == 0
    assert distances["started"] is None  # no position given
    assert distances["accepted"] is None
    assert all(not hasattr(e, "lat") for e in timeline)


def test_an_in_shop_order_shows_no_distance(demo_session, in_shop):
    order, tech = in_shop
    journeys.step(demo_session, tech, order, "departed", 22.54, 114.05)
    customer = _login(demo_session, CUSTOMER_PHONE)
    timeline = orders.order_detail(demo_session, customer, order.code).timeline
    assert all(e.distance_m is None for e in timeline)


def test_another_customer_cannot_read_the_progress(demo_session, at_home):
    order, tech = at_home
    journeys.step(demo_session, tech, order, "departed", order.lat, order.lng)
    stranger = journeys.sign_up(demo_session, "17600000004", "hello2026", "路人")
    with pytest.raises(DomainError) as err:
        orders.order_detail(demo_session, stranger, order.code)
    assert err.value.key == "order.not_found"
