"""An admin re-assigns an order by hand: the same rules as any move, refusals change nothing."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from salon_app.core.errors import DomainError
from salon_app.core.models import (
    AuditEntry,
    DispatchOffer,
    Merchant,
    Notification,
    Order,
    OrderEvent,
    OrderStatus,
    Service,
    Technician,
    TechnicianService,
)
from salon_app.core.services import dispatch
from salon_app.core.services.access import Actor
from salon_app.core.services.availability.rules import serves_address
from salon_app.core.services.dispatch.moves import MOVABLE
from salon_app.core.services.orders import jobs as job_board
from salon_app.core.services.orders.flow import transition
from salon_app.i18n import t
from tests.support import journeys
from tests.support.journeys import accept, complete, mark_paid, open_offer, technician_actor
from tests.support.orders import at_home_order, free_for, pending_order

CHEGONGMIAO = (22.5405, 114.029)


def _state(session: Session, order: Order) -> tuple:
    """What a refused assignment must leave as it was: the order's row and its history."""
    row = session.exec(
        select(Order).where(Order.id == order.id).execution_options(populate_existing=True)
    ).one()
    events = session.exec(select(OrderEvent.id).where(OrderEvent.order_id == order.id)).all()
    offers = session.exec(
        select(DispatchOffer.technician_id, DispatchOffer.status).where(
            DispatchOffer.order_id == order.id
        )
    ).all()
    return (
        row.status,
        row.technician_id,
        row.merchant_id,
        row.lat,
        row.lng,
        row.dispatch_state,
        sorted(events),
        sorted(offers),
    )


def _refused(session: Session, admin: Actor, order: Order, tech_id: int, key: str) -> None:
    before = _state(session, order)
    with pytest.raises(DomainError) as err:
        dispatch.assign(session, admin, order.code, tech_id)
    assert err.value.key == key
    assert _state(session, order) == before
    assert session.exec(select(AuditEntry).where(AuditEntry.target_type == "order")).all() == []


def _offering(session: Session, slug: str) -> list[int]:
    service = session.exec(select(Service).where(Service.slug == slug)).one()
    return list(
        session.exec(
            select(TechnicianService.technician_id)
            .where(TechnicianService.service_id == service.id)
            .order_by(TechnicianService.technician_id)
        ).all()
    )


@pytest.fixture
def paid(demo_session: Session, customer: Actor) -> Order:
    return mark_paid(demo_session, pending_order(demo_session, customer))


def test_a_technician_who_does_not_offer_the_service_is_refused(demo_session, admin, paid):
    same_shop = demo_session.exec(
        select(Technician.id).where(Technician.merchant_id == paid.merchant_id)
    ).all()
    nails_or_beauty = next(t for t in same_shop if t not in _offering(demo_session, "haircut"))
    _refused(demo_session, admin, paid, nails_or_beauty, "dispatch.service_not_offered")


def test_an_inactive_or_unknown_technician_is_refused(demo_session, admin, paid):
    other = next(t for t in _offering(demo_session, "haircut") if t != paid.technician_id)
    demo_session.get(Technician, other).status = "inactive"
    demo_session.commit()
    _refused(demo_session, admin, paid, other, "dispatch.technician_inactive")
    _refused(demo_session, admin, paid, 0, "technician.not_found")


def test_an_in_shop_order_needs_a_technician_of_a_shop(demo_session, admin, paid):
    independent = next(
        t
        for t in _offering(demo_session, "haircut")
        if demo_session.get(Technician, t).merchant_id is None
    )
    _refused(demo_session, admin, paid, independent, "dispatch.needs_shop_technician")


def test_an_at_home_order_needs_a_technician_whose_area_covers_the_address(
    demo_session, admin, customer
):
    order = mark_paid(
        demo_session, at_home_order(demo_session, customer, CHEGONGMIAO, "福田区深南大道6008号")
    )
    far = next(
        t
        for t in _offering(demo_session, "haircut")
        if not serves_address(demo_session, t, (order.lat, order.lng))
    )
    _refused(demo_session, admin, order, far, "dispatch.outside_service_area")


@pytest.mark.parametrize(
    ("finish", "key"),
    [
        ("complete", "dispatch.not_movable.completed"),
        ("cancel", "dispatch.not_movable.cancelled"),
        ("depart", "dispatch.not_movable.in_service"),
    ],
)
def test_an_order_that_can_no_longer_move_is_refused(demo_session, admin, customer, finish, key):
    order = pending_order(demo_session, customer)
    if finish == "complete":
        complete(demo_session, order)
    elif finish == "cancel":
        transition(demo_session, order, "expired", None)  # the unpaid hold ran out
        demo_session.commit()
    else:
        tech = accept(demo_session, mark_paid(demo_session, order))
        journeys.step(demo_session, tech, order, "departed")
    other = next(t for t in _offering(demo_session, "haircut") if t != order.technician_id)
    _refused(demo_session, admin, order, other, key)


@pytest.mark.parametrize("status", sorted(set(OrderStatus) - MOVABLE))
def test_each_status_that_cannot_move_has_its_message(status):
    key = f"dispatch.not_movable.{status}"
    assert t(key) != key


def test_an_unknown_order_is_not_found(demo_session, admin, paid):
    with pytest.raises(DomainError) as err:
        dispatch.assign(demo_session, admin, "nope", paid.technician_id)
    assert err.value.key == "order.not_found"


def test_an_in_shop_order_moved_to_another_shop_takes_that_shops_place(
    demo_session, admin, customer
):
    order = mark_paid(demo_session, pending_order(demo_session, customer, service_slug="facial"))
    elsewhere = [
        t
        for t in _offering(demo_session, "facial")
        if demo_session.get(Technician, t).merchant_id not in (None, order.merchant_id)
    ]
    target = demo_session.get(Technician, free_for(demo_session, order, elsewhere))
    dispatch.assign(demo_session, admin, order.code, target.id)
    demo_session.refresh(order)
    shop = demo_session.get(Merchant, target.merchant_id)
    assert (order.technician_id, order.merchant_id) == (target.id, shop.id)
    assert (order.lat, order.lng) == (shop.lat, shop.lng)


def test_an_at_home_order_keeps_its_address_with_a_technician_who_covers_it(
    demo_session, admin, customer
):
    order = mark_paid(
        demo_session, at_home_order(demo_session, customer, CHEGONGMIAO, "福田区深南大道6008号")
    )
    place = (order.lat, order.lng, order.address)
    covering = [
        t
        for t in _offering(demo_session, "haircut")
        if t != order.technician_id and serves_address(demo_session, t, (order.lat, order.lng))
    ]
    target = demo_session.get(Technician, free_for(demo_session, order, covering))
    dispatch.assign(demo_session, admin, order.code, target.id)
    demo_session.refresh(order)
    assert (order.technician_id, order.merchant_id) == (target.id, target.merchant_id)
    assert (order.lat, order.lng, order.address) == place


def test_an_accepted_order_is_taken_back_and_its_technician_told(demo_session, admin, paid):
    first = accept(demo_session, paid)
    other = free_for(
        demo_session,
        paid,
        [t for t in _offering(demo_session, "haircut") if t != first.technician_id],
    )
    dispatch.assign(demo_session, admin, paid.code, other)
    statuses = dict(
        demo_session.exec(
            select(DispatchOffer.technician_id, DispatchOffer.status).where(
                DispatchOffer.order_id == paid.id
            )
        ).all()
    )
    assert (statuses[first.technician_id], statuses[other]) == ("withdrawn", "offered")
    told = demo_session.exec(
        select(Notification.key).where(Notification.user_id == first.user_id)
    ).all()
    assert "notify.order_reassigned" in told
    with pytest.raises(DomainError):  # no longer their job
        job_board.job_detail(demo_session, first, paid.code)
    assigned = demo_session.exec(
        select(OrderEvent).where(OrderEvent.order_id == paid.id, OrderEvent.kind == "assigned")
    ).one()
    assert assigned.actor_user_id == admin.user_id
    assert assigned.details == {"previous": first.technician_id, "technician": other}
    new = technician_actor(demo_session, other)
    dispatch.accept(demo_session, new, open_offer(demo_session, paid).id)


def test_giving_an_order_to_the_technician_who_accepted_it_is_refused(demo_session, admin, paid):
    tech = accept(demo_session, paid)
    _refused(demo_session, admin, paid, tech.technician_id, "dispatch.already_accepted")
