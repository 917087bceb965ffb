"""Booking: a customer books a service with a technician at a free time.

The race-safe path: lock the technician's calendar, re-check the slot with the availability
engine inside the same transaction, insert. On PostgreSQL an exclusion constraint is the last
word (a conflict that slipped past the check still fails, as booking.slot_taken).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
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
from salon_app.core.services import availability, dispatch
from salon_app.core.services.actor import Actor
from salon_app.core.services.booking_rules import block_for, serves_address
from salon_app.core.services.dispatch_ranking import Job, rank_candidates
from salon_app.core.services.locks import lock_technician_calendar
from salon_app.core.services.order_flow import record_created
from salon_app.core.services.permissions import require_role
from salon_app.core.settings import get_settings

SPECIAL_NEEDS_MAX = 500
ADDRESS_MAX = 120


@dataclass(frozen=True)
class BookingRequest:
    service_id: int
    technician_id: int | None  # None: any nearby technician (at-home services)
    starts_at: datetime
    at_home: bool = False
    address: str = ""
    special_needs: str = ""


@dataclass(frozen=True)
class Place:
    at_home: bool
    lat: float
    lng: float
    address: str | None


def _order_code(now: datetime) -> str:
    return f"{now:%y%m%d}{secrets.randbelow(10**10):010d}"


def _offer(
    session: Session, technician_id: int, service_id: int
) -> tuple[Service, Technician, int]:
    service = session.get(Service, service_id)
    tech = session.get(Technician, technician_id)
    if service is None or not service.is_active or tech is None or tech.status != "active":
        raise DomainError("booking.service_not_offered")
    price = session.exec(
        select(TechnicianService.price_fen).where(
            TechnicianService.technician_id == technician_id,
            TechnicianService.service_id == service_id,
        )
    ).first()
    if price is None:
        raise DomainError("booking.service_not_offered")
    return service, tech, price


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


def _place(session: Session, req: BookingRequest, service: Service, tech: Technician) -> Place:
    """Where the job happens: the customer's geocoded address, or the technician's shop."""
    if req.at_home:
        if not service.at_home:
            raise DomainError("booking.not_at_home_service")
        point = locate_address(req.address)
        if not serves_address(session, tech.id, (point.lat, point.lng)):
            raise DomainError("booking.outside_service_area")
        return Place(True, point.lat, point.lng, req.address.strip())
    if not service.in_shop or tech.merchant_id is None:
        raise DomainError("booking.not_in_shop_service")
    shop = session.get(Merchant, tech.merchant_id)
    return Place(False, shop.lat, shop.lng, None)


def book_any_nearby(session: Session, actor: Actor | None, req: BookingRequest) -> Order:
    """Book the best-ranked free technician near the address; the ranking is kept on the order.

    Only for at-home services: "nearby" is measured from the customer's address.
    """
    require_role(actor, Role.customer)
    service = session.get(Service, req.service_id)
    if service is None or not service.is_active:
        raise DomainError("booking.service_not_offered")
    if not req.at_home or not service.at_home:
        raise DomainError("booking.any_needs_home_service")
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
    """Create an order in 待支付 holding the slot for `hold_minutes`.

    Refused, with nothing stored: a slot in the past, outside the technician's hours, beyond
    the horizon or already taken (also when two customers race for it); an address that
    cannot be found or lies outside the technician's area; a service they do not offer.
    """
    customer = require_role(actor, Role.customer)
    if req.technician_id is None:
        return book_any_nearby(session, actor, req)
    special_needs = (req.special_needs or "").strip()
    if len(special_needs) > SPECIAL_NEEDS_MAX:
        raise DomainError("validation.too_long", field="field.special_needs", max=SPECIAL_NEEDS_MAX)
    service, tech, price = _offer(session, req.technician_id, req.service_id)
    place = _place(session, req, service, tech)
    starts = req.starts_at.replace(second=0, microsecond=0)
    ends = starts + timedelta(minutes=service.duration_min)
    block_start, block_end = block_for(starts, ends, place.at_home)
    now = utcnow()
    try:
        lock_technician_calendar(session, tech.id)
        availability.check_slot(
            session,
            tech.id,
            starts,
            service.duration_min,
            place.at_home,
            (place.lat, place.lng) if place.at_home else None,
            now=now,
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
            total_fen=price,
            hold_expires_at=now + timedelta(minutes=get_settings().hold_minutes),
            created_at=now,
        )
        session.add(order)
        session.flush()
        session.add(
            OrderItem(
                order_id=order.id,
                service_id=service.id,
                price_fen=price,
                duration_min=service.duration_min,
            )
        )
        record_created(session, order, customer.user_id)
        session.commit()
    except IntegrityError as exc:  # the exclusion constraint: someone else got there first
        session.rollback()
        raise DomainError("booking.slot_taken") from exc
    except DomainError:
        session.rollback()
        raise
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
