"""Booking a free slot: held while unpaid, never double-booked, bad input changes nothing."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

import pytest
from geopy.distance import geodesic
from sqlalchemy import func, text
from sqlmodel import Session, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE, TECHNICIAN_PHONE
from salon_app.core.demo.shenzhen import DISTRICTS
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import (
    Order,
    OrderEvent,
    Service,
    ServiceArea,
    Technician,
    TechnicianService,
)
from salon_app.core.services import auth, availability
from salon_app.core.services.booking import BookingRequest, book
from tests.conftest import USE_POSTGRES
from tests.support import journeys


def _actor(session, phone=CUSTOMER_PHONE):
    return auth.log_in(session, phone, DEMO_PASSWORD).actor


def _service(session, slug):
    return session.exec(select(Service).where(Service.slug == slug)).one()


def _tech(session, phone=TECHNICIAN_PHONE) -> Technician:
    user = auth.log_in(session, phone, DEMO_PASSWORD).actor
    return session.get(Technician, user.technician_id)


def _orders(session) -> int:
    return session.exec(select(func.count()).select_from(Order)).one()


@pytest.fixture
def slot(demo_session):
    """A free in-shop 剪发 slot of the demo technician."""
    tech = _tech(demo_session)
    haircut = _service(demo_session, "haircut")
    start = availability.next_free_slots(demo_session, tech.id, haircut.id, limit=1)[0]
    return BookingRequest(service_id=haircut.id, technician_id=tech.id, starts_at=start)


def test_customer_books_a_free_slot_which_is_held_while_unpaid(demo_session, slot):
    order = book(demo_session, _actor(demo_session), slot)
    haircut = demo_session.get(Service, slot.service_id)
    assert order.status == "pending_payment"
    assert order.starts_at == slot.starts_at
    assert order.ends_at - order.starts_at == timedelta(minutes=haircut.duration_min)
    assert haircut.price_min_fen <= order.total_fen <= haircut.price_max_fen
    assert timedelta(minutes=9) < order.hold_expires_at - utcnow() <= timedelta(minutes=10)
    events = demo_session.exec(select(OrderEvent).where(OrderEvent.order_id == order.id)).all()
    assert [e.kind for e in events] == ["created"]
    assert slot.starts_at not in availability.free_slots(
        demo_session, slot.technician_id, slot.service_id, order.starts_at.date(), 1
    )


def test_a_taken_slot_is_refused_and_nothing_changes(demo_session, slot):
    book(demo_session, _actor(demo_session), slot)
    other = journeys.sign_up(demo_session, "17600000002", "hello2026", "另一位顾客")
    before = _orders(demo_session)
    with pytest.raises(DomainError) as err:
        book(demo_session, other, slot)
    assert err.value.key == "booking.slot_taken"
    assert _orders(demo_session) == before


def test_fifty_customers_racing_for_one_slot_get_exactly_one_booking(demo_engine, slot):
    with Session(demo_engine) as s:
        customers = [
            journeys.sign_up(s, f"1760001{i:04d}", "hello2026", f"顾客{i}") for i in range(50)
        ]
    barrier = threading.Barrier(len(customers))
    outcomes: list[str] = []

    def attempt(customer) -> None:
        with Session(demo_engine, expire_on_commit=False) as s:
            barrier.wait()
            try:
                book(s, customer, slot)
                outcomes.append("booked")
            except DomainError as err:
                outcomes.append(err.key)

    threads = [threading.Thread(target=attempt, args=(c,)) for c in customers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(set(outcomes)) == ["booked", "booking.slot_taken"]
    assert outcomes.count("booked") == 1 and len(outcomes) == 50
    with Session(demo_engine) as s:
        holding = s.exec(
            select(Order).where(
                Order.technician_id == slot.technician_id,
                Order.holds_slot,
                Order.block_start < slot.starts_at + timedelta(hours=1),
                Order.block_end > slot.starts_at,
            )
        ).all()
    assert len(holding) == 1


@pytest.mark.skipif(not USE_POSTGRES, reason="the exclusion constraint is PostgreSQL's")
def test_the_database_itself_refuses_an_overlapping_booking(demo_session, slot):
    from sqlalchemy.exc import IntegrityError

    order = book(demo_session, _actor(demo_session), slot)
    twin = Order(
        **{
            k: v
            for k, v in order.model_dump().items()
            if k not in ("id", "code", "starts_at", "block_start")
        },
        code="TWIN0001",
        starts_at=order.starts_at + timedelta(minutes=15),
        block_start=order.block_start + timedelta(minutes=15),
    )
    demo_session.add(twin)
    with pytest.raises(IntegrityError):
        demo_session.commit()


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"starts_at": utcnow() - timedelta(hours=1)}, "booking.slot_in_past"),
        ({"starts_at": utcnow() + timedelta(days=90)}, "booking.beyond_horizon"),
        ({"special_needs": "对" * 501}, "validation.too_long"),
        ({"at_home": True, "address": "北京市朝阳区三里屯"}, "booking.address_not_found"),
        ({"at_home": True, "address": ""}, "validation.required"),
        ({"at_home": True, "address": "大鹏新区南澳"}, "booking.outside_service_area"),
        ({"technician_id": 999_999}, "booking.service_not_offered"),
    ],
)
def test_bad_bookings_say_why_and_store_nothing(demo_session, slot, change, key):
    before = _orders(demo_session)
    request = replace(slot, **change)
    with pytest.raises(DomainError) as err:
        book(demo_session, _actor(demo_session), request)
    assert err.value.key == key
    assert _orders(demo_session) == before


def test_slot_outside_working_hours_is_refused(demo_session, slot):
    night = slot.starts_at.replace(hour=16, minute=0)  # 00:00 in Shanghai
    if night < utcnow() + timedelta(hours=2):
        night += timedelta(days=1)
    with pytest.raises(DomainError) as err:
        book(
            demo_session,
            _actor(demo_session),
            BookingRequest(**{**slot.__dict__, "starts_at": night}),
        )
    assert err.value.key == "booking.outside_hours"


def test_in_shop_only_service_cannot_be_booked_at_home(demo_session, slot):
    perm = _service(demo_session, "perm")
    assert not perm.at_home
    request = BookingRequest(
        **{
            **slot.__dict__,
            "service_id": perm.id,
            "at_home": True,
            "address": "福田区深南大道6008号",
        }
    )
    with pytest.raises(DomainError) as err:
        book(demo_session, _actor(demo_session), request)
    assert err.value.key in ("booking.not_at_home_service", "booking.service_not_offered")


def test_only_customers_book(demo_session, slot):
    with pytest.raises(PermissionDenied):
        book(demo_session, _actor(demo_session, TECHNICIAN_PHONE), slot)
    with pytest.raises(PermissionDenied):
        book(demo_session, None, slot)


def _independent_technician(session) -> tuple[Technician, ServiceArea, TechnicianService]:
    # Ordered: PostgreSQL returns rows in no set order (an UPDATE moves them).
    tech = session.exec(
        select(Technician)
        .where(Technician.merchant_id.is_(None), Technician.status == "active")
        .order_by(Technician.id)
    ).first()
    area = session.exec(
        select(ServiceArea).where(ServiceArea.technician_id == tech.id).order_by(ServiceArea.id)
    ).first()
    offer = session.exec(
        select(TechnicianService)
        .where(TechnicianService.technician_id == tech.id)
        .order_by(TechnicianService.id)
    ).first()
    return tech, area, offer


def test_at_home_booking_is_geocoded_and_its_address_encrypted(demo_session):
    tech, area, offer = _independent_technician(demo_session)
    district, street = min(
        ((d, s) for d in DISTRICTS for s in d.streets),
        key=lambda ds: geodesic((ds[1].lat, ds[1].lng), (area.center_lat, area.center_lng)).km,
    )
    at = (street.lat, street.lng)
    start = availability.next_free_slots(demo_session, tech.id, offer.service_id, limit=1, at=at)[0]
    request = BookingRequest(
        offer.service_id,
        tech.id,
        start,
        at_home=True,
        address=f"{district.name}{street.name}3栋502",
    )
    order = book(demo_session, _actor(demo_session), request)
    assert order.at_home and (order.lat, order.lng) == at
    raw = demo_session.execute(text("SELECT address FROM orders WHERE id = :id"), {"id": order.id})
    assert "3栋502" not in raw.scalar_one()


def test_any_nearby_times_look_as_far_as_dispatch_does(demo_session, monkeypatch):
    """The times offered for "any nearby technician" come from the dispatch radius, so a time
    on the page is one book_any_nearby can fill."""
    from salon_app.core.services.booking import any_nearby_times
    from salon_app.core.settings import get_settings

    service = demo_session.exec(select(Service).where(Service.slug == "daily-cleaning")).one()
    today = local_today()
    day, at = next(
        (today + timedelta(days=n), (d.lat + 0.003, d.lng + 0.003))
        for n in range(1, 6)
        for d in DISTRICTS
        if any_nearby_times(
            demo_session, service.id, today + timedelta(days=n), (d.lat + 0.003, d.lng + 0.003)
        )
    )  # somewhere within 10 km someone is free (a street off the centre, where no area is)
    monkeypatch.setenv("SALON_DISPATCH_RADIUS_KM", "0.001")
    get_settings.cache_clear()
    try:
        assert any_nearby_times(demo_session, service.id, day, at) == []  # nobody within 1 m
    finally:
        monkeypatch.delenv("SALON_DISPATCH_RADIUS_KM")
        get_settings.cache_clear()
