"""猜你喜欢 for whoever opens the home or a service page.

Rules:
- A customer with paid orders gets the services booked together with theirs by other
  customers (model.rank_services over service_affinity), their own favourites among them,
  topped up with what is popular around them; on a service page, that service counts as part
  of their history and is not shown again.
- A new customer or an anonymous visitor gets what customers of their district book at this
  time of week (popular_service), then the district's and the city's favourites. Their
  district is the one of their figures (last at-home address, else last shop), else
  DEFAULT_DISTRICT (the demo city's centre).
- Only services on sale (active and published) and technicians who may take them (approved,
  account active, qualified for the category, in an open shop or independent) are shown.
  Technicians: who offer the recommended services within NEAR_DEGREES of the customer's home
  (or district centre); the ones they booked before first, then the most booked, then nearer.
Everything reads the precomputed tables plus the customer's own orders: a handful of indexed
queries, whatever the size of the city.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Text, func, or_, type_coerce
from sqlmodel import Session, col, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.models import (
    CustomerFigures,
    Merchant,
    Order,
    OrderItem,
    PopularService,
    Role,
    Service,
    ServiceAffinity,
    ServiceCategory,
    Technician,
    TechnicianService,
    User,
)
from salon_app.core.models.coarse import COARSE_MARGIN
from salon_app.core.models.types import EncryptedFloat
from salon_app.core.services.access import Actor
from salon_app.core.services.certificates import qualified
from salon_app.core.services.live_map import districts
from salon_app.core.services.recommendations.model import popular_shares, rank_services, time_slot
from salon_app.core.services.tags import PAID_STATUSES
from salon_app.core.settings import get_settings

DEFAULT_DISTRICT = "福田区"
SERVICE_COUNT = 6
TECHNICIAN_COUNT = 4
NEAR_DEGREES = 0.1  # about 10 km around the home
_FLOAT = EncryptedFloat()


@dataclass(frozen=True)
class RecommendedService:
    id: int
    slug: str
    name: str
    category: str
    image_url: str  # the card picture: the thumbnail (480×360) when there is one
    price_min_fen: int


@dataclass(frozen=True)
class RecommendedTechnician:
    id: int
    name: str
    photo_url: str
    rating_count: int
    rating_sum: int
    booked_before: bool


@dataclass(frozen=True)
class Recommendations:
    basis: str  # history (their orders) | service (the page's service) | popular
    district: str
    slot: str  # model.SLOTS
    services: list[RecommendedService]
    technicians: list[RecommendedTechnician]


def recommend(session: Session, actor: Actor | None, service_slug: str = "") -> Recommendations:
    """Public: 猜你喜欢 for the actor (anyone, logged in or not), see the module rules."""
    now = utcnow()
    zone = ZoneInfo(get_settings().timezone)
    slot = time_slot(now, zone)
    customer_id = actor.user_id if actor is not None and actor.role == Role.customer else None
    figures = session.get(CustomerFigures, customer_id) if customer_id else None
    district = figures.district if figures and figures.district else DEFAULT_DISTRICT
    history = _history(session, customer_id) if customer_id else {}
    on_page = (
        session.exec(select(Service.id).where(Service.slug == service_slug)).first()
        if service_slug
        else None
    )
    basis = "history" if history else "service" if on_page is not None else "popular"
    if on_page is not None:
        history = {**history, on_page: history.get(on_page, 0) + 1}
    affinity = _affinity(session, list(history))
    popular = popular_shares(_popular_counts(session, district, slot), district, slot)
    on_sale = _on_sale(session, now)
    chosen = rank_services(
        history,
        affinity,
        popular or dict.fromkeys(sorted(on_sale), 0.0),
        allowed=on_sale,
        limit=SERVICE_COUNT,
        exclude=[on_page] if on_page is not None else [],
    )
    services = _service_cards(session, chosen)
    home = _home(figures, district)
    technicians = _technicians(session, customer_id, chosen[:3], home)
    return Recommendations(basis, district, slot, services, technicians)


def _history(session: Session, customer_id: int) -> dict[int, int]:
    rows = session.exec(
        select(OrderItem.service_id, func.count())
        .join(Order, col(Order.id) == col(OrderItem.order_id))
        .where(Order.customer_id == customer_id, col(Order.status).in_(PAID_STATUSES))
        .group_by(col(OrderItem.service_id))
        .order_by(col(OrderItem.service_id))  # the scores add up in one order on any database
    ).all()
    return dict(rows)


def _affinity(session: Session, booked: list[int]) -> dict[int, dict[int, int]]:
    """The rows of the booked services, and every service's own count (the cosine's norm)."""
    rows = session.exec(
        select(
            ServiceAffinity.service_id, ServiceAffinity.other_service_id, ServiceAffinity.customers
        )
        .where(
            or_(
                col(ServiceAffinity.service_id).in_(booked),
                col(ServiceAffinity.service_id) == col(ServiceAffinity.other_service_id),
            )
        )
        .order_by(col(ServiceAffinity.service_id), col(ServiceAffinity.other_service_id))
    ).all()
    table: dict[int, dict[int, int]] = {}
    for service, other, n in rows:
        table.setdefault(service, {})[other] = n
    return table


def _popular_counts(
    session: Session, district: str, slot: str
) -> dict[tuple[str, str], dict[int, int]]:
    rows = session.exec(
        select(
            PopularService.district,
            PopularService.slot,
            PopularService.service_id,
            PopularService.orders,
        )
        .where(
            col(PopularService.district).in_([district, ""]),
            col(PopularService.slot).in_([slot, ""]),
        )
        .order_by(
            col(PopularService.district), col(PopularService.slot), col(PopularService.service_id)
        )
    ).all()
    counts: dict[tuple[str, str], dict[int, int]] = {}
    for d, s, service, n in rows:
        counts.setdefault((d, s), {})[service] = n
    return counts


def _on_sale(session: Session, now: object) -> set[int]:
    return set(session.exec(select(Service.id).where(Service.on_sale(now))).all())


def _service_cards(session: Session, ids: list[int]) -> list[RecommendedService]:
    rows = session.exec(
        select(Service, ServiceCategory.name)
        .join(ServiceCategory, col(ServiceCategory.id) == col(Service.category_id))
        .where(col(Service.id).in_(ids))
    ).all()
    by_id = {s.id: (s, name) for s, name in rows}
    return [
        RecommendedService(s.id, s.slug, s.name, name, s.thumb_url or s.image_url, s.price_min_fen)
        for s, name in (by_id[i] for i in ids if i in by_id)
    ]


def _home(figures: CustomerFigures | None, district: str) -> tuple[float, float]:
    if figures is not None and figures.home_lat is not None and figures.home_lng is not None:
        return figures.home_lat, figures.home_lng
    shape = next((d for d in districts() if d.name == district), districts()[0])
    return shape.centre


def _technicians(
    session: Session, customer_id: int | None, service_ids: list[int], home: tuple[float, float]
) -> list[RecommendedTechnician]:
    """Who offers the services near `home`, ranked in Python; the certificate rule (a
    correlated query) is asked only of the best few, not of every technician in the box."""
    if not service_ids:
        return []
    # A technician's home is encrypted: SQL prefilters on its coarse cell, Python decrypts the
    # homes of those kept and applies the exact box.
    lat = func.coalesce(col(Merchant.lat), col(Technician.home_cell_lat))
    lng = func.coalesce(col(Merchant.lng), col(Technician.home_cell_lng))
    wide = NEAR_DEGREES + COARSE_MARGIN
    mine = _booked_technicians(session, customer_id) if customer_id else {}
    rows = session.exec(
        select(
            Technician.id,
            Technician.rating_count,
            Merchant.lat,
            Merchant.lng,
            type_coerce(Technician.home_lat, Text),
            type_coerce(Technician.home_lng, Text),
        )
        .join(TechnicianService, col(TechnicianService.technician_id) == col(Technician.id))
        .join(User, col(User.id) == col(Technician.user_id))
        .outerjoin(Merchant, col(Merchant.id) == col(Technician.merchant_id))
        .where(
            col(TechnicianService.service_id).in_(service_ids),
            Technician.status == "active",
            col(User.is_active).is_(True),
            or_(col(Technician.merchant_id).is_(None), col(Merchant.is_active).is_(True)),
            lat.between(home[0] - wide, home[0] + wide),
            lng.between(home[1] - wide, home[1] + wide),
        )
        .distinct()
    ).all()
    near = []
    for tech_id, rating_count, shop_lat, shop_lng, home_lat, home_lng in rows:
        if shop_lat is None:
            shop_lat, shop_lng = _FLOAT.reveal(home_lat), _FLOAT.reveal(home_lng)
            if shop_lat is None or shop_lng is None:
                continue
        if abs(shop_lat - home[0]) <= NEAR_DEGREES and abs(shop_lng - home[1]) <= NEAR_DEGREES:
            near.append((tech_id, rating_count, shop_lat, shop_lng))

    def rank(row: tuple) -> tuple:
        tech_id, rating_count, t_lat, t_lng = row
        distance = (t_lat - home[0]) ** 2 + (t_lng - home[1]) ** 2
        return (-mine.get(tech_id, 0), -rating_count, distance, tech_id)

    best = [row[0] for row in sorted(near, key=rank)[: TECHNICIAN_COUNT * 5]]
    allowed = set(
        session.exec(
            select(TechnicianService.technician_id).where(
                col(TechnicianService.technician_id).in_(best),
                col(TechnicianService.service_id).in_(service_ids),
                qualified(
                    TechnicianService.technician_id, TechnicianService.service_id, local_today()
                ),
            )
        ).all()
    )
    chosen = [t for t in best if t in allowed][:TECHNICIAN_COUNT]
    rows = {t.id: t for t in session.exec(select(Technician).where(col(Technician.id).in_(chosen)))}
    return [
        RecommendedTechnician(
            t.id, t.display_name, t.photo_url, t.rating_count, t.rating_sum, t.id in mine
        )
        for t in (rows[i] for i in chosen)
    ]


def _booked_technicians(session: Session, customer_id: int) -> dict[int, int]:
    rows = session.exec(
        select(Order.technician_id, func.count())
        .where(
            Order.customer_id == customer_id,
            col(Order.status).in_(PAID_STATUSES),
            col(Order.technician_id).is_not(None),
        )
        .group_by(col(Order.technician_id))
    ).all()
    return dict(rows)
