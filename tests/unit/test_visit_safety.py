"""Safety on home visits: SOS once per order and person, in the visit window only, on top of the
alert queue; share-my-visit links that show the visit but never an address or a phone."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Alert,
    MerchantStaff,
    Notification,
    Order,
    SosSignal,
    User,
    VisitShare,
)
from salon_app.core.services import alerts, auth, safety
from salon_app.core.services.alerts import AlertFilter
from salon_app.core.settings import get_settings
from tests.support import journeys
from tests.support.journeys import accept, mark_paid
from tests.support.orders import at_home_order

HOME = (22.5405, 114.029)
ADDRESS = "福田区深南大道6008号"
MINUTE = timedelta(minutes=1)
RULES = get_settings().visits


@pytest.fixture
def visit(demo_session):
    """An at-home haircut, paid and accepted: (order, technician, customer, step times)."""
    customer = auth.log_in(demo_session, CUSTOMER_PHONE, DEMO_PASSWORD).actor
    order = mark_paid(demo_session, at_home_order(demo_session, customer, HOME, ADDRESS))
    return order, accept(demo_session, order), customer, journeys.visit_times(order)


def _sos_alerts(session):
    session.rollback()
    return session.exec(select(Alert).where(Alert.rule == "sos").order_by(Alert.id)).all()


def test_sos_during_a_visit_alerts_the_platform_and_the_shop_once(demo_session, visit):
    order, tech, _, times = visit
    journeys.step(demo_session, tech, order, "departed")
    at = times["departed"] + MINUTE
    first = safety.sos(demo_session, tech, order.code, 22.5401, 114.0301, at=at)
    again = safety.sos(demo_session, tech, order.code, 22.5401, 114.0301, at=at + MINUTE)
    assert (first.alerted, again.alerted) == (True, False)
    assert first.emergency_number == "110" and first.safety_line == RULES.safety_line
    [alert] = _sos_alerts(demo_session)
    assert (alert.order_id, alert.merchant_id, alert.technician_id) == (
        order.id,
        order.merchant_id,
        order.technician_id,
    )
    assert alert.details == {"who": "technician", "located": "1"}
    [signal] = demo_session.exec(select(SosSignal)).all()
    assert signal.position == "22.5401,114.0301" and signal.alert_id == alert.id
    raw = demo_session.execute(text("SELECT position FROM sos_signal")).scalar_one()
    assert "22.5401" not in raw  # encrypted at rest
    shop_staff = demo_session.exec(
        select(MerchantStaff.user_id).where(MerchantStaff.merchant_id == order.merchant_id)
    ).all()
    told = demo_session.exec(select(Notification).where(Notification.key == "notify.sos")).all()
    assert told and {n.user_id for n in told} <= set(shop_staff)


def test_the_customer_and_the_technician_each_raise_one(demo_session, visit):
    order, tech, customer, times = visit
    journeys.step(demo_session, tech, order, "departed")
    at = times["departed"] + MINUTE
    for _ in range(3):  # a triple click each
        safety.sos(demo_session, customer, order.code, at=at)
        safety.sos(demo_session, tech, order.code, at=at)
    assert [a.details["who"] for a in _sos_alerts(demo_session)] == ["customer", "technician"]
    later = at + timedelta(minutes=RULES.sos_repeat_minutes) + MINUTE
    assert safety.sos(demo_session, customer, order.code, at=later).alerted  # a new emergency


def test_sos_is_offered_from_departure_until_a_while_after_completion(demo_session, visit):
    order, tech, customer, times = visit
    with pytest.raises(DomainError) as err:
        safety.sos(demo_session, customer, order.code, at=times["departed"] - MINUTE)
    assert err.value.key == "safety.sos_not_in_visit"
    assert not safety.sos_open(demo_session, customer, order.code)
    journeys.progress(demo_session, tech, order)
    done = demo_session.get(Order, order.id).completed_at
    window = timedelta(minutes=RULES.sos_after_minutes)
    assert safety.sos_open(demo_session, tech, order.code, at=done + window - MINUTE)
    assert safety.sos(demo_session, customer, order.code, at=done + window - MINUTE).alerted
    with pytest.raises(DomainError) as err:
        safety.sos(demo_session, tech, order.code, at=done + window + MINUTE)
    assert err.value.key == "safety.sos_not_in_visit"
    assert len(_sos_alerts(demo_session)) == 1


def test_sos_on_someone_elses_or_a_forged_order_is_refused(demo_session, visit):
    order, tech, _, times = visit
    journeys.step(demo_session, tech, order, "departed")
    stranger = journeys.sign_up(demo_session, "17600000024", "hello2026", "路人")
    for who, code in ((stranger, order.code), (tech, "1" * 40), (None, order.code)):
        with pytest.raises(DomainError) as err:
            safety.sos(demo_session, who, code, at=times["departed"] + MINUTE)
        assert err.value.key == "order.not_found"
    assert _sos_alerts(demo_session) == []


def test_open_sos_alerts_head_the_queue(demo_session, visit, operations):
    order, tech, customer, times = visit
    journeys.step(demo_session, tech, order, "departed")
    safety.sos(demo_session, customer, order.code, at=times["departed"] + MINUTE)
    alerts.scan(demo_session, times["departed"] + timedelta(hours=3))  # newer alerts after it
    page = alerts.alert_queue(
        demo_session, operations, alerts.table_query("", "", True, 1), AlertFilter()
    )
    assert page.total > 1 and page.rows[0].rule == "sos"
    assert page.rows[0].order_code == order.code


def _share(session, visit):
    order, tech, customer, times = visit
    return order, tech, customer, times, safety.create_share(session, customer, order.code)


def test_a_shared_visit_shows_the_technician_and_the_step_never_the_address_or_phones(
    demo_session, visit
):
    order, tech, customer, times, link = _share(demo_session, visit)
    assert len(link.token) >= 32
    assert safety.create_share(demo_session, customer, order.code).token == link.token  # once
    journeys.step(demo_session, tech, order, "departed", *HOME)
    seen = safety.shared_visit(demo_session, None, link.token, at=times["departed"])
    assert seen.technician_name and seen.service_step == "departed"
    assert [kind for kind, _ in seen.steps] == ["departed"]
    shown = repr(asdict(seen))
    phones = [demo_session.get(User, uid).phone for uid in (customer.user_id, tech.user_id)]
    for secret in (ADDRESS, "深南大道", str(HOME[0]), *phones, *(p[-8:] for p in phones)):
        assert secret not in shown


def test_a_shared_link_expires_after_the_visit_and_can_be_revoked(demo_session, visit):
    order, tech, customer, _times, link = _share(demo_session, visit)
    journeys.progress(demo_session, tech, order)
    done = demo_session.get(Order, order.id).completed_at
    margin = timedelta(minutes=RULES.share_margin_minutes)
    assert safety.shared_visit(demo_session, None, link.token, at=done + margin - MINUTE)
    with pytest.raises(DomainError) as err:
        safety.shared_visit(demo_session, None, link.token, at=done + margin + MINUTE)
    assert err.value.key == "safety.share_expired"
    assert safety.revoke_share(demo_session, customer, order.code) == 1
    with pytest.raises(DomainError) as err:
        safety.shared_visit(demo_session, None, link.token, at=done)
    assert err.value.key == "safety.share_expired"


def test_unknown_tokens_and_other_peoples_orders_are_refused(demo_session, visit):
    order, _, customer, _, link = _share(demo_session, visit)
    for token in ("", "nope", "x" * 500, 12, None, link.token[:-1]):
        with pytest.raises(DomainError) as err:
            safety.shared_visit(demo_session, None, token)
        assert err.value.key == "safety.share_not_found"
    stranger = journeys.sign_up(demo_session, "17600000034", "hello2026", "路人")
    for call in (safety.create_share, safety.revoke_share, safety.my_share):
        with pytest.raises(DomainError) as err:
            call(demo_session, stranger, order.code)
        assert err.value.key == "order.not_found"
    assert len(demo_session.exec(select(VisitShare)).all()) == 1
    assert safety.my_share(demo_session, customer, order.code).token == link.token


def test_an_unpaid_order_cannot_be_shared(demo_session):
    customer = auth.log_in(demo_session, CUSTOMER_PHONE, DEMO_PASSWORD).actor
    order = at_home_order(demo_session, customer, HOME, ADDRESS)
    with pytest.raises(DomainError) as err:
        safety.create_share(demo_session, customer, order.code)
    assert err.value.key == "safety.share_not_now"
    assert demo_session.exec(select(VisitShare)).all() == []
