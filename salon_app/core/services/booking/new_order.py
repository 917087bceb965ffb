"""Booking: a customer books a service with a technician at a free time.

The race-safe path: lock the technician's calendar, re-check the slot with the availability
engine inside the same transaction, insert. On PostgreSQL an exclusion constraint is the last
word (a conflict that slipped past the check still fails, as booking.slot_taken).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations.geocoding import GeoPoint, get_geocoder
from salon_app.core.models import (
    Merchant,
    Order,
    OrderItem,
    Role,
    Service,
    Technician,
    TechnicianService,
)
from salon_app.core.services import availability, dispatch, pricing
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.availability import block_for, lock_technician_calendar, serves_address
from salon_app.core.services.booking.hold_limits import claim_hold
from salon_app.core.services.booking.slot_claim import slot_claim
from salon_app.core.services.certificates import check_qualified
from salon_app.core.services.dispatch import Job, rank_candidates
from salon_app.core.services.orders import record_created
from salon_app.core.services.sources import normalize_source
from salon_app.core.settings import get_settings

SPECIAL_NEEDS_MAX = 500
ADDRESS_MAX = 120
SERVICES_PER_VISIT_MAX = 4  # the main service and up to three more in the same visit


@dataclass(frozen=True)
class BookingRequest:
    service_id: int
    technician_id: int | None  # None: any nearby technician (at-home services)
    starts_at: datetime
    at_home: bool = False
    address: str = ""
    special_needs: str = ""
    # More services in the same visit by the same technician (e.g. 剪发 + 护发), done one after
    # the other: the order lasts their durations together and costs their prices together.
    extra_service_ids: tuple[int, ...] = ()
    source: str | None = None  # where the booking came from (services/sources.py normalises it)
    coupon_id: int | None = None  # one of the customer's coupons (services/pricing)
    points: int = 0  # points to spend, 1 point = 1 fen
    client_ip: str = ""  # the browser's address: unpaid holds per address (hold_limits.py)

    @property
    def service_ids(self) -> list[int]:
        """The visit's services, main first, each once."""
        return list(dict.fromkeys((self.service_id, *self.extra_service_ids)))


@dataclass(frozen=True)
class Place:
    at_home: bool
    lat: float
    lng: float
    address: str | None


def _order_code(now: datetime) -> str:
    return f"{now:%y%m%d}{secrets.randbelow(10**10):010d}"


def _offers(
    session: Session, technician_id: int, service_ids: list[int]
) -> tuple[Technician, list[tuple[Service, int]]]:
    """The active technician and each service of the visit with their price for it."""
    if not 1 <= len(service_ids) <= SERVICES_PER_VISIT_MAX:
        raise DomainError("booking.too_many_services", max=SERVICES_PER_VISIT_MAX)
    tech = session.get(Technician, technician_id)
    if tech is None or tech.status != "active":
        raise DomainError("booking.service_not_offered")
    prices = dict(
        session.exec(
            select(TechnicianService.service_id, TechnicianService.price_fen).where(
                TechnicianService.technician_id == technician_id,
                col(TechnicianService.service_id).in_(service_ids),
            )
        ).all()
    )
    offers = []
    for service_id in service_ids:
        service = session.get(Service, service_id)
        if service is None or not service.is_on_sale(utcnow()) or service_id not in prices:
            raise DomainError("booking.service_not_offered")
        offers.append((service, prices[service_id]))
    check_qualified(session, tech.id, service_ids, local_today())
    return tech, offers


def visit_slots(
    session: Session,
    technician_id: int,
    service_ids: list[int],
    start_day: date,
    days: int,
    at: tuple[float, float] | None = None,
) -> list[datetime]:
    """Free starts (UTC) for a visit of these services with this technician, one after the
    other, on local days start_day .. + days - 1; `at` the customer's place for at home."""
    _, offers = _offers(session, technician_id, list(dict.fromkeys(service_ids)))
    minutes = sum(service.duration_min for service, _ in offers)
    return availability.free_starts(session, technician_id, minutes, start_day, days, at)


def locate_address(address: str) -> GeoPoint:
    """Coordinates of an address the customer typed, or booking.address_not_found."""
    address = (address or "").strip()
    if not address:
        raise DomainError("validation.required", field="field.address")
    if len(address) > ADDRESS_MAX:
        raise DomainError("validation.too_long", field="field.address", max=ADDRESS_MAX)
    point = get_geocoder().geocode(address)
    if point is None:
        raise DomainError("booking.address_not_found")
    return point


def _place(
    session: Session, req: BookingRequest, services: list[Service], tech: Technician
) -> Place:
    """Where the job happens: the customer's geocoded address, or the technician's shop."""
    if req.at_home:
        if not all(service.at_home for service in services):
            raise DomainError("booking.not_at_home_service")
        point = locate_address(req.address)
        if not serves_address(session, tech.id, (point.lat, point.lng)):
            raise DomainError("booking.outside_service_area")
        return Place(True, point.lat, point.lng, req.address.strip())
    if not all(service.in_shop for service in services) or tech.merchant_id is None:
        raise DomainError("booking.not_in_shop_service")
    shop = session.get(Merchant, tech.merchant_id)
    return Place(False, shop.lat, shop.lng, None)


def book_any_nearby(session: Session, actor: Actor | None, req: BookingRequest) -> Order:
    """Book the best-ranked free technician near the address; the ranking is kept on the order.

    Only for at-home services: "nearby" is measured from the customer's address.
    """
    require_role(actor, Role.customer)
    service = session.get(Service, req.service_id)
    if service is None or not service.is_on_sale(utcnow()):
        raise DomainError("booking.service_not_offered")
    if not req.at_home or not service.at_home:
        raise DomainError("booking.any_needs_home_service")
    if len(req.service_ids) > 1:  # ranking is per service: choose the technician for several
        raise DomainError("booking.any_one_service")
    point = locate_address(req.address)
    job = Job(
        service.id,
        req.starts_at.replace(second=0, microsecond=0),
        service.duration_min,
        (point.lat, point.lng),
        True,
    )
    ranked = rank_candidates(session, job, limit=5)
    for cand in ranked:
        try:
            order = book(session, actor, replace(req, technician_id=cand.technician_id))
        except DomainError as err:
            if err.key in ("booking.slot_taken", "booking.outside_service_area"):
                continue
            raise
        order.any_technician = True
        dispatch.record_ranking(session, order.id, ranked, utcnow())
        session.add(order)
        session.commit()
        return order
    raise DomainError("booking.nobody_available")


def book(session: Session, actor: Actor | None, req: BookingRequest) -> Order:
    """Create an order in 待支付 holding the slot for `hold_minutes`: one visit of the
    request's services, back to back, at the technician's prices.

    Refused, with nothing stored: a slot in the past, outside the technician's hours, beyond
    the horizon or already taken (also when two customers race for it); an address that
    cannot be found or lies outside the technician's area; a service they do not offer (or
    not at that place); more than SERVICES_PER_VISIT_MAX services; a coupon or points the
    price engine refuses, or a coupon another order took first (services/pricing); one unpaid
    hold too many for the customer or the client address (hold_limits.py).
    """
    customer = require_role(actor, Role.customer)
    if req.technician_id is None:
        return book_any_nearby(session, actor, req)
    special_needs = (req.special_needs or "").strip()
    if len(special_needs) > SPECIAL_NEEDS_MAX:
        raise DomainError("validation.too_long", field="field.special_needs", max=SPECIAL_NEEDS_MAX)
    tech, offers = _offers(session, req.technician_id, req.service_ids)
    place = _place(session, req, [service for service, _ in offers], tech)
    minutes = sum(service.duration_min for service, _ in offers)
    starts = req.starts_at.replace(second=0, microsecond=0)
    ends = starts + timedelta(minutes=minutes)
    block_start, block_end = block_for(starts, ends, place.at_home)
    now = utcnow()
    with slot_claim(session):
        claim_hold(session, customer.user_id, req.client_ip, now)  # takes the customer's lock
        lock_technician_calendar(session, tech.id)
        availability.check_slot(
            session,
            tech.id,
            starts,
            minutes,
            place.at_home,
            (place.lat, place.lng) if place.at_home else None,
            now=now,
        )
        priced = pricing.price_visit(
            session, customer.user_id, offers, tech.merchant_id, now, req.coupon_id, req.points
        )
        order = Order(
            code=_order_code(now),
            customer_id=customer.user_id,
            technician_id=tech.id,
            merchant_id=tech.merchant_id,
            status="pending_payment",
            starts_at=starts,
            ends_at=ends,
            block_start=block_start,
            block_end=block_end,
            holds_slot=True,
            at_home=place.at_home,
            address=place.address,
            lat=place.lat,
            lng=place.lng,
            special_needs=special_needs,
            list_fen=sum(price for _, price in offers),
            total_fen=sum(price for _, price in offers),
            hold_expires_at=now + timedelta(minutes=get_settings().hold_minutes),
            created_at=now,
            source=normalize_source(req.source),
        )
        session.add(order)
        session.flush()
        for service, price in offers:
            session.add(
                OrderItem(
                    order_id=order.id,
                    service_id=service.id,
                    price_fen=price,
                    duration_min=service.duration_min,
                )
            )
        pricing.apply_quote(session, order, priced, now)
        record_created(session, order, customer.user_id)
        session.commit()
    return order


def any_nearby_times(
    session: Session, service_id: int, day: date, at: tuple[float, float], max_technicians: int = 20
) -> list[datetime]:
    """Start times on local `day` at which at least one nearby technician is free (at home)."""
    from salon_app.core.services import discovery

    radius = get_settings().dispatch_radius_km  # the reach book_any_nearby ranks within
    nearby = discovery.nearby_available(
        session, service_id, day, at, radius_km=radius, serving_only=True
    )
    nearby = nearby[:max_technicians]
    times: set[datetime] = set()
    for card in nearby:
        times.update(availability.free_slots(session, card.id, service_id, day, 1, at=at))
    return sorted(times)
