"""Test worlds with orders in them, made the way customers make them: through booking."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from salon_app.core.clock import local_today
from salon_app.core.errors import DomainError
from salon_app.core.models import Order, Service, Technician, TechnicianService
from salon_app.core.services import availability
from salon_app.core.services.access import Actor
from salon_app.core.services.booking import BookingRequest, book


def next_free_start(
    session: Session, technician_id: int, service_id: int, first_day: date | None = None
) -> datetime:
    """The technician's first free slot on `first_day` (local) or a later day; by default two
    days ahead, outside the free-cancel window. Demo rotas have days off, so it looks on."""
    day = first_day or local_today() + timedelta(days=2)
    for offset in range(14):
        slots = availability.free_slots(
            session, technician_id, service_id, day + timedelta(days=offset), 1
        )
        if slots:
            return slots[0]
    raise AssertionError("the technician has no free slot in two weeks")


def pending_order(
    session: Session,
    customer: Actor,
    technician_id: int | None = None,
    starts_at: datetime | None = None,
    service_slug: str = "haircut",
) -> Order:
    """An in-shop order in pending_payment, booked by `customer` through the booking service.

    Without `technician_id`, the first shop technician offering the service takes it.
    """
    service = session.exec(select(Service).where(Service.slug == service_slug)).one()
    query = (
        select(TechnicianService.technician_id)
        .join(Technician, Technician.id == TechnicianService.technician_id)
        .where(TechnicianService.service_id == service.id, Technician.merchant_id.is_not(None))
    )
    if technician_id is not None:
        query = query.where(TechnicianService.technician_id == technician_id)
    tech_id = session.exec(query.order_by(TechnicianService.id)).first()
    starts = starts_at or next_free_start(session, tech_id, service.id)
    return book(session, customer, BookingRequest(service.id, tech_id, starts))


def at_home_order(
    session: Session, customer: Actor, place: tuple[float, float], address: str
) -> Order:
    """An at-home haircut in pending_payment at `address` (near `place`), three days ahead, with
    whichever technician is free to come there first."""
    haircut = session.exec(select(Service).where(Service.slug == "haircut")).one()
    day = local_today() + timedelta(days=3)
    for tech_id in session.exec(select(Technician.id).order_by(Technician.id)).all():
        slots = availability.free_slots(session, tech_id, haircut.id, day, 1, at=place)
        if slots:
            request = BookingRequest(haircut.id, None, slots[0], at_home=True, address=address)
            return book(session, customer, request)
    raise AssertionError("nobody can come to that place in three days")


def free_for(session: Session, order: Order, tech_ids: list[int]) -> int:
    """The first of `tech_ids` free at the order's time (its own hold ignored)."""
    minutes = int((order.ends_at - order.starts_at).total_seconds() // 60)
    for tech_id in tech_ids:
        try:
            availability.check_slot(
                session,
                tech_id,
                order.starts_at,
                minutes,
                order.at_home,
                (order.lat, order.lng) if order.at_home else None,
                ignore_order_id=order.id,
            )
        except DomainError:
            continue
        return tech_id
    raise AssertionError("nobody of them is free then")
