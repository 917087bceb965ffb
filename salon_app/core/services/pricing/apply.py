"""A quote made real at booking, inside the booking's transaction: the order's price, its
discount lines per item, the coupon used once and the points spent.

The coupon is taken with a conditional update (WHERE order_id IS NULL AND user_id = the
customer): of two orders racing for one coupon exactly one gets it; the other is refused
with coupon.used and, since the booking rolls back on a refusal, stores nothing. Points are
spent under the customer's points lock, taken before the re-quote, so two bookings cannot
spend the same points. Nothing here commits: the booking does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import Coupon, DiscountLine, Order, OrderItem, Service
from salon_app.core.services.membership import debit, lock_points
from salon_app.core.services.pricing.engine import BasketItem, PriceLine, Quote, quote


def use_coupon(session: Session, coupon_id: int, user_id: int, order_id: int, at: datetime) -> None:
    """Mark the coupon used by this order, unless another order has it (coupon.used)."""
    taken = session.execute(
        update(Coupon)
        .where(
            col(Coupon.id) == coupon_id,
            col(Coupon.user_id) == user_id,
            col(Coupon.order_id).is_(None),
        )
        .values(order_id=order_id, used_at=at)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise DomainError("coupon.used")


def price_visit(
    session: Session,
    customer_id: int,
    offers: Sequence[tuple[Service, int]],
    merchant_id: int | None,
    at: datetime,
    coupon_id: int | None = None,
    points: int = 0,
) -> Quote:
    """The quote of a visit about to be booked: (service, the technician's price) in the
    order its items will be stored. Call it BEFORE inserting the order: spending points takes
    the customer's points lock first (on PostgreSQL a lock taken after inserting a row that
    refers to the customer would deadlock two bookings of the same customer)."""
    if points:
        lock_points(session, customer_id)
    basket = [BasketItem(s.id, s.category_id, merchant_id, price) for s, price in offers]
    return quote(session, customer_id, basket, at, coupon_id, points)


def apply_quote(session: Session, order: Order, priced: Quote, at: datetime) -> None:
    """Store the quote on the just-created order (its items flushed, in the quote's order):
    price, discount lines per item, the coupon used once, the points spent.

    Refused with coupon.used when another order took the coupon first; the caller rolls the
    booking back."""
    items = session.exec(
        select(OrderItem).where(OrderItem.order_id == order.id).order_by(OrderItem.id)
    ).all()
    if priced.coupon_id is not None:
        use_coupon(session, priced.coupon_id, order.customer_id, order.id, at)
    lines = list(priced.lines)
    if priced.points:
        entry = debit(
            session,
            order.customer_id,
            "deduct",
            priced.points,
            f"deduct:{order.id}",
            at,
            order_id=order.id,
        )
        lines = [replace(x, ref_id=entry.id) if x.source == "points" else x for x in lines]
    for line in lines:
        _store(session, order, list(items), line)
    order.list_fen, order.total_fen = priced.list_fen, priced.total_fen
    session.add(order)
    session.flush()


def _store(session: Session, order: Order, items: list[OrderItem], line: PriceLine) -> None:
    for item, share in zip(items, line.per_item, strict=True):
        if share > 0:
            session.add(
                DiscountLine(
                    order_id=order.id,
                    order_item_id=item.id,
                    source=line.source,
                    ref_id=line.ref_id,
                    label=line.label[:40],
                    amount_fen=share,
                    funded_by=line.funded_by,
                    merchant_id=line.merchant_id,
                )
            )
