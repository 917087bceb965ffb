"""The public shop page (/shop/<id>): what anyone may see of a shop.

Its information, business hours and coming closures, photos and videos, its active
technicians (approved ones only: pending or rejected never show), the services they offer
with the shop's price range (only services its technicians qualify for), published
announcements (pinned first, then newest; expired ones hidden) and the reviews of its
orders with the shop's replies. An inactive or unknown shop is not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Merchant,
    Order,
    Review,
    Service,
    ServiceCategory,
    ShopPost,
    Technician,
    TechnicianPost,
    TechnicianService,
    User,
)
from salon_app.core.services.availability import zone
from salon_app.core.services.certificates import qualified
from salon_app.core.services.merchants.announcements import (
    AnnouncementView,
    published_announcements,
)
from salon_app.core.services.merchants.media import MediaView, list_media
from salon_app.core.services.merchants.opening import (
    ClosureView,
    OpenRange,
    hours_of,
    list_closures,
)

REVIEWS_SHOWN = 20


@dataclass(frozen=True)
class ShopTechnicianCard:
    id: int
    display_name: str
    photo_url: str
    years_experience: int
    rating: float | None
    rating_count: int
    posts: list[str]


@dataclass(frozen=True)
class ShopServiceOffer:
    service_id: int
    slug: str
    name: str
    category: str
    price_min_fen: int  # the cheapest of the shop's technicians
    price_max_fen: int
    duration_min: int
    at_home: bool
    in_shop: bool


@dataclass(frozen=True)
class ShopReviewView:
    id: int
    customer_name: str
    technician_name: str
    attitude: int
    skill: int
    effect: int
    text: str
    photo_urls: list[str]
    created_at: datetime
    reply: str
    replied_at: datetime | None
    reply_edited: bool


@dataclass(frozen=True)
class ShopPage:
    id: int
    name: str
    intro: str
    address: str
    district: str
    lat: float
    lng: float
    contact_phone: str
    timezone: str
    hours: list[OpenRange] | None  # None: the shop has not set business hours
    closures: list[ClosureView]
    media: list[MediaView]
    technicians: list[ShopTechnicianCard]
    services: list[ShopServiceOffer]
    announcements: list[AnnouncementView]
    reviews: list[ShopReviewView]
    more_reviews: bool  # older reviews exist beyond these (public_shop_reviews pages them)


def _technicians(session: Session, shop_id: int) -> list[ShopTechnicianCard]:
    techs = session.exec(
        select(Technician)
        .where(Technician.merchant_id == shop_id, Technician.status == "active")
        .order_by(Technician.id)
    ).all()
    posts: dict[int, list[str]] = {}
    for tech_id, name in session.exec(
        select(TechnicianPost.technician_id, ShopPost.name)
        .join(ShopPost, col(ShopPost.id) == TechnicianPost.post_id)
        .where(ShopPost.merchant_id == shop_id)
        .order_by(ShopPost.id)
    ):
        posts.setdefault(tech_id, []).append(name)
    cards = [
        ShopTechnicianCard(
            t.id,
            t.display_name,
            t.photo_url,
            t.years_experience,
            round(t.rating_sum / t.rating_count / 100, 1) if t.rating_count else None,
            t.rating_count,
            posts.get(t.id, []),
        )
        for t in techs
    ]
    cards.sort(key=lambda c: (-(c.rating or 0.0), -c.rating_count, c.id))
    return cards


def _services(session: Session, shop_id: int, today: date) -> list[ShopServiceOffer]:
    rows = session.exec(
        select(
            Service,
            ServiceCategory.name,
            func.min(TechnicianService.price_fen),
            func.max(TechnicianService.price_fen),
        )
        .join(TechnicianService, col(TechnicianService.service_id) == Service.id)
        .join(Technician, col(Technician.id) == TechnicianService.technician_id)
        .join(ServiceCategory, col(ServiceCategory.id) == Service.category_id)
        .where(
            Technician.merchant_id == shop_id,
            Technician.status == "active",
            Service.on_sale(utcnow()),
            qualified(Technician.id, Service.id, today),
        )
        .group_by(Service.id, ServiceCategory.name, ServiceCategory.sort_order)
        .order_by(ServiceCategory.sort_order, Service.id)
    ).all()
    return [
        ShopServiceOffer(
            s.id, s.slug, s.name, category, low, high, s.duration_min, s.at_home, s.in_shop
        )
        for s, category, low, high in rows
    ]


def _reviews(session: Session, shop_id: int, offset: int = 0) -> list[ShopReviewView]:
    """REVIEWS_SHOWN + 1 reviews from `offset`, newest first (the extra one says there is more)."""
    rows = session.exec(
        select(Review, User.display_name, Technician.display_name)
        .join(Order, col(Order.id) == Review.order_id)
        .join(User, col(User.id) == Review.customer_id)
        .join(Technician, col(Technician.id) == Review.technician_id)
        .where(Order.merchant_id == shop_id)
        .order_by(col(Review.created_at).desc(), col(Review.id).desc())
        .offset(offset)
        .limit(REVIEWS_SHOWN + 1)
    ).all()
    return [
        ShopReviewView(
            r.id,
            customer,
            tech,
            r.attitude,
            r.skill,
            r.effect,
            r.text,
            list(r.photo_urls),
            r.created_at,
            r.merchant_reply,
            r.replied_at,
            r.reply_edited_at is not None,
        )
        for r, customer, tech in rows
    ]


def public_shop_reviews(
    session: Session, shop_id: int, offset: int
) -> tuple[list[ShopReviewView], bool]:
    """Public: the shop's reviews after the first `offset` (newest first), REVIEWS_SHOWN at a
    time, and whether older ones remain; an unknown or closed shop has none."""
    shop = session.get(Merchant, shop_id)
    if shop is None or not shop.is_active or offset < 0:
        raise DomainError("shop.not_found")
    rows = _reviews(session, shop_id, offset)
    return rows[:REVIEWS_SHOWN], len(rows) > REVIEWS_SHOWN


def shop_page(session: Session, shop_id: int, now: datetime | None = None) -> ShopPage:
    """Public: what /shop/<id> shows to anyone (see the module docstring)."""
    shop = session.get(Merchant, shop_id)
    if shop is None or not shop.is_active:
        raise DomainError("shop.not_found")
    now = now or utcnow()
    today = now.astimezone(zone(shop.timezone)).date()
    reviews = _reviews(session, shop.id)
    return ShopPage(
        id=shop.id,
        name=shop.name,
        intro=shop.description,
        address=shop.address,
        district=shop.district,
        lat=shop.lat,
        lng=shop.lng,
        contact_phone=shop.contact_phone,
        timezone=shop.timezone,
        hours=hours_of(shop),
        closures=list_closures(session, shop.id, today),
        media=list_media(session, shop.id),
        technicians=_technicians(session, shop.id),
        services=_services(session, shop.id, today),
        announcements=published_announcements(session, shop.id, now),
        reviews=reviews[:REVIEWS_SHOWN],
        more_reviews=len(reviews) > REVIEWS_SHOWN,
    )
