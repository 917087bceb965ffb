"""Moving an order to another technician: which orders may move, and who may take one.

The one rule for re-dispatch and for an admin's assignment. The technician must be active,
offer the order's service, hold the certificate its category requires, and reach its place
(an at-home address inside one of their service areas, as booking requires; an in-shop order
needs a technician of a shop, and then happens in that shop), and be free at its time: the
availability engine under their calendar lock, as booking. The price the customer paid stays.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from salon_app.core.clock import local_today
from salon_app.core.errors import DomainError
from salon_app.core.models import Merchant, Order, OrderItem, Technician, TechnicianService
from salon_app.core.models import OrderStatus as S
from salon_app.core.services import availability
from salon_app.core.services.availability import lock_technician_calendar, serves_address
from salon_app.core.services.certificates import check_qualified
from salon_app.core.services.orders import transition

MOVABLE = frozenset({S.pending_payment, S.pending_service})


def order_to_move(session: Session, code: str) -> Order:
    """The order with this code, if it can still change technician (before service starts)."""
    order = session.exec(select(Order).where(Order.code == (code or "").strip())).first()
    if order is None:
        raise DomainError("order.not_found")
    if order.status not in MOVABLE:
        raise DomainError(f"dispatch.not_movable.{order.status}")
    return order


def refusal_to_serve(session: Session, order: Order, tech: Technician | None) -> DomainError | None:
    """Why `tech` cannot take the order's service at its place, or None."""
    if tech is None:
        return DomainError("technician.not_found")
    if tech.status != "active":
        return DomainError("dispatch.technician_inactive")
    wanted = set(
        session.exec(select(OrderItem.service_id).where(OrderItem.order_id == order.id)).all()
    )
    offered = session.exec(
        select(TechnicianService.service_id).where(
            TechnicianService.technician_id == tech.id,
            col(TechnicianService.service_id).in_(wanted),
        )
    ).all()
    if set(offered) != wanted:  # every service of the visit
        return DomainError("dispatch.service_not_offered")
    try:
        check_qualified(session, tech.id, wanted, local_today())
    except DomainError as refused:
        return refused
    if order.at_home and not serves_address(session, tech.id, (order.lat, order.lng)):
        return DomainError("dispatch.outside_service_area")
    if not order.at_home and tech.merchant_id is None:
        return DomainError("dispatch.needs_shop_technician")
    return None


def move(
    session: Session, order: Order, tech_id: int, now: datetime, by: int | None = None
) -> DomainError | None:
    """Give the order to `tech_id` if they may serve it and are free (under their calendar
    lock); the order's shop and, in shop, its place follow the technician, as in booking.

    Returns why not, or None when moved (recorded as an "assigned" event by `by`).
    """
    tech = session.get(Technician, tech_id)
    refusal = refusal_to_serve(session, order, tech)
    if refusal is not None:
        return refusal
    lock_technician_calendar(session, tech_id)
    try:
        availability.check_slot(
            session,
            tech_id,
            order.starts_at,
            order.duration_min,
            order.at_home,
            (order.lat, order.lng) if order.at_home else None,
            now=now,
            ignore_order_id=order.id,
        )
    except DomainError as refused:
        return refused
    before = order.technician_id
    order.technician_id, order.merchant_id = tech_id, tech.merchant_id
    if not order.at_home:
        shop = session.get(Merchant, tech.merchant_id)
        order.lat, order.lng = shop.lat, shop.lng
    transition(session, order, "assigned", by, previous=before, technician=tech_id)
    return None
