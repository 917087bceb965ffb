"""One visit, several services (剪发 + 护发): booked back to back with the same technician, at
their prices, in a free time long enough for all of them; what cannot be done refuses it all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from salon_app.core.errors import DomainError
from salon_app.core.models import (
    DiscountLine,
    Order,
    OrderItem,
    Service,
    Technician,
    TechnicianService,
)
from salon_app.core.services import availability, booking, dispatch, pricing
from salon_app.core.services.availability.data import zone
from salon_app.core.services.booking import BookingRequest, book, visit_slots
from tests.support.journeys import mark_paid
from tests.support.orders import next_free_start


def _service(session, slug: str) -> Service:
    return session.exec(select(Service).where(Service.slug == slug)).one()


def _price(session, tech_id: int, service: Service) -> int:
    return session.exec(
        select(TechnicianService.price_fen).where(
            TechnicianService.technician_id == tech_id,
            TechnicianService.service_id == service.id,
        )
    ).one()


@pytest.fixture
def pair(demo_session, tech):
    """The demo hairdresser's 剪发 and 护发, and a start free for both back to back."""
    haircut, care = _service(demo_session, "haircut"), _service(demo_session, "hair-care")
    day = next_free_start(demo_session, tech.technician_id, haircut.id).astimezone(zone(None))
    start = visit_slots(demo_session, tech.technician_id, [haircut.id, care.id], day.date(), 7)[0]
    return haircut, care, start


def test_a_visit_of_two_services_is_one_order_with_both_at_the_technicians_prices(
    demo_session, customer, tech, pair
):
    haircut, care, start = pair
    request = BookingRequest(haircut.id, tech.technician_id, start, extra_service_ids=(care.id,))
    quoted = pricing.booking_quote(
        demo_session, customer, tech.technician_id, [haircut.id, care.id]
    )
    order = book(demo_session, customer, request)
    items = demo_session.exec(
        select(OrderItem).where(OrderItem.order_id == order.id).order_by(OrderItem.id)
    ).all()
    prices = [_price(demo_session, tech.technician_id, s) for s in (haircut, care)]
    assert [(i.service_id, i.price_fen) for i in items] == list(
        zip([haircut.id, care.id], prices, strict=True)
    )
    assert order.list_fen == sum(prices)
    # What the customer pays is the price engine's for the whole visit (the demo customer's
    # member price and the shop's promotions), its discounts stored as the order's lines.
    assert order.total_fen == quoted.total_fen < order.list_fen
    lines = demo_session.exec(
        select(DiscountLine.amount_fen).where(DiscountLine.order_id == order.id)
    )
    assert sum(lines.all()) == order.list_fen - order.total_fen
    assert order.ends_at - order.starts_at == timedelta(
        minutes=haircut.duration_min + care.duration_min
    )


def test_visit_times_leave_room_for_every_service(demo_session, tech, pair):
    haircut, care, start = pair
    local_day = start.astimezone(zone(None)).date()
    alone = availability.free_slots(demo_session, tech.technician_id, haircut.id, local_day, 1)
    both = visit_slots(demo_session, tech.technician_id, [haircut.id, care.id], local_day, 1)
    assert set(both) < set(alone)  # the day's last haircut leaves no time for the care after it
    minutes = haircut.duration_min + care.duration_min
    for begin in both:
        availability.check_slot(demo_session, tech.technician_id, begin, minutes, False, None)


def test_a_service_the_technician_does_not_offer_refuses_the_whole_visit(
    demo_session, customer, tech, pair
):
    haircut, _, start = pair
    nails = _service(demo_session, "nail-trim")
    before = len(demo_session.exec(select(Order)).all())
    request = BookingRequest(haircut.id, tech.technician_id, start, extra_service_ids=(nails.id,))
    with pytest.raises(DomainError) as err:
        book(demo_session, customer, request)
    assert err.value.key == "booking.service_not_offered"
    assert len(demo_session.exec(select(Order)).all()) == before


def test_a_service_not_done_at_home_refuses_an_at_home_visit(demo_session, customer, tech, pair):
    haircut, _, start = pair
    perm = _service(demo_session, "perm")
    request = BookingRequest(
        haircut.id,
        tech.technician_id,
        start,
        at_home=True,
        address="福田区深南大道6008号",
        extra_service_ids=(perm.id,),
    )
    with pytest.raises(DomainError) as err:
        book(demo_session, customer, request)
    assert err.value.key in ("booking.not_at_home_service", "booking.service_not_offered")


def test_too_many_services_or_several_for_any_technician_are_refused(
    demo_session, customer, tech, pair
):
    haircut, care, start = pair
    others = demo_session.exec(select(Service.id).where(Service.id != haircut.id)).all()
    extra = tuple(others[: booking.SERVICES_PER_VISIT_MAX])
    crowded = BookingRequest(haircut.id, tech.technician_id, start, extra_service_ids=extra)
    with pytest.raises(DomainError) as err:
        book(demo_session, customer, crowded)
    assert err.value.key == "booking.too_many_services"
    anyone = BookingRequest(
        haircut.id, None, start, True, "福田区深南大道6008号", extra_service_ids=(care.id,)
    )
    with pytest.raises(DomainError) as err:
        book(demo_session, customer, anyone)
    assert err.value.key == "booking.any_one_service"


def test_an_admin_cannot_give_a_visit_to_someone_who_does_only_part_of_it(
    demo_session, customer, admin, tech, pair
):
    haircut, care, start = pair
    request = BookingRequest(haircut.id, tech.technician_id, start, extra_service_ids=(care.id,))
    order = mark_paid(demo_session, book(demo_session, customer, request))
    colleague = demo_session.exec(
        select(Technician)
        .join(TechnicianService, TechnicianService.technician_id == Technician.id)
        .where(
            Technician.merchant_id.is_not(None),
            Technician.id != tech.technician_id,
            TechnicianService.service_id == haircut.id,
        )
    ).first()
    for offer in demo_session.exec(  # they cut hair but no longer do care
        select(TechnicianService).where(
            TechnicianService.technician_id == colleague.id,
            TechnicianService.service_id == care.id,
        )
    ).all():
        demo_session.delete(offer)
    demo_session.commit()
    with pytest.raises(DomainError) as err:
        dispatch.assign(demo_session, admin, order.code, colleague.id)
    assert err.value.key == "dispatch.service_not_offered"
    demo_session.refresh(order)
    assert order.technician_id == tech.technician_id
