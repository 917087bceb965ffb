"""Finding technicians: the customer's search (filters, sort, paging) and "who is free near me".

Distance to a technician is the geodesic distance from the customer to the nearest centre of
the technician's service areas (their home when they have no area); "near" keeps those within
radius_km. `discovery_candidates` finds them (a box in SQL first, then the distance in Python);
everyone left is then checked for a free slot at once: their calendars are loaded with one
query per table, not one per technician, and so is their live status.

The job searched for is done at the customer's place (`near`) when the service can be done at
home and the customer gave a place, or when it can only be done at home; otherwise in the shop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Service
from salon_app.core.services.availability import (
    Limits,
    Profile,
    Request,
    booking_limits,
    first_free_start,
    live_statuses,
    load_calendars,
    zone,
)
from salon_app.core.services.discovery.candidates import (
    Candidate,
    TechnicianFilter,
    age_on,
    find_candidates,
)
from salon_app.core.services.geo import Place
from salon_app.core.settings import get_settings

__all__ = [
    "TechnicianCard",
    "TechnicianFilter",
    "age_on",
    "nearby_available",
    "search_technicians",
]

SORTS = ("distance", "rating", "price")
RADIUS_CHOICES_KM = (3, 5, 10, 20)  # what the finder offers; 10 is the default
MAX_RADIUS_KM = 50
AVAILABILITY_CHUNK = 100  # candidates checked for a free slot per batch of queries


@dataclass(frozen=True)
class TechnicianCard:
    """One technician in the results, as the customer sees them."""

    id: int
    display_name: str
    gender: str
    age: int | None
    years_experience: int
    skills: list[str]
    rating: float | None
    rating_count: int
    price_fen: int
    distance_km: float | None
    merchant_name: str | None
    photo_url: str
    live_status: str  # working | booked | idle (availability.live_status)


def _sort(candidates: list[Candidate], sort: str) -> None:
    def by_rating(c: Candidate) -> tuple:
        return (-(c.rating or 0.0), -c.rating_count, c.id)

    if sort == "distance" and all(c.distance_km is not None for c in candidates):
        candidates.sort(key=lambda c: (c.distance_km, *by_rating(c)))
    elif sort == "price":
        candidates.sort(key=lambda c: (c.price_fen, *by_rating(c)))
    else:
        candidates.sort(key=by_rating)


def _at_home(service: Service, near: Place | None) -> bool:
    return service.at_home and (near is not None or not service.in_shop)


def _request(service: Service, near: Place | None, profile: Profile) -> Request:
    home = _at_home(service, near)
    return Request(timedelta(minutes=service.duration_min), home, near if home else profile.shop)


def _available(
    session: Session,
    service: Service,
    candidates: list[Candidate],
    day: date,
    near: Place | None,
    now: datetime,
    wanted: int | None,
) -> list[Candidate]:
    """Candidates (in their order) with a free slot on `day`; stops once `wanted` are found."""
    settings = get_settings()
    limits: dict[Any, Limits] = {}
    requests: dict[Place | None, Request] = {}  # by shop: at home, all the same
    found: list[Candidate] = []
    size = len(candidates) if wanted is None else AVAILABILITY_CHUNK
    at_home = _at_home(service, near)  # the same for every candidate
    for start in range(0, len(candidates), max(size, 1)):
        chunk = candidates[start : start + size]
        calendars = load_calendars(
            session, {c.id: c.profile for c in chunk}, day, day, shop_hours=not at_home
        )
        for c in chunk:
            calendar = calendars[c.id]
            if not calendar.windows:
                continue
            tz, shop = c.profile.tz, c.profile.shop
            if tz not in limits:
                limits[tz] = booking_limits(now, tz, settings)
            if shop not in requests:
                requests[shop] = _request(service, near, c.profile)
            if first_free_start(calendar, requests[shop], limits[tz], settings) is not None:
                found.append(c)
                if wanted is not None and len(found) >= wanted:
                    return found
    return found


def _cards(session: Session, picked: list[Candidate], now: datetime) -> list[TechnicianCard]:
    profiles = {c.id: c.profile for c in picked}
    statuses = live_statuses(session, list(profiles), now, profiles)
    today: dict[Any, date] = {}
    cards = []
    for c in picked:
        tz = c.profile.tz
        if tz not in today:
            today[tz] = now.astimezone(tz).date()
        cards.append(
            TechnicianCard(
                id=c.id,
                display_name=c.display_name,
                gender=c.gender,
                age=age_on(c.birth_date, today[tz]) if c.birth_date else None,
                years_experience=c.years_experience,
                skills=list(c.skills),
                rating=c.rating,
                rating_count=c.rating_count,
                price_fen=c.price_fen,
                distance_km=c.distance_km,
                merchant_name=c.merchant_name,
                photo_url=c.photo_url,
                live_status=statuses.get(c.id, "idle"),
            )
        )
    return cards


def search_technicians(
    session: Session,
    filters: TechnicianFilter,
    limit: int = 20,
    offset: int = 0,
    now: datetime | None = None,
) -> list[TechnicianCard]:
    """Public: technicians offering the service that pass every filter, sorted, one page.

    Sort "distance" (nearest first, needs `near`), "rating" (best first, unrated last) or
    "price" (cheapest first); ties go to the better rated, then the lower id. With `near`, only
    technicians within radius_km (0 < radius_km <= MAX_RADIUS_KM) of it.
    """
    if filters.sort not in SORTS:
        raise ValueError(f"unknown sort {filters.sort!r}")
    if filters.sort == "distance" and filters.near is None:
        raise DomainError("service.distance_needs_address")
    if not 0 < filters.radius_km <= MAX_RADIUS_KM:
        raise DomainError("service.bad_radius", max=MAX_RADIUS_KM)
    now = now or utcnow()
    service = session.get(Service, filters.service_id)
    if service is None or limit <= 0:
        return []
    today = now.astimezone(zone(None)).date()
    day = filters.available_on
    candidates = find_candidates(session, filters, today)
    _sort(candidates, filters.sort)
    if day is not None:
        near = filters.near
        candidates = _available(session, service, candidates, day, near, now, offset + limit)
    return _cards(session, candidates[offset : offset + limit], now)


def nearby_available(
    session: Session,
    service_id: int,
    day: date,
    at: Place,
    radius_km: float = 10,
    now: datetime | None = None,
    serving_only: bool = False,
) -> list[TechnicianCard]:
    """Public: every technician within radius_km of `at` with at least one free slot for the
    service on local `day`, nearest first. `serving_only` keeps those whose own service area
    covers `at` (the booking service refuses the others' at-home bookings)."""
    now = now or utcnow()
    service = session.get(Service, service_id)
    if service is None:
        return []
    f = TechnicianFilter(
        service_id, near=at, radius_km=radius_km, sort="distance", serving_near=serving_only
    )
    today = now.astimezone(zone(None)).date()
    candidates = find_candidates(session, f, today)
    _sort(candidates, "distance")
    available = _available(session, service, candidates, day, at, now, None)
    return _cards(session, available, now)
