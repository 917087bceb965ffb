"""Finding technicians in the demo city: every filter agrees with a brute-force reading of it."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.demo.shenzhen import district_named
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Merchant,
    Service,
    ServiceArea,
    Technician,
    TechnicianService,
    TimeOff,
)
from salon_app.core.services import auth
from salon_app.core.services.availability import free_slots
from salon_app.core.services.availability.data import zone
from salon_app.core.services.discovery import (
    TechnicianFilter,
    age_on,
    nearby_available,
    search_technicians,
)
from salon_app.core.services.geo import ROUGH_ERROR, BoundingBox, distance_km, rough_km
from tests.support.orders import pending_order

NOW = utcnow()
TODAY = NOW.astimezone(zone(None)).date()
FUTIAN = district_named("福田区")
CIVIC_CENTRE = (FUTIAN.lat, FUTIAN.lng)


def _service(session, slug: str) -> Service:
    return session.exec(select(Service).where(Service.slug == slug)).one()


def _everyone(session, service: Service) -> list[dict]:
    """Every active technician offering the service, as plain facts to filter by hand."""
    rows = session.exec(
        select(Technician, TechnicianService.price_fen)
        .join(TechnicianService, TechnicianService.technician_id == Technician.id)
        .where(TechnicianService.service_id == service.id, Technician.status == "active")
    ).all()
    areas = session.exec(select(ServiceArea)).all()
    shops = {m.id: m.name for m in session.exec(select(Merchant)).all()}
    people = []
    for tech, price in rows:
        centres = [(a.center_lat, a.center_lng) for a in areas if a.technician_id == tech.id]
        people.append(
            {
                "id": tech.id,
                "gender": tech.gender,
                "age": age_on(tech.birth_date, TODAY) if tech.birth_date else None,
                "years": tech.years_experience,
                "skills": tech.skills,
                "rating": tech.rating_sum / tech.rating_count / 100 if tech.rating_count else None,
                "rating_count": tech.rating_count,
                "price": price,
                "centres": centres or [(tech.home_lat, tech.home_lng)],
                "merchant": shops.get(tech.merchant_id),
            }
        )
    return people


def _midweek(day: date) -> date:
    """`day` or the first Tuesday-Friday after it: every demo rota works then (weekends and
    Mondays depend on the technician)."""
    while day.weekday() not in (1, 2, 3, 4):
        day += timedelta(days=1)
    return day


def _ids(cards) -> set[int]:
    return {c.id for c in cards}


def _search(session, **filters):
    return search_technicians(session, TechnicianFilter(**filters), limit=1000, now=NOW)


@pytest.fixture
def haircut(demo_session) -> Service:
    return _service(demo_session, "haircut")


def test_without_filters_every_technician_offering_the_service_is_listed(demo_session, haircut):
    everyone = _everyone(demo_session, haircut)
    cards = _search(demo_session, service_id=haircut.id)
    assert _ids(cards) == {p["id"] for p in everyone}
    facts = {p["id"]: p for p in everyone}
    for card in cards:
        fact = facts[card.id]
        assert (card.price_fen, card.age, card.rating) == (
            fact["price"],
            fact["age"],
            fact["rating"],
        )
        assert card.merchant_name == fact["merchant"]
        assert card.distance_km is None
        assert card.live_status in ("working", "booked", "idle", "off")


@pytest.mark.parametrize(
    ("filters", "keep"),
    [
        ({"gender": "female"}, lambda p: p["gender"] == "female"),
        ({"gender": "male"}, lambda p: p["gender"] == "male"),
        ({"age_min": 30}, lambda p: p["age"] is not None and p["age"] >= 30),
        ({"age_max": 35}, lambda p: p["age"] is not None and p["age"] <= 35),
        ({"age_min": 25, "age_max": 40}, lambda p: p["age"] and 25 <= p["age"] <= 40),
        ({"years_min": 8}, lambda p: p["years"] >= 8),
        ({"skill": "染"}, lambda p: any("染" in s for s in p["skills"])),
        ({"rating_min": 4.5}, lambda p: p["rating"] is not None and p["rating"] >= 4.5),
        ({"price_min_fen": 8000}, lambda p: p["price"] >= 8000),
        ({"price_max_fen": 8000}, lambda p: p["price"] <= 8000),
    ],
)
def test_each_filter_keeps_exactly_the_technicians_it_describes(
    demo_session, haircut, filters, keep
):
    expected = {p["id"] for p in _everyone(demo_session, haircut) if keep(p)}
    assert _ids(_search(demo_session, service_id=haircut.id, **filters)) == expected


def test_the_filters_actually_narrow_the_demo_city(demo_session, haircut):
    everyone = _ids(_search(demo_session, service_id=haircut.id))
    for filters in ({"gender": "female"}, {"years_min": 8}, {"skill": "染"}, {"rating_min": 4.5}):
        narrowed = _ids(_search(demo_session, service_id=haircut.id, **filters))
        assert 0 < len(narrowed) < len(everyone), filters


@pytest.mark.parametrize("radius_km", [3, 10])
def test_near_keeps_technicians_whose_area_centre_is_within_the_radius(
    demo_session, haircut, radius_km
):
    everyone = _everyone(demo_session, haircut)
    nearest = {p["id"]: min(geodesic(CIVIC_CENTRE, c).km for c in p["centres"]) for p in everyone}
    cards = _search(demo_session, service_id=haircut.id, near=CIVIC_CENTRE, radius_km=radius_km)
    assert _ids(cards) == {i for i, km in nearest.items() if km <= radius_km}
    assert 0 < len(cards) < len(everyone)
    for card in cards:  # the geodesic, to within a few centimetres
        assert card.distance_km == pytest.approx(nearest[card.id], abs=1e-4)


def test_serving_near_keeps_technicians_whose_own_area_covers_the_place(demo_session):
    cleaning = _service(demo_session, "daily-cleaning")  # cleaners live all over the city
    areas = demo_session.exec(select(ServiceArea)).all()
    offering = {p["id"] for p in _everyone(demo_session, cleaning)}
    serving = {
        a.technician_id
        for a in areas
        if a.technician_id in offering
        and geodesic(CIVIC_CENTRE, (a.center_lat, a.center_lng)).km <= a.radius_km
    }
    near = {"service_id": cleaning.id, "near": CIVIC_CENTRE, "radius_km": 30}
    cards = _search(demo_session, **near, serving_near=True)
    assert _ids(cards) == serving
    assert serving < _ids(_search(demo_session, **near))  # areas are 10 km at most


def test_sorts_by_distance_rating_or_price(demo_session, haircut):
    near = {"service_id": haircut.id, "near": CIVIC_CENTRE, "radius_km": 30}
    by_distance = _search(demo_session, **near, sort="distance")
    assert [c.distance_km for c in by_distance] == sorted(c.distance_km for c in by_distance)
    by_rating = _search(demo_session, **near, sort="rating")
    ratings = [c.rating if c.rating is not None else -1 for c in by_rating]
    assert ratings == sorted(ratings, reverse=True)
    by_price = _search(demo_session, **near, sort="price")
    assert [c.price_fen for c in by_price] == sorted(c.price_fen for c in by_price)
    assert _ids(by_distance) == _ids(by_rating) == _ids(by_price)


def test_pages_follow_on_from_each_other(demo_session, haircut):
    f = TechnicianFilter(service_id=haircut.id, sort="price")
    whole = search_technicians(demo_session, f, limit=1000, now=NOW)
    pages = [search_technicians(demo_session, f, limit=4, offset=o, now=NOW) for o in (0, 4, 8)]
    assert [c.id for page in pages for c in page] == [c.id for c in whole[:12]]


def _first_working_day(session, tech_id: int, service: Service) -> date:
    for offset in range(1, 8):
        day = TODAY + timedelta(days=offset)
        if free_slots(session, tech_id, service.id, day, 1, now=NOW):
            return day
    raise AssertionError("no working day in a week")


def test_available_on_keeps_only_technicians_with_a_free_slot_that_day(demo_session, haircut):
    everyone = _ids(_search(demo_session, service_id=haircut.id))
    some = sorted(everyone)[0]
    day = _first_working_day(demo_session, some, haircut)
    tz = zone(None)
    midnight = datetime.combine(day, time(), tz)
    demo_session.add(  # the whole day off for `some`
        TimeOff(technician_id=some, starts_at=midnight, ends_at=midnight + timedelta(days=1))
    )
    demo_session.commit()
    cards = _search(demo_session, service_id=haircut.id, available_on=day)
    free = {t for t in everyone if free_slots(demo_session, t, haircut.id, day, 1, now=NOW)}
    assert _ids(cards) == free
    assert some in everyone - free


def _two_bookings_apart(session, cards, service_id: int):
    """Two technicians and a start for each, the second 2 h or more after the first, in the
    coming week: whoever of the cards is free then (the demo rota depends on the weekday)."""
    for offset in range(1, 8):
        day = TODAY + timedelta(days=offset)
        free = {c.id: free_slots(session, c.id, service_id, day, 1) for c in cards}
        for first in (c for c in cards if free[c.id]):
            start = free[first.id][0]
            for second in (c for c in cards if c.id != first.id):
                later = [s for s in free[second.id] if s >= start + timedelta(hours=2)]
                if later:
                    return first, second, start, later[0]
    raise AssertionError("the demo city has no two technicians free in the coming week")


def test_cards_show_each_technicians_live_status(demo_session, haircut):
    customer = auth.log_in(demo_session, CUSTOMER_PHONE, DEMO_PASSWORD).actor
    cards = _search(demo_session, service_id=haircut.id, sort="price")
    first, second, start, later = _two_bookings_apart(demo_session, cards, haircut.id)
    others = [c for c in cards if c.id not in (first.id, second.id)]
    pending_order(demo_session, customer, first.id, start)  # booked through the real path
    pending_order(demo_session, customer, second.id, later)
    now = start + timedelta(minutes=30)
    f = TechnicianFilter(service_id=haircut.id, sort="price")
    statuses = {c.id: c.live_status for c in search_technicians(demo_session, f, 1000, now=now)}
    assert (statuses[first.id], statuses[second.id]) == ("working", "booked")
    assert {statuses[c.id] for c in others} <= {"idle", "off"}  # on duty or not, no job


def test_nearby_available_lists_technicians_in_range_with_a_free_slot(demo_session):
    cleaning = _service(demo_session, "daily-cleaning")  # at home only
    day = _midweek(TODAY + timedelta(days=2))
    everyone = _everyone(demo_session, cleaning)
    nearest = {p["id"]: min(geodesic(CIVIC_CENTRE, c).km for c in p["centres"]) for p in everyone}
    in_range = {i for i, km in nearest.items() if km <= 10}
    free = {
        t
        for t in in_range
        if free_slots(demo_session, t, cleaning.id, day, 1, at=CIVIC_CENTRE, now=NOW)
    }
    cards = nearby_available(demo_session, cleaning.id, day, CIVIC_CENTRE, now=NOW)
    assert _ids(cards) == free
    assert free  # the demo city has someone free nearby
    assert [c.distance_km for c in cards] == sorted(c.distance_km for c in cards)


def test_nearby_available_skips_a_technician_whose_day_is_full(demo_session):
    cleaning = _service(demo_session, "daily-cleaning")
    day = _midweek(TODAY + timedelta(days=2))
    cards = nearby_available(demo_session, cleaning.id, day, CIVIC_CENTRE, now=NOW)
    busy = cards[0].id
    demo_session.add(TimeOff(technician_id=busy, starts_at=NOW, ends_at=NOW + timedelta(days=14)))
    demo_session.commit()
    again = nearby_available(demo_session, cleaning.id, day, CIVIC_CENTRE, now=NOW)
    assert _ids(again) == _ids(cards) - {busy}


# -- distances -----------------------------------------------------------------------------

shenzhen_points = st.tuples(st.floats(22.40, 22.85), st.floats(113.75, 114.60))
anywhere = st.tuples(st.floats(-79.0, 79.0), st.floats(-180.0, 180.0))


@settings(max_examples=300, deadline=None, database=None)
@given(shenzhen_points, shenzhen_points)
def test_distance_is_the_geodesic_to_within_ten_centimetres(a, b):
    assert distance_km(a, b) == pytest.approx(geodesic(a, b).km, abs=1e-4)


@settings(max_examples=300, deadline=None, database=None)
@given(anywhere, st.floats(-2.0, 2.0), st.floats(-2.0, 2.0))
def test_rough_distance_stays_within_its_error_bound(a, dlat, dlng):
    b = (max(-89.0, min(89.0, a[0] + dlat)), a[1] + dlng)
    exact = geodesic(a, b).km
    assert math.isclose(rough_km(a, b), exact, rel_tol=ROUGH_ERROR, abs_tol=1e-9)
    assert distance_km(a, b) == pytest.approx(exact, abs=1e-3)


@settings(max_examples=300, deadline=None, database=None)
@given(anywhere, st.floats(0.1, 50.0), st.floats(0, 360), st.floats(0.0, 1.0))
def test_the_bounding_box_holds_every_point_within_the_radius(centre, radius, bearing, share):
    point = geodesic(kilometers=radius * share).destination(centre, bearing)
    box = BoundingBox.around(centre, radius)
    assert box.lat_min <= point.latitude <= box.lat_max
    lng = point.longitude
    assert (
        box.lng_min <= lng <= box.lng_max
        or box.lng_min <= lng + 360 <= box.lng_max
        or (box.lng_min <= lng - 360 <= box.lng_max)
    )


def test_a_service_nobody_offers_finds_nobody(demo_session, haircut):
    f = replace(TechnicianFilter(service_id=haircut.id), service_id=10_000)
    assert search_technicians(demo_session, f, now=NOW) == []


def test_distance_sort_needs_an_address_and_the_radius_has_bounds(demo_session, haircut):
    for filters, key in (
        ({"sort": "distance"}, "service.distance_needs_address"),
        ({"near": CIVIC_CENTRE, "radius_km": 0}, "service.bad_radius"),
        ({"near": CIVIC_CENTRE, "radius_km": 500}, "service.bad_radius"),
    ):
        with pytest.raises(DomainError) as err:
            _search(demo_session, service_id=haircut.id, **filters)
        assert err.value.key == key
