"""Free slot hoarding (issue 13, hole 4): unpaid holds are limited per customer and per client
address, exactly also when one customer books twice at the same moment."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from salon_app.core.errors import DomainError
from salon_app.core.models import Order, Service, Technician, TechnicianService
from salon_app.core.services.booking import BookingRequest, book, changes
from salon_app.core.settings import get_settings
from salon_app.i18n import t
from tests.support import journeys
from tests.support.orders import next_free_start, pending_order
from tests.support.races import race


def _unpaid(session: Session, customer) -> int:
    return session.exec(
        select(func.count())
        .select_from(Order)
        .where(Order.customer_id == customer.user_id, Order.status == "pending_payment")
    ).one()


def _haircut_requests(session: Session, count: int) -> list[BookingRequest]:
    """`count` in-shop 剪发 bookings, each with a different shop technician (so none clash)."""
    haircut = session.exec(select(Service).where(Service.slug == "haircut")).one()
    tech_ids = session.exec(
        select(TechnicianService.technician_id)
        .join(Technician, Technician.id == TechnicianService.technician_id)
        .where(TechnicianService.service_id == haircut.id, Technician.merchant_id.is_not(None))
        .order_by(TechnicianService.technician_id)
    ).all()
    requests = []
    for tech_id in tech_ids[:count]:
        requests.append(
            BookingRequest(haircut.id, tech_id, next_free_start(session, tech_id, haircut.id))
        )
    assert len(requests) == count
    return requests


def test_the_third_unpaid_hold_is_refused_with_a_clear_message(demo_session, customer):
    assert get_settings().unpaid_holds_max == 2
    first = pending_order(demo_session, customer)
    pending_order(demo_session, customer)
    before = demo_session.exec(select(func.count()).select_from(Order)).one()
    with pytest.raises(DomainError) as err:
        pending_order(demo_session, customer)
    assert err.value.key == "booking.too_many_unpaid"
    assert "2 个待支付" in t(err.value.key, **err.value.params)
    assert demo_session.exec(select(func.count()).select_from(Order)).one() == before
    journeys.mark_paid(demo_session, first)  # paying one frees a place
    assert pending_order(demo_session, customer).status == "pending_payment"
    assert _unpaid(demo_session, customer) == 2


def test_cancelling_an_unpaid_order_frees_a_place(demo_session, customer):
    first = pending_order(demo_session, customer)
    pending_order(demo_session, customer)
    with pytest.raises(DomainError):
        pending_order(demo_session, customer)
    changes.cancel(demo_session, customer, first.code)
    assert pending_order(demo_session, customer).status == "pending_payment"


def test_a_lapsed_hold_no_longer_counts_but_booking_and_lapsing_is_bounded_per_hour(
    demo_session, customer
):
    """Letting holds run out and booking again (the 10-minute renewal) stops after
    unpaid_holds_hourly never-paid orders in an hour; paid orders never count."""
    hourly = get_settings().unpaid_holds_hourly
    for _ in range(hourly):
        order = pending_order(demo_session, customer)
        changes.cancel(demo_session, customer, order.code)  # as a lapsed hold: unpaid, not held
    with pytest.raises(DomainError) as err:
        pending_order(demo_session, customer)
    assert err.value.key == "booking.too_many_unpaid_hourly"
    assert "分钟" in t(err.value.key, **err.value.params)


def test_paid_orders_never_count(demo_session, customer):
    for _ in range(get_settings().unpaid_holds_hourly + 1):
        journeys.mark_paid(demo_session, pending_order(demo_session, customer))
    assert pending_order(demo_session, customer).status == "pending_payment"


def test_one_client_address_books_a_bounded_number_of_holds_per_hour(
    demo_session, customer, monkeypatch
):
    monkeypatch.setenv("SALON_HOLDS_HOURLY_PER_ADDRESS", "2")
    get_settings.cache_clear()
    try:
        others = [
            journeys.sign_up(demo_session, f"1760002{i:04d}", "hello2026", f"邻居{i}")
            for i in range(3)
        ]
        requests = _haircut_requests(demo_session, 4)
        for who, request in zip(others[:2], requests, strict=False):
            book(demo_session, who, replace(request, client_ip="203.0.113.7"))
        with pytest.raises(DomainError) as err:
            book(demo_session, others[2], replace(requests[2], client_ip="203.0.113.7"))
        assert err.value.key == "booking.too_many_from_address"
        # another address is not affected
        book(demo_session, others[2], replace(requests[3], client_ip="198.51.100.9"))
    finally:
        get_settings.cache_clear()


def test_two_bookings_at_once_by_one_customer_at_the_limit_one_wins(demo_engine, customer):
    with Session(demo_engine, expire_on_commit=False) as s:
        pending_order(s, customer)
        requests = _haircut_requests(s, 3)[1:]
    results = race(demo_engine, *[lambda s, r=r: book(s, customer, r).code for r in requests])
    assert sorted(r if r == "booking.too_many_unpaid" else "booked" for r in results) == [
        "booked",
        "booking.too_many_unpaid",
    ], results
    with Session(demo_engine) as s:
        assert _unpaid(s, customer) == 2
