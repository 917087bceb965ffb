"""Changing one's mind: reschedule and cancel within the policy, on one's own orders only."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import TECHNICIAN_PHONE
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    DispatchOffer,
    Notification,
    Order,
    OrderEvent,
    Service,
    Technician,
)
from salon_app.core.services import auth, availability, dispatch
from salon_app.core.services.availability.data import zone
from salon_app.core.services.booking import BookingRequest, book
from salon_app.core.services.booking import changes as order_changes
from salon_app.core.services.notifications import order_time
from salon_app.core.services.orders import jobs as job_board
from salon_app.core.settings import get_settings
from tests.support import journeys
from tests.support.journeys import accept, complete, mark_paid
from tests.support.orders import next_free_start


@pytest.fixture
def booked(demo_session, customer):
    tech_actor = auth.log_in(demo_session, TECHNICIAN_PHONE, DEMO_PASSWORD).actor
    haircut = demo_session.exec(select(Service).where(Service.slug == "haircut")).one()
    # Two days ahead or later: outside the free-cancellation window.
    start = next_free_start(demo_session, tech_actor.technician_id, haircut.id)
    return book(demo_session, customer, BookingRequest(haircut.id, tech_actor.technician_id, start))


def _local_day(moment: datetime) -> date:
    return moment.astimezone(zone(None)).date()


def _events(session, order) -> list[str]:
    rows = session.exec(select(OrderEvent.kind).where(OrderEvent.order_id == order.id)).all()
    return list(rows)


def test_reschedule_moves_the_order_and_frees_the_old_slot(demo_session, customer, booked):
    old = booked.starts_at
    service_id = demo_session.exec(select(Service.id).where(Service.slug == "haircut")).one()
    next_day = _local_day(old) + timedelta(days=1)
    later = next_free_start(demo_session, booked.technician_id, service_id, next_day)
    order_changes.reschedule(demo_session, customer, booked.code, later)
    demo_session.refresh(booked)
    assert booked.starts_at == later and booked.block_start == later
    assert _events(demo_session, booked) == ["created", "rescheduled"]
    free_again = availability.free_slots(
        demo_session, booked.technician_id, service_id, _local_day(old), 1
    )
    assert old in free_again


def test_reschedule_into_a_taken_slot_is_refused(demo_session, customer, booked):
    other = journeys.sign_up(demo_session, "17600000003", "hello2026", "别人")
    service_id = demo_session.exec(select(Service.id).where(Service.slug == "haircut")).one()
    day = _local_day(booked.starts_at) + timedelta(days=1)
    taken = next_free_start(demo_session, booked.technician_id, service_id, day)
    book(demo_session, other, BookingRequest(service_id, booked.technician_id, taken))
    with pytest.raises(DomainError) as err:
        order_changes.reschedule(demo_session, customer, booked.code, taken)
    assert err.value.key == "booking.slot_taken"
    demo_session.refresh(booked)
    assert booked.starts_at != taken


def test_unpaid_order_cancels_without_refund(demo_session, customer, booked):
    terms = order_changes.cancel(demo_session, customer, booked.code, "计划有变")
    demo_session.refresh(booked)
    assert booked.status == "cancelled" and not booked.holds_slot
    assert terms.refund_fen == 0
    assert _events(demo_session, booked) == ["created", "cancelled"]


def test_cancel_terms_free_outside_the_window_fee_inside(demo_session, booked):
    mark_paid(demo_session, booked)
    s = get_settings()
    early = booked.starts_at - timedelta(hours=s.cancel_free_hours + 1)
    late = booked.starts_at - timedelta(hours=s.cancel_free_hours - 1)
    free = order_changes.cancel_terms(booked, early)
    assert (free.free, free.fee_fen, free.refund_fen) == (True, 0, booked.total_fen)
    fee = order_changes.cancel_terms(booked, late)
    assert fee.fee_fen == booked.total_fen * s.cancel_fee_bp // 10_000
    assert fee.fee_fen + fee.refund_fen == booked.total_fen and not fee.free


def test_started_order_can_be_neither_cancelled_nor_moved(demo_session, customer, booked):
    tech_user = demo_session.get(Technician, booked.technician_id).user_id
    mark_paid(demo_session, booked)
    from salon_app.core.services.orders.flow import transition

    transition(demo_session, booked, "departed", tech_user)
    demo_session.commit()
    with pytest.raises(DomainError) as err:
        order_changes.cancel(demo_session, customer, booked.code)
    assert err.value.key == "order.cannot_cancel"
    with pytest.raises(DomainError) as err:
        order_changes.reschedule(demo_session, customer, booked.code, booked.starts_at)
    assert err.value.key == "order.cannot_reschedule"


def test_nobody_else_can_cancel_or_move_my_order(demo_session, booked):
    stranger = journeys.sign_up(demo_session, "17600000004", "hello2026", "陌生人")
    for call in (
        lambda: order_changes.cancel(demo_session, stranger, booked.code),
        lambda: order_changes.reschedule(demo_session, stranger, booked.code, booked.starts_at),
    ):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.key == "order.not_found"
    demo_session.refresh(booked)
    assert booked.status == "pending_payment"


def test_completed_order_cannot_be_cancelled(demo_session, customer, booked):
    complete(demo_session, booked)
    with pytest.raises(DomainError):
        order_changes.cancel(demo_session, customer, booked.code)
    assert demo_session.get(Order, booked.id).status == "completed"


def test_reschedule_offers_the_technicians_free_times_around_the_order_itself(
    demo_session, customer, booked
):
    """Moving by half an hour is possible: the order's own block is not in its way."""
    day = _local_day(booked.starts_at)
    duration = booked.ends_at - booked.starts_at
    haircut = demo_session.exec(select(Service.id).where(Service.slug == "haircut")).one()
    offered = order_changes.reschedule_slots(demo_session, customer, booked.code, day, 1)
    others_see = availability.free_slots(demo_session, booked.technician_id, haircut, day, 1)
    assert booked.starts_at not in offered
    assert set(others_see) <= set(offered)
    overlapping = [s for s in offered if abs(s - booked.starts_at) < duration]
    assert overlapping and not set(overlapping) & set(others_see)
    order_changes.reschedule(demo_session, customer, booked.code, overlapping[0])
    demo_session.refresh(booked)
    assert booked.starts_at == overlapping[0]


def test_reschedule_offers_nothing_to_strangers_or_inside_the_window(
    demo_session, customer, booked
):
    stranger = journeys.sign_up(demo_session, "17600000005", "hello2026", "陌生人")
    day = _local_day(booked.starts_at)
    with pytest.raises(DomainError) as err:
        order_changes.reschedule_slots(demo_session, stranger, booked.code, day, 1)
    assert err.value.key == "order.not_found"
    hours = get_settings().cancel_free_hours
    booked.starts_at = utcnow() + timedelta(hours=hours - 1)  # now inside the window
    demo_session.commit()
    assert order_changes.reschedule_slots(demo_session, customer, booked.code, day, 1) == []


def _notes(session, user_id: int, order) -> list[tuple[str, dict]]:
    rows = session.exec(
        select(Notification).where(
            Notification.user_id == user_id, Notification.order_id == order.id
        )
    ).all()
    return [(n.key, n.params) for n in rows]


def test_a_cancelled_order_leaves_the_technicians_inbox_and_they_are_told(
    demo_session, customer, tech, booked
):
    mark_paid(demo_session, booked)
    assert [j.order_code for j in job_board.inbox(demo_session, tech)] == [booked.code]
    order_changes.cancel(demo_session, customer, booked.code)
    assert job_board.inbox(demo_session, tech) == []
    (offer,) = demo_session.exec(
        select(DispatchOffer).where(DispatchOffer.order_id == booked.id)
    ).all()
    assert offer.status == "withdrawn"
    with pytest.raises(DomainError) as err:
        dispatch.accept(demo_session, tech, offer.id)
    assert err.value.key == "dispatch.offer_taken"  # not order.illegal_transition
    when = order_time(demo_session, booked)
    assert ("notify.order_cancelled_technician", {"code": booked.code, "time": when}) in _notes(
        demo_session, tech.user_id, booked
    )


def test_the_technician_who_accepted_hears_of_a_reschedule_and_keeps_the_job(
    demo_session, customer, booked
):
    mark_paid(demo_session, booked)
    tech = accept(demo_session, booked)
    service_id = demo_session.exec(select(Service.id).where(Service.slug == "haircut")).one()
    day = _local_day(booked.starts_at) + timedelta(days=1)
    later = next_free_start(demo_session, booked.technician_id, service_id, day)
    order_changes.reschedule(demo_session, customer, booked.code, later)
    moved = demo_session.get(Order, booked.id, populate_existing=True)
    assert moved.starts_at == later
    when = order_time(demo_session, moved)  # the new time, in the shop's zone
    assert ("notify.order_rescheduled_technician", {"code": booked.code, "time": when}) in _notes(
        demo_session, tech.user_id, booked
    )
    assert [j.order_code for j in job_board.my_jobs(demo_session, tech, "pending_service")] == [
        booked.code
    ]


def test_a_technician_not_yet_asked_is_not_told(demo_session, customer, tech, booked):
    order_changes.cancel(demo_session, customer, booked.code)  # unpaid: never offered
    assert _notes(demo_session, tech.user_id, booked) == []
