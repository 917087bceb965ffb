"""The platform's commission on a completed order: which rate applies, and how much it is.

Rule: each line of the order pays the rate of its service's category at the order's shop,
the most specific rate that exists: the shop's rate for that category, else the shop's own
default, else the platform's default (a CommissionRate row "platform", else the setting
SALON_PLATFORM_COMMISSION_BP). Technicians without a shop pay the platform's default. The
commission is the sum of line price × rate, rounded down once (the odd fen is the payee's).
The rate is read when the order completes, so a change applies to orders completed after it;
rows already written are never touched.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from salon_app.core.models import CommissionRate, OrderItem, Service
from salon_app.core.settings import get_settings

PLATFORM_SCOPE = "platform"
BP = 10_000  # basis points in a whole


def shop_scope(merchant_id: int, category_id: int | None = None) -> str:
    """The CommissionRate.scope of a shop's default (no category) or of one of its categories."""
    base = f"shop:{merchant_id}"
    return base if category_id is None else f"{base}:category:{category_id}"


def platform_rate_bp(session: Session) -> int:
    """The platform's default rate: its row if an operator set one, else the setting."""
    row = session.exec(
        select(CommissionRate.rate_bp).where(CommissionRate.scope == PLATFORM_SCOPE)
    ).first()
    return get_settings().platform_commission_bp if row is None else row


def rate_bp(session: Session, merchant_id: int | None, category_id: int | None) -> int:
    """The rate a line of this category pays at this shop (None: an independent)."""
    if merchant_id is None:
        return platform_rate_bp(session)
    scopes = [shop_scope(merchant_id, category_id), shop_scope(merchant_id)]
    rows = dict(
        session.exec(
            select(CommissionRate.scope, CommissionRate.rate_bp).where(
                col(CommissionRate.scope).in_(scopes)
            )
        ).all()
    )
    for scope in scopes:
        if scope in rows:
            return rows[scope]
    return platform_rate_bp(session)


def order_commission(
    session: Session, order_id: int, price_fen: int, merchant_id: int | None
) -> int:
    """The platform's commission on a completed order's price (see the module rule). Lines
    weigh their category's rate by their price; an order without lines pays the shop's
    default rate."""
    lines = session.exec(
        select(OrderItem.price_fen, OrderItem.quantity, Service.category_id)
        .join(Service, col(Service.id) == OrderItem.service_id)
        .where(OrderItem.order_id == order_id)
        .order_by(col(OrderItem.id))
    ).all()
    listed = sum(price * quantity for price, quantity, _ in lines)
    if listed <= 0:
        return price_fen * rate_bp(session, merchant_id, None) // BP
    weighted = sum(
        price * quantity * rate_bp(session, merchant_id, category)
        for price, quantity, category in lines
    )
    return price_fen * weighted // (listed * BP)
