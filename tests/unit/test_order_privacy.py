"""Hole 2: who sees a phone or an address of an order, and until when (orders/privacy.py), calls
through the AXB relay (integrations/privacy_numbers), messages only inside the window, every
full reveal audited once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations.privacy_numbers.sandbox import RelayRefused, SandboxAxbServer
from salon_app.core.models import AuditEntry, Order, OrderMessage, PrivacyBinding, Technician, User
from salon_app.core.services import orders
from salon_app.core.services.booking import changes as order_changes
from salon_app.core.services.orders import contact, messages, relay
from salon_app.core.services.orders import jobs as job_board
from salon_app.core.services.orders.flow import transition
from salon_app.core.settings import get_settings
from tests.support.journeys import accept, complete, mark_paid, technician_actor
from tests.support.offers import no_offers  # noqa: F401
from tests.support.orders import at_home_order

HOME = (22.5405, 114.029)  # near 车公庙, where the demo has hairdressers who come home
ADDRESS = "福田区深南大道6008号2栋1201"


@pytest.fixture
def booked(demo_session, customer, no_offers):  # noqa: F811
    return at_home_order(demo_session, customer, HOME, ADDRESS)


@pytest.fixture
def accepted(demo_session, booked):
    mark_paid(demo_session, booked)
    return booked, accept(demo_session, booked)


def _phones(session, order: Order) -> tuple[str, str]:
    customer = session.get(User, order.customer_id).phone.removeprefix("+86")
    tech = session.get(User, session.get(Technician, order.technician_id).user_id)
    return customer, tech.phone.removeprefix("+86")


def _sees_nothing_private(session, tech, order: Order) -> None:
    """The technician outside the window: a masked phone, the district, no reveal, no thread."""
    customer_phone, _ = _phones(session, order)
    detail = job_board.job_detail(session, tech, order.code)
    assert detail.customer_phone == f"{customer_phone[:3]}****{customer_phone[-4:]}"
    assert detail.district == "福田区" and not detail.contact_open
    assert ADDRESS not in repr(detail)
    with pytest.raises(DomainError) as err:
        contact.job_contact(session, tech, order.code)
    assert err.value.key == "privacy.window_closed"
    with pytest.raises(DomainError) as err:
        messages.post(session, tech, order.code, "我明天再来一趟")
    assert err.value.key == "privacy.messages_closed"
    assert messages.visible_thread(session, tech, order.code) == []
    written = session.exec(select(OrderMessage).where(OrderMessage.order_id == order.id)).all()
    assert [m.body for m in written if m.body == "我明天再来一趟"] == []


def test_inside_the_window_the_technician_sees_the_address_and_calls_through_x(
    demo_session, accepted
):
    order, tech = accepted
    seen = contact.job_contact(demo_session, tech, order.code)
    customer_phone, tech_phone = _phones(demo_session, order)
    assert seen.address == ADDRESS
    assert seen.relay_number and seen.relay_number not in (customer_phone, tech_phone)
    assert customer_phone not in repr(seen)
    # the customer sees the same X, never the technician's number
    assert (
        contact.customer_call_number(demo_session, customer_actor(demo_session, order), order.code)
        == seen.relay_number
    )
    detail = orders.order_detail(demo_session, customer_actor(demo_session, order), order.code)
    assert tech_phone not in repr(detail) and detail.contact_open


def customer_actor(session, order: Order):
    from salon_app.core.services.access import Actor

    user = session.get(User, order.customer_id)
    return Actor(user.id, "customer", user.display_name)


def test_the_sandbox_rings_the_other_party_and_refuses_after_expiry_or_unbinding(demo_session):
    server = SandboxAxbServer(demo_session.get_bind())
    client = server.client()
    made = client.bind("+8613800138001", "+8613900139002", utcnow() + timedelta(hours=2), "T1")
    assert server.place_call("13800138001", made.relay_number) == "13900139002"
    assert server.place_call("+8613900139002", made.relay_number) == "13800138001"
    with pytest.raises(RelayRefused):
        server.place_call("13700137003", made.relay_number)  # a stranger dialling X
    client.unbind(made.subs_id, made.relay_number)
    with pytest.raises(RelayRefused):
        server.place_call("13800138001", made.relay_number)
    short = client.bind("+8613800138001", "+8613900139002", utcnow() + timedelta(seconds=1), "T2")
    assert server.place_call("13800138001", short.relay_number) == "13900139002"
    from salon_app.core.models import RelaySandboxBinding

    row = demo_session.exec(
        select(RelaySandboxBinding).where(RelaySandboxBinding.subs_id == short.subs_id)
    ).one()
    row.expires_at = utcnow() - timedelta(seconds=1)  # the provider's clock moved past it
    demo_session.add(row)
    demo_session.commit()
    with pytest.raises(RelayRefused):
        server.place_call("13800138001", short.relay_number)


def test_the_sandbox_refuses_a_bad_signature_and_runs_out_of_numbers(demo_session):
    from salon_app.core.integrations.privacy_numbers import NoFreeNumber, RelayError

    server = SandboxAxbServer(demo_session.get_bind(), pool=("17100000001",))
    client = server.client()
    later = utcnow() + timedelta(hours=1)
    client.bind("+8613800138001", "+8613900139002", later, "T1")
    with pytest.raises(NoFreeNumber):  # A already holds the pool's one X
        client.bind("+8613800138001", "+8613600136003", later, "T2")
    client.access_key_secret = "forged"
    with pytest.raises(RelayError):
        client.bind("+8613500135004", "+8613600136003", later, "T3")


def test_accepted_then_cancelled_order_shows_the_technician_nothing_private(
    demo_session, accepted, customer
):
    order, tech = accepted
    order_changes.cancel(demo_session, customer, order.code, "不需要了")
    _sees_nothing_private(demo_session, tech, order)
    assert contact.customer_call_number(demo_session, customer, order.code) is None


def test_refunded_order_shows_nobody_a_number(demo_session, accepted, customer):
    order, tech = accepted
    transition(demo_session, order, "refunded", None)
    demo_session.commit()
    _sees_nothing_private(demo_session, tech, order)
    assert contact.customer_call_number(demo_session, customer, order.code) is None
    assert not orders.order_detail(demo_session, customer, order.code).contact_open


def test_order_completed_n_plus_one_hours_ago_is_closed_and_n_minus_one_is_open(
    demo_session, booked, customer
):
    complete(demo_session, booked)
    tech = technician_actor(demo_session, booked.technician_id)
    hours = get_settings().contact_window_hours
    booked.completed_at = utcnow() - timedelta(hours=hours - 1)
    demo_session.add(booked)
    demo_session.commit()
    assert job_board.job_detail(demo_session, tech, booked.code).contact_open
    messages.post(demo_session, tech, booked.code, "谢谢惠顾")
    booked.completed_at = utcnow() - timedelta(hours=hours + 1)
    demo_session.add(booked)
    demo_session.commit()
    _sees_nothing_private(demo_session, tech, booked)
    with pytest.raises(DomainError) as err:
        messages.post(demo_session, customer, booked.code, "还在吗")
    assert err.value.key == "privacy.messages_closed"


def test_paid_but_unaccepted_order_shows_the_customer_no_technician_number(
    demo_session, booked, customer
):
    mark_paid(demo_session, booked)
    detail = orders.order_detail(demo_session, customer, booked.code)
    _, tech_phone = _phones(demo_session, booked)
    assert not detail.contact_open and tech_phone not in repr(detail)
    assert contact.customer_call_number(demo_session, customer, booked.code) is None
    with pytest.raises(DomainError) as err:
        messages.post(demo_session, customer, booked.code, "请尽快接单")
    assert err.value.key == "privacy.messages_closed"
    assert demo_session.exec(select(PrivacyBinding)).all() == []


def test_every_full_reveal_is_audited_once(demo_session, accepted):
    order, tech = accepted

    def reveals() -> int:
        return len(
            demo_session.exec(
                select(AuditEntry).where(
                    AuditEntry.action == "order.contact_revealed", AuditEntry.target_id == order.id
                )
            ).all()
        )

    job_board.job_detail(demo_session, tech, order.code)  # a live refresh reveals nothing
    assert reveals() == 0
    contact.job_contact(demo_session, tech, order.code)
    assert reveals() == 1
    job_board.job_detail(demo_session, tech, order.code)
    assert reveals() == 1
    contact.job_contact(demo_session, tech, order.code)  # the page opened again
    assert reveals() == 2
    # one binding for both reveals
    assert len(demo_session.exec(select(PrivacyBinding)).all()) == 1


def test_another_persons_order_is_not_found_and_nothing_is_written(demo_session, accepted, tech):
    order, owner = accepted
    if tech.technician_id == owner.technician_id:
        pytest.skip("the demo technician owns this order")
    before = len(demo_session.exec(select(AuditEntry)).all())
    for call in (
        lambda: contact.job_contact(demo_session, tech, order.code),
        lambda: messages.post(demo_session, tech, order.code, "你好"),
    ):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.key == "order.not_found"
    assert len(demo_session.exec(select(AuditEntry)).all()) == before
    assert demo_session.exec(select(PrivacyBinding)).all() == []


def test_the_release_job_unbinds_when_the_window_closes(demo_session, accepted, customer):
    order, tech = accepted
    number = contact.job_contact(demo_session, tech, order.code).relay_number
    server = SandboxAxbServer(demo_session.get_bind())
    customer_phone, tech_phone = _phones(demo_session, order)
    assert server.place_call(customer_phone, number) == tech_phone
    assert relay.release_closed(demo_session, utcnow()) == 0  # still open
    order_changes.cancel(demo_session, customer, order.code, "不需要了")
    assert relay.release_closed(demo_session, utcnow()) == 1
    with pytest.raises(RelayRefused):
        server.place_call(customer_phone, number)
    assert relay.release_closed(demo_session, utcnow()) == 0
