"""What the customer home shows: categories, 热门推荐 (most paid orders, 30 days), 新上线."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Order, OrderItem, Service, ServiceCategory

HOT_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class ServiceCard:
    id: int
    slug: str
    name: str
    category: str
    summary: str
    price_min_fen: int
    price_max_fen: int
    duration_min: int
    at_home: bool
    published_at: datetime
    paid_orders_30d: int = 0


@dataclass(frozen=True)
class CategoryCard:
    id: int
    slug: str
    name: str
    icon: str
    services: list[str]


@dataclass(frozen=True)
class HomeCatalogue:
    categories: list[CategoryCard]
    hot: list[ServiceCard]
    new: list[ServiceCard]


def _card(service: Service, category: str, paid: int = 0) -> ServiceCard:
    return ServiceCard(
        id=service.id,
        slug=service.slug,
        name=service.name,
        category=category,
        summary=service.summary,
        price_min_fen=service.price_min_fen,
        price_max_fen=service.price_max_fen,
        duration_min=service.duration_min,
        at_home=service.at_home,
        published_at=service.published_at,
        paid_orders_30d=paid,
    )


def home_catalogue(session: Session, limit: int = 6) -> HomeCatalogue:
    """Public: anyone may browse. Hot = services ranked by orders paid in the last 30 days."""
    categories = session.exec(select(ServiceCategory).order_by(ServiceCategory.sort_order)).all()
    names = {c.id: c.name for c in categories}
    services = session.exec(
        select(Service).where(Service.is_active).order_by(Service.category_id, Service.id)
    ).all()
    cards = [
        CategoryCard(
            c.id, c.slug, c.name, c.icon, [s.name for s in services if s.category_id == c.id]
        )
        for c in categories
    ]
    paid = func.count(func.distinct(Order.id))
    hot_rows = session.exec(
        select(Service, paid)
        .join(OrderItem, OrderItem.service_id == Service.id)
        .join(Order, Order.id == OrderItem.order_id)
        .where(Service.is_active, Order.paid_at >= utcnow() - HOT_WINDOW)
        .group_by(Service.id)
        .order_by(paid.desc(), Service.id)
        .limit(limit)
    ).all()
    hot = [_card(s, names[s.category_id], n) for s, n in hot_rows]
    newest = sorted(services, key=lambda s: (s.published_at, s.id), reverse=True)[:limit]
    return HomeCatalogue(cards, hot, [_card(s, names[s.category_id]) for s in newest])
