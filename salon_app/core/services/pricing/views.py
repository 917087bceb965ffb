"""What the pages show of prices: the live quote on the booking page, and an order's
discount lines on its page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import DiscountLine, Order, Role, Service, Technician, TechnicianService
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.pricing.engine import BasketItem, Quote, quote


def basket_of(session: Session, technician_id: int, service_ids: list[int]) -> list[BasketItem]:
    """The visit's services at the technician's prices, in the order asked (one query)."""
    rows = session.exec(
        select(
            TechnicianService.service_id,
            TechnicianService.price_fen,
            Service.category_id,
            Technician.merchant_id,
        )
        .join(Service, Service.id == TechnicianService.service_id)
        .join(Technician, Technician.id == TechnicianService.technician_id)
        .where(
            TechnicianService.technician_id == technician_id,
            col(TechnicianService.service_id).in_(service_ids),
        )
        .order_by(TechnicianService.service_id)
    ).all()
    found = {service_id: BasketItem(service_id, c, m, p) for service_id, p, c, m in rows}
    if len(found) != len(set(service_ids)):
        raise DomainError("booking.service_not_offered")
    return [found[s] for s in dict.fromkeys(service_ids)]


def booking_quote(
    session: Session,
    actor: Actor | None,
    technician_id: int,
    service_ids: list[int],
    coupon_id: int | None = None,
    points: int = 0,
) -> Quote:
    """The price the booking page shows for this visit now. A visitor who is not a logged-in
    customer sees the offers open to everyone only (no level, coupons or points)."""
    customer_id = actor.user_id if actor is not None and actor.role == Role.customer else None
    basket = basket_of(session, technician_id, service_ids)
    return quote(session, customer_id, basket, utcnow(), coupon_id, points)


@dataclass(frozen=True)
class OrderDiscount:
    """One discount of an order, its items' lines added together."""

    source: str  # member, promotion, coupon, points
    ref_id: int | None
    label: str
    amount_fen: int
    funded_by: str


def order_discounts(session: Session, actor: Actor | None, order_id: int) -> list[OrderDiscount]:
    """The discount lines of the customer's own order, in the order they were applied."""
    customer = require_role(actor, Role.customer)
    order = session.get(Order, order_id)
    if order is None or order.customer_id != customer.user_id:
        raise DomainError("order.not_found")
    rows = session.exec(
        select(DiscountLine).where(DiscountLine.order_id == order_id).order_by(DiscountLine.id)
    ).all()
    merged: dict[tuple[str, int | None, str], int] = {}
    funders: dict[tuple[str, int | None, str], str] = {}
    for row in rows:
        key = (row.source, row.ref_id, row.label)
        merged[key] = merged.get(key, 0) + row.amount_fen
        funders[key] = row.funded_by
    return [
        OrderDiscount(s, ref, label, amount, funders[(s, ref, label)])
        for (s, ref, label), amount in merged.items()
    ]
