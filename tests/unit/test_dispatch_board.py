"""The admin dispatch view: candidates with their answer and live status; any order that can
still move opens by its code, with the free technicians never ranked for it as suggestions."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import Order
from salon_app.core.services import availability
from salon_app.core.services.access import Actor
from salon_app.core.services.dispatch import board as dispatch_board
from salon_app.core.services.dispatch.board import SUGGESTED
from salon_app.i18n import t
from tests.support.journeys import accept, complete, mark_paid, reject
from tests.support.orders import pending_order


@pytest.fixture
def paid(demo_session: Session, customer: Actor) -> Order:
    return mark_paid(demo_session, pending_order(demo_session, customer))


def test_waiting_orders_show_each_candidates_answer_and_live_status(demo_session, admin, paid):
    first = paid.technician_id
    reject(demo_session, paid)
    card = next(
        w for w in dispatch_board.waiting_orders(demo_session, admin) if w.code == paid.code
    )
    by_id = {c.technician_id: c for c in card.candidates}
    assert (by_id[first].status, by_id[first].reason) == ("rejected", "临时有事")
    assert not by_id[first].current
    assert by_id[paid.technician_id].status == "offered" and by_id[paid.technician_id].current
    live = availability.live_statuses(demo_session, list(by_id))
    assert {c.technician_id: c.live for c in card.candidates} == live
    for c in card.candidates:  # every status the page shows has its words
        assert t(f"admin.offer.{c.status}") != f"admin.offer.{c.status}"
        assert t(f"tech.live.{c.live}") != f"tech.live.{c.live}"


def test_an_accepted_order_opens_with_free_technicians_suggested(demo_session, admin, paid):
    tech = accept(demo_session, paid)
    card = dispatch_board.order_for_reassignment(demo_session, admin, f" {paid.code} ")
    assert card.code == paid.code and card.dispatch_state == "accepted"
    mine, *suggested = card.candidates
    assert (mine.technician_id, mine.status, mine.current) == (tech.technician_id, "accepted", True)
    assert suggested, "the demo shop has other hairdressers free then"
    assert {c.status for c in suggested} == {SUGGESTED}
    assert tech.technician_id not in {c.technician_id for c in suggested}
    assert [c.score for c in suggested] == sorted((c.score for c in suggested), reverse=True)


def test_an_unpaid_order_opens_too(demo_session, admin, customer):
    order = pending_order(demo_session, customer)
    card = dispatch_board.order_for_reassignment(demo_session, admin, order.code)
    assert (card.status, card.dispatch_state) == ("pending_payment", "")
    assert card.candidates and {c.status for c in card.candidates} == {SUGGESTED}


def test_an_order_that_can_no_longer_move_does_not_open(demo_session, admin, paid):
    complete(demo_session, paid)
    with pytest.raises(DomainError) as err:
        dispatch_board.order_for_reassignment(demo_session, admin, paid.code)
    assert err.value.key == "dispatch.not_movable.completed"


def test_only_admins_open_orders_for_dispatch(demo_session, customer, tech, paid):
    for actor in (customer, tech):
        with pytest.raises(PermissionDenied):
            dispatch_board.order_for_reassignment(demo_session, actor, paid.code)
