"""What the customer home shows: categories, 热门推荐 (most paid orders, 30 days), 新上线.

Only services on sale (Service.on_sale: published, publish day come) are shown or found;
catalogue/ is where operators change them. Cards carry the cover picture (large and thumbnail
URLs, "" when there is none) and a service's page its gallery."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Order,
    OrderItem,
    OrderStatus,
    Review,
    Service,
    ServiceCategory,
    ServicePicture,
)

HOT_WINDOW = timedelta(days=30)
UNPAID_AGAIN = (OrderStatus.cancelled, OrderStatus.refunded)  # paid once, money given back


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
    image_url: str = ""
    thumb_url: str = ""


@dataclass(frozen=True)
class CategoryCard:
    id: int
    slug: str
    name: str
    icon: str
    services: list[str]
    image_url: str = ""
    thumb_url: str = ""


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
        image_url=service.image_url,
        thumb_url=service.thumb_url,
    )


def home_catalogue(session: Session, limit: int = 6) -> HomeCatalogue:
    """Public: anyone may browse. Hot = services ranked by orders paid in the last 30 days
    and not cancelled or refunded since (money kept is what shows demand)."""
    categories = session.exec(select(ServiceCategory).order_by(ServiceCategory.sort_order)).all()
    names = {c.id: c.name for c in categories}
    now = utcnow()
    services = session.exec(
        select(Service).where(Service.on_sale(now)).order_by(Service.category_id, Service.id)
    ).all()
    cards = [
        _category_card(c, [s.name for s in services if s.category_id == c.id]) for c in categories
    ]
    cards = [c for c in cards if c.services]  # a category with nothing on sale leads nowhere
    paid = func.count(func.distinct(Order.id))
    hot_rows = session.exec(
        select(Service, paid)
        .join(OrderItem, OrderItem.service_id == Service.id)
        .join(Order, Order.id == OrderItem.order_id)
        .where(
            Service.on_sale(now),
            Order.paid_at >= now - HOT_WINDOW,
            col(Order.status).not_in(UNPAID_AGAIN),
        )
        .group_by(Service.id)
        .order_by(paid.desc(), Service.id)
        .limit(limit)
    ).all()
    hot = [_card(s, names[s.category_id], n) for s, n in hot_rows]
    newest = sorted(services, key=lambda s: (s.published_at, s.id), reverse=True)[:limit]
    return HomeCatalogue(cards, hot, [_card(s, names[s.category_id]) for s in newest])


@dataclass(frozen=True)
class Picture:
    url: str
    thumb_url: str


@dataclass(frozen=True)
class ServiceDetail:
    card: ServiceCard
    process: list[str]
    products: str
    effect: str
    in_shop: bool
    rating: float | None  # mean review score of orders for this service
    rating_count: int
    gallery: list[Picture] = field(default_factory=list)  # after the cover, in order


def _category_card(c: ServiceCategory, services: list[str]) -> CategoryCard:
    return CategoryCard(c.id, c.slug, c.name, c.icon, services, c.image_url, c.thumb_url)


def gallery_of(session: Session, service_id: int) -> list[ServicePicture]:
    """A service's gallery in its order (catalogue/ edits it)."""
    return list(
        session.exec(
            select(ServicePicture)
            .where(ServicePicture.service_id == service_id)
            .order_by(ServicePicture.position, ServicePicture.id)
        ).all()
    )


def _categories(session: Session) -> dict[int, str]:
    return {c.id: c.name for c in session.exec(select(ServiceCategory)).all()}


def service_detail(session: Session, slug: str) -> ServiceDetail:
    """Public: everything a customer reads before choosing a technician."""
    service = session.exec(
        select(Service).where(Service.slug == slug, Service.on_sale(utcnow()))
    ).first()
    if service is None:
        raise DomainError("catalogue.service_not_found")
    count, total = session.exec(
        select(
            func.count(Review.id),
            func.coalesce(func.sum(Review.attitude + Review.skill + Review.effect), 0),
        )
        .join(OrderItem, OrderItem.order_id == Review.order_id)
        .where(OrderItem.service_id == service.id)
    ).one()
    names = _categories(session)
    return ServiceDetail(
        card=_card(service, names[service.category_id]),
        process=[step for step in service.process.split("\n") if step.strip()],
        products=service.products,
        effect=service.effect,
        in_shop=service.in_shop,
        rating=round(total / count / 3, 1) if count else None,
        rating_count=count,
        gallery=[Picture(p.url, p.thumb_url) for p in gallery_of(session, service.id)],
    )


def category_services(session: Session, slug: str) -> tuple[CategoryCard, list[ServiceCard]]:
    """Public: a category (name, cover) and its services on sale, cheapest first."""
    category = session.exec(select(ServiceCategory).where(ServiceCategory.slug == slug)).first()
    if category is None:
        raise DomainError("catalogue.category_not_found")
    services = session.exec(
        select(Service)
        .where(Service.category_id == category.id, Service.on_sale(utcnow()))
        .order_by(Service.price_min_fen, Service.id)
    ).all()
    cards = [_card(s, category.name) for s in services]
    return _category_card(category, [c.name for c in cards]), cards


def search_services(session: Session, query: str, limit: int = 20) -> list[ServiceCard]:
    """Public: services whose name, summary or category contains the words typed."""
    words = [w for w in (query or "").strip().split() if w][:5]
    if not words or any(len(w) > 20 for w in words):
        return []
    names = _categories(session)
    matches = [
        s
        for s in session.exec(
            select(Service).where(Service.on_sale(utcnow())).order_by(Service.id)
        ).all()
        if all(w in f"{s.name}{s.summary}{names[s.category_id]}" for w in words)
    ]
    return [_card(s, names[s.category_id]) for s in matches[:limit]]
