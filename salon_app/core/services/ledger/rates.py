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

from dataclasses import dataclass

from sqlalchemy import or_
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
    return shop_rates(session, None).platform_bp


@dataclass(frozen=True)
class ShopRates:
    """The rates that may apply at one shop (None: an independent), by scope, read at once."""

    merchant_id: int | None
    by_scope: dict[str, int]

    @property
    def platform_bp(self) -> int:
        return self.by_scope.get(PLATFORM_SCOPE, get_settings().platform_commission_bp)

    def own_bp(self, category_id: int | None) -> int | None:
        """The shop's own rate for the category (None: its default), None when it has none."""
        if self.merchant_id is None:
            return None
        return self.by_scope.get(shop_scope(self.merchant_id, category_id))

    def rate_bp(self, category_id: int | None) -> int:
        """The rate a line of this category pays (the module rule: most specific first)."""
        for own in (self.own_bp(category_id), self.own_bp(None)):
            if own is not None:
                return own
        return self.platform_bp


def shop_rates(session: Session, merchant_id: int | None) -> ShopRates:
    """The platform's rate row and the shop's own rows, in one query."""
    wanted = col(CommissionRate.scope) == PLATFORM_SCOPE
    if merchant_id is not None:
        wanted = or_(wanted, col(CommissionRate.merchant_id) == merchant_id)
    rows = session.exec(select(CommissionRate.scope, CommissionRate.rate_bp).where(wanted)).all()
    return ShopRates(merchant_id, dict(rows))


def rate_bp(session: Session, merchant_id: int | None, category_id: int | None) -> int:
    """The rate a line of this category pays at this shop (None: an independent)."""
    return shop_rates(session, merchant_id).rate_bp(category_id)


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
    found = shop_rates(session, merchant_id)
    listed = sum(price * quantity for price, quantity, _ in lines)
    if listed <= 0:
        return price_fen * found.rate_bp(None) // BP
    weighted = sum(
        price * quantity * found.rate_bp(category) for price, quantity, category in lines
    )
    return price_fen * weighted // (listed * BP)
