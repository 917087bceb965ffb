"""The message thread after the order changes technician: each technician is in it only while
the order is theirs and reads only what was written since; the customer reads all of it."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from salon_app.core.errors import DomainError
from salon_app.core.models import Order
from salon_app.core.services import dispatch
from salon_app.core.services.access import Actor
from salon_app.core.services.dispatch.ranking import rank_candidates
from salon_app.core.services.orders import messages
from tests.support.journeys import accept, mark_paid, reject
from tests.support.orders import pending_order


def _bodies(session: Session, actor: Actor, order: Order) -> list[str]:
    return [m.body for m in messages.thread(session, actor, order.code)]


@pytest.fixture
def accepted(demo_session: Session, customer: Actor) -> tuple[Order, Actor]:
    order = mark_paid(demo_session, pending_order(demo_session, customer))
    tech = accept(demo_session, order)  # messages open with the acceptance (privacy rule)
    messages.post(demo_session, customer, order.code, "门禁密码 1234")
    messages.post(demo_session, tech, order.code, "好的，准时到")
    return order, tech


def test_the_technician_who_accepted_reads_from_the_booking_on(demo_session, customer, accepted):
    order, tech = accepted
    assert _bodies(demo_session, tech, order) == ["门禁密码 1234", "好的，准时到"]


def test_after_re_assignment_the_new_technician_reads_only_from_then_and_the_old_one_nothing(
    demo_session, customer, admin, accepted
):
    order, first = accepted
    target = next(
        c.technician_id
        for c in rank_candidates(
            demo_session, dispatch.job_of(demo_session, order), exclude={first.technician_id}
        )
    )
    dispatch.assign(demo_session, admin, order.code, target)
    second = accept(demo_session, order)
    messages.post(demo_session, customer, order.code, "换了技师？请带吹风机")
    messages.post(demo_session, second, order.code, "收到")

    assert _bodies(demo_session, second, order) == ["换了技师？请带吹风机", "收到"]
    assert _bodies(demo_session, customer, order) == [
        "门禁密码 1234",
        "好的，准时到",
        "换了技师？请带吹风机",
        "收到",
    ]
    for call in (messages.thread, lambda s, a, c: messages.post(s, a, c, "还在吗")):
        with pytest.raises(DomainError) as err:
            call(demo_session, first, order.code)
        assert err.value.key == "order.not_found"
    assert messages.visible_thread(demo_session, first, order.code) == []


def test_nobody_is_written_to_before_a_technician_accepted(demo_session, customer):
    """Paid is not enough (privacy rule): the candidates of a re-dispatched order are not
    written to; the one who accepts reads from their acceptance on."""
    order = mark_paid(demo_session, pending_order(demo_session, customer))
    for then in (lambda: reject(demo_session, order), lambda: None):  # the next candidate
        with pytest.raises(DomainError) as err:
            messages.post(demo_session, customer, order.code, "写给候选技师")
        assert err.value.key == "privacy.messages_closed"
        then()
    tech = accept(demo_session, order)
    messages.post(demo_session, customer, order.code, "写给新技师")
    assert _bodies(demo_session, tech, order) == ["写给新技师"]
