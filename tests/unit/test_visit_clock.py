"""Hole 1 of issue 13: progress steps follow the clock, and 到达 is verified (by position or by
the customer) or recorded unverified with an alert."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.errors import DomainError
from salon_app.core.models import Alert, Order, OrderEvent
from salon_app.core.services import alerts, auth, orders
from salon_app.core.services.orders import jobs as job_board
from salon_app.core.settings import get_settings
from salon_app.i18n import t
from tests.support import journeys
from tests.support.journeys import accept, mark_paid
from tests.support.orders import at_home_order

HOME = (22.5405, 114.029)  # near 车公庙, where the demo has hairdressers who come home
MINUTE = timedelta(minutes=1)


@pytest.fixture
def visit(demo_session):
    """A paid at-home haircut at a located address, accepted: (order, technician, customer)."""
    customer = auth.log_in(demo_session, CUSTOMER_PHONE, DEMO_PASSWORD).actor
    order = mark_paid(
        demo_session, at_home_order(demo_session, customer, HOME, "福田区深南大道6008号")
    )
    return order, accept(demo_session, order), customer


def _events(session, order, kind):
    session.rollback()
    return session.exec(
        select(OrderEvent).where(OrderEvent.order_id == order.id, OrderEvent.kind == kind)
    ).all()


def _refused(session, tech, order, step, at=None, position=(None, None)):
    before = session.get(Order, order.id).service_step
    with pytest.raises(DomainError) as err:
        job_board.advance(session, tech, order.code, step, *position, at=at)
    session.rollback()
    assert session.get(Order, order.id).service_step == before  # nothing changed
    assert _events(session, order, step) == []
    return err.value


def _depart_at(order):
    return order.starts_at - timedelta(minutes=get_settings().visits.depart_lead_minutes)


def test_departing_days_before_the_visit_is_refused_with_the_time_it_becomes_possible(
    demo_session, visit
):
    order, tech, _ = visit
    assert order.starts_at - utcnow() > timedelta(days=1)
    err = _refused(demo_session, tech, order, "departed")  # now: days early
    assert err.key == "visit.depart_too_early"
    local = _depart_at(order).astimezone(ZoneInfo("Asia/Shanghai"))
    assert (
        t(err.key, **err.params)
        == f"还不能出发：最早可在 {local:%m月%d日 %H:%M} 出发（服务开始前两小时内）"
    )


def test_departing_one_minute_before_the_lead_is_refused_and_one_minute_after_is_not(
    demo_session, visit
):
    order, tech, _ = visit
    err = _refused(demo_session, tech, order, "departed", at=_depart_at(order) - MINUTE)
    assert err.key == "visit.depart_too_early"
    job_board.advance(demo_session, tech, order.code, "departed", at=_depart_at(order) + MINUTE)
    assert demo_session.get(Order, order.id).service_step == "departed"


def test_arriving_before_departing_is_refused(demo_session, visit):
    order, tech, _ = visit
    departed = _depart_at(order) + timedelta(minutes=30)
    job_board.advance(demo_session, tech, order.code, "departed", at=departed)
    err = _refused(demo_session, tech, order, "arrived", at=departed - MINUTE, position=HOME)
    assert err.key == "visit.arrive_too_early"
    job_board.advance(demo_session, tech, order.code, "arrived", *HOME, at=departed + MINUTE)


def _started(session, tech, order):
    start = order.starts_at
    job_board.advance(session, tech, order.code, "departed", at=start - timedelta(minutes=40))
    job_board.advance(session, tech, order.code, "arrived", order.lat, order.lng, at=start)
    job_board.advance(session, tech, order.code, "started", at=start + MINUTE)
    return start + MINUTE


def test_finishing_before_half_the_service_length_is_refused(demo_session, visit):
    order, tech, _ = visit
    started = _started(demo_session, tech, order)
    half = timedelta(minutes=order.duration_min * get_settings().visits.finish_share_percent / 100)
    err = _refused(demo_session, tech, order, "completed", at=started + half - MINUTE)
    assert err.key == "visit.finish_too_early"
    job_board.advance(demo_session, tech, order.code, "completed", at=started + half + MINUTE)
    demo_session.rollback()
    assert demo_session.get(Order, order.id).status == "completed"


def test_an_arrival_near_the_address_is_verified_by_position(demo_session, visit):
    order, tech, _ = visit
    _started(demo_session, tech, order)
    [arrived] = _events(demo_session, order, "arrived")
    assert arrived.details["verified"] is True and arrived.details["by"] == "position"
    assert orders.arrival_state(demo_session, demo_session.get(Order, order.id)) == "position"
    alerts.scan(demo_session, arrived.at + MINUTE)
    assert demo_session.exec(select(Alert).where(Alert.rule == "unverified_arrival")).all() == []


def _arrive_far(session, tech, order):
    start = order.starts_at
    job_board.advance(session, tech, order.code, "departed", at=start - timedelta(minutes=40))
    far = (order.lat, order.lng + 0.01)  # ~1 km east
    job_board.advance(session, tech, order.code, "arrived", *far, at=start - MINUTE)
    return start - MINUTE


def test_an_arrival_far_away_is_recorded_unverified_and_raises_an_alert(demo_session, visit):
    order, tech, _ = visit
    at = _arrive_far(demo_session, tech, order)
    [arrived] = _events(demo_session, order, "arrived")
    assert arrived.details["verified"] is False and arrived.details["distance_m"] > 900
    report = alerts.scan(demo_session, at + MINUTE)
    assert ("unverified_arrival", f"order:{order.id}") in report.raised
    alert = demo_session.exec(select(Alert).where(Alert.rule == "unverified_arrival")).one()
    assert (alert.order_id, alert.merchant_id) == (order.id, order.merchant_id)


def test_an_arrival_without_a_position_is_unverified(demo_session, visit):
    order, tech, _ = visit
    start = order.starts_at
    job_board.advance(demo_session, tech, order.code, "departed", at=start - timedelta(hours=1))
    job_board.advance(demo_session, tech, order.code, "arrived", "x", None, at=start)
    [arrived] = _events(demo_session, order, "arrived")
    assert arrived.details == {"verified": False, "by": "", "distance_m": None}


def test_the_customer_confirms_an_unverified_arrival_and_no_alert_is_raised(demo_session, visit):
    order, tech, customer = visit
    at = _arrive_far(demo_session, tech, order)
    assert orders.confirm_arrival(demo_session, customer, order.code, at=at) == "customer"
    assert orders.confirm_arrival(demo_session, customer, order.code, at=at) == "customer"
    assert len(_events(demo_session, order, "arrival_confirmed")) == 1  # once
    raised = alerts.scan(demo_session, at + MINUTE).raised
    assert [r for r in raised if r[0] == "unverified_arrival"] == []


def test_a_confirmation_before_the_arrival_verifies_it(demo_session, visit):
    order, tech, customer = visit
    start = order.starts_at
    job_board.advance(demo_session, tech, order.code, "departed", at=start - timedelta(hours=1))
    orders.confirm_arrival(demo_session, customer, order.code, at=start - MINUTE)
    job_board.advance(demo_session, tech, order.code, "arrived", at=start)  # no position
    [arrived] = _events(demo_session, order, "arrived")
    assert arrived.details["verified"] is True and arrived.details["by"] == "customer"


def test_confirming_outside_a_visit_or_someone_elses_order_is_refused(demo_session, visit):
    order, tech, customer = visit
    with pytest.raises(DomainError) as err:
        orders.confirm_arrival(demo_session, customer, order.code)  # not departed yet
    assert err.value.key == "visit.confirm_not_in_visit"
    job_board.advance(demo_session, tech, order.code, "departed", at=_depart_at(order))
    stranger = journeys.sign_up(demo_session, "17600000014", "hello2026", "路人")
    for who, code in ((stranger, order.code), (customer, "NOPE-123"), (tech, order.code)):
        with pytest.raises(DomainError) as err:
            orders.confirm_arrival(demo_session, who, code)
        assert err.value.key in ("order.not_found", "auth.forbidden")
    assert _events(demo_session, order, "arrival_confirmed") == []


def test_a_forged_order_code_is_refused_for_a_step(demo_session, visit):
    _, tech, _ = visit
    with pytest.raises(DomainError) as err:
        job_board.advance(demo_session, tech, "X" * 30, "departed")
    assert err.value.key == "order.not_found"
