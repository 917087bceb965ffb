"""Test worlds with orders in them.

`pending_order` makes an order awaiting payment, as a customer's booking would leave it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Merchant, Order, OrderItem, Service, Technician, TechnicianService
from salon_app.core.services import availability
from salon_app.core.services.actor import Actor
from salon_app.core.services.booking_rules import block_for
from salon_app.core.services.order_flow import record_created
from salon_app.core.settings import get_settings


def _next_free(session: Session, technician_id: int, service_id: int) -> datetime:
    """The technician's first free slot at least two days ahead (outside the free-cancel window)."""
    day = (utcnow() + timedelta(days=2)).date()
    for offset in range(14):
        slots = availability.free_slots(
            session, technician_id, service_id, day + timedelta(days=offset), 1
        )
        if slots:
            return slots[0]
    raise AssertionError("the demo technician has no free slot in two weeks")


def pending_order(
    session: Session,
    customer: Actor,
    technician_id: int | None = None,
    starts_at: datetime | None = None,
    service_slug: str = "haircut",
) -> Order:
    """An order in pending_payment for a service the technician offers, committed."""
    service = session.exec(select(Service).where(Service.slug == service_slug)).one()
    query = (
        select(TechnicianService)
        .join(Technician, Technician.id == TechnicianService.technician_id)
        .where(TechnicianService.service_id == service.id, Technician.merchant_id.is_not(None))
    )
    if technician_id is not None:
        query = query.where(TechnicianService.technician_id == technician_id)
    price = session.exec(query.order_by(TechnicianService.id)).first()
    tech = session.get(Technician, price.technician_id)
    starts = starts_at or _next_free(session, tech.id, service.id)
    ends = starts + timedelta(minutes=service.duration_min)
    block_start, block_end = block_for(starts, ends, at_home=False)
    now = utcnow()
    shop = session.get(Merchant, tech.merchant_id)
    order = Order(
        code=f"T{now:%y%m%d%H%M%S%f}",
        customer_id=customer.user_id,
        technician_id=tech.id,
        merchant_id=tech.merchant_id,
        status="pending_payment",
        starts_at=starts,
        ends_at=ends,
        block_start=block_start,
        block_end=block_end,
        holds_slot=True,
        lat=shop.lat,
        lng=shop.lng,
        total_fen=price.price_fen,
        hold_expires_at=now + timedelta(minutes=get_settings().hold_minutes),
        created_at=now,
    )
    session.add(order)
    session.flush()
    session.add(
        OrderItem(
            order_id=order.id,
            service_id=service.id,
            price_fen=price.price_fen,
            duration_min=service.duration_min,
        )
    )
    record_created(session, order, customer.user_id)
    session.commit()
    return order
