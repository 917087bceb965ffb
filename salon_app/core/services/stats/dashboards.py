"""The figures on the shop's and the platform's home dashboards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.models import (
    DiscountLine,
    Merchant,
    Order,
    Role,
    Technician,
    TechnicianApplication,
    User,
)
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.merchants import Capability, require_shop

WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class PendingApplication:
    id: int
    technician_name: str
    years_experience: int
    message: str
    created_at: datetime


@dataclass(frozen=True)
class ShopOverview:
    shop_name: str
    technicians: int
    orders_30d: int
    revenue_30d_fen: int
    rating: float | None
    pending_applications: list[PendingApplication]


@dataclass(frozen=True)
class PlatformOverview:
    users_by_role: dict[str, int]
    merchants: int
    technicians: int
    orders: int
    paid_orders_30d: int


def shop_overview(session: Session, actor: Actor | None) -> ShopOverview:
    """Only the shop's own staff see its figures."""
    merchant_id = require_shop(session, actor, Capability.view_shop).merchant_id
    shop = session.get(Merchant, merchant_id)
    since = utcnow() - WINDOW
    tech_count, rating_sum, rating_count = session.exec(
        select(
            func.count(Technician.id),
            func.coalesce(func.sum(Technician.rating_sum), 0),
            func.coalesce(func.sum(Technician.rating_count), 0),
        ).where(Technician.merchant_id == merchant_id)
    ).one()
    orders, revenue = session.exec(
        select(func.count(Order.id), func.coalesce(func.sum(Order.total_fen), 0)).where(
            Order.merchant_id == merchant_id, Order.paid_at >= since
        )
    ).one()
    # The platform's own discounts are the shop's takings too (ledger.income: the split's base).
    subsidy = session.exec(
        select(func.coalesce(func.sum(DiscountLine.amount_fen), 0))
        .join(Order, Order.id == DiscountLine.order_id)
        .where(Order.merchant_id == merchant_id, Order.paid_at >= since)
        .where(DiscountLine.funded_by == "platform")
    ).one()
    pending = session.exec(
        select(TechnicianApplication, Technician)
        .join(Technician, Technician.id == TechnicianApplication.technician_id)
        .where(
            TechnicianApplication.merchant_id == merchant_id,
            TechnicianApplication.status == "pending",
        )
        .order_by(TechnicianApplication.created_at)
    ).all()
    return ShopOverview(
        shop_name=shop.name,
        technicians=tech_count,
        orders_30d=orders,
        revenue_30d_fen=int(revenue) + int(subsidy),
        rating=round(rating_sum / rating_count / 100, 1) if rating_count else None,
        pending_applications=[
            PendingApplication(a.id, t.display_name, t.years_experience, a.message, a.created_at)
            for a, t in pending
        ],
    )


def platform_overview(session: Session, actor: Actor | None) -> PlatformOverview:
    require_admin(session, actor, Permission.view_overview)
    by_role = dict(session.exec(select(User.role, func.count(User.id)).group_by(User.role)).all())
    return PlatformOverview(
        users_by_role={r.value: by_role.get(r.value, 0) for r in Role},
        merchants=session.exec(select(func.count(Merchant.id))).one(),
        technicians=session.exec(select(func.count(Technician.id))).one(),
        orders=session.exec(select(func.count(Order.id))).one(),
        paid_orders_30d=session.exec(
            select(func.count(Order.id)).where(Order.paid_at >= utcnow() - WINDOW)
        ).one(),
    )
