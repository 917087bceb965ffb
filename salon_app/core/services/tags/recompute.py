"""Recompute every customer's figures and automatic tags from the orders, in one pass.

Rule: the figures and auto tags are a pure function of the paid orders at `now`
(behaviour.py says how); manual tags are never touched. The work is set-based: four grouped
queries over the orders (no row per order reaches Python), then the rows are replaced in
batches inside one transaction, so readers see either the old tags or the new ones. Run by
the nightly job (once across workers: core/jobs) and by an operator (`recompute_tags_now`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Float, case, cast, delete, func, insert, literal
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    CustomerFigures,
    Merchant,
    Order,
    OrderItem,
    Role,
    Service,
    ServiceCategory,
    User,
    UserTag,
)
from salon_app.core.models.coarse import coarse_degree
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.live_map import district_of
from salon_app.core.services.tags.behaviour import (
    PAID_STATUSES,
    Behaviour,
    auto_tags,
    f_band,
    m_band,
    r_band,
)
from salon_app.core.settings import get_settings

BATCH = 5000


@dataclass(frozen=True)
class RecomputeSummary:
    customers: int
    tags: int
    seconds: float


def recompute_tags_now(session: Session, actor: Actor | None) -> RecomputeSummary:
    """An operator's recompute (manage_segments), audited; refused while another runs."""
    require_admin(session, actor, Permission.manage_segments)
    try:
        summary = recompute_tags(session, utcnow(), commit=False)
        audit.record(session, actor, "tags.recompute", "tags", None, customers=summary.customers)
        session.commit()
    except (IntegrityError, OperationalError) as exc:  # another recompute wrote meanwhile
        session.rollback()
        raise DomainError("tags.recompute_busy") from exc
    return summary


def recompute_tags(session: Session, now: datetime, commit: bool = True) -> RecomputeSummary:
    """Replace every customer's figures and auto tags (the nightly job's entry)."""
    started = utcnow()
    zone = ZoneInfo(get_settings().timezone)
    today = now.astimezone(zone).date()
    year_ago = now - timedelta(days=365)
    customers = session.exec(
        select(User.id).where(User.role == Role.customer).order_by(col(User.id))
    ).all()
    totals = _totals(session, year_ago)
    prices = _price_index(session)
    favourites = _favourite_categories(session)
    places = _places(session)
    session.execute(delete(UserTag).where(col(UserTag.source) == "auto"))
    session.execute(delete(CustomerFigures))
    figures, tags = [], []
    for user_id in customers:
        orders, orders_365d, spend, first, last = totals.get(user_id, (0, 0, 0, None, None))
        lat, lng, district = places.get(user_id, (None, None, ""))
        since_last = _days(today, last, zone) if last else None
        behaviour = Behaviour(
            days_since_first=_days(today, first, zone) if first else None,
            days_since_last=since_last,
            orders_365d=orders_365d,
            spend_365d_fen=spend,
            orders=orders,
            price_index=prices.get(user_id),
            favourite_category=favourites.get(user_id, ""),
            district=district,
        )
        figures.append(
            {
                "user_id": user_id,
                "orders": orders,
                "orders_365d": orders_365d,
                "spend_fen": spend,
                "first_order_at": first,
                "last_order_at": last,
                "recency_days": since_last,
                "r_band": r_band(since_last),
                "f_band": f_band(orders_365d),
                "m_band": m_band(spend),
                "price_index": behaviour.price_index,
                "favourite_category": behaviour.favourite_category,
                "district": district,
                # Coarse (~1 km): enough for recommendations, not the customer's door.
                "home_lat": coarse_degree(lat),
                "home_lng": coarse_degree(lng),
                "computed_at": now,
            }
        )
        tags += [
            {"user_id": user_id, "tag": tag, "source": "auto", "created_at": now}
            for tag in auto_tags(behaviour)
        ]
    for table, rows in ((CustomerFigures, figures), (UserTag, tags)):
        for start in range(0, len(rows), BATCH):
            session.execute(insert(table), rows[start : start + BATCH])
    if commit:
        session.commit()
    seconds = (utcnow() - started).total_seconds()
    return RecomputeSummary(len(customers), len(tags), round(seconds, 2))


def _days(today: date, at: datetime, zone: ZoneInfo) -> int:
    """Local days from `at` to today; a paid visit still to come counts as today (0)."""
    return max(0, (today - at.astimezone(zone).date()).days)


def _paid() -> object:
    return col(Order.status).in_(PAID_STATUSES)


def _totals(session: Session, year_ago: datetime) -> dict[int, tuple]:
    """customer -> (paid orders, of them in 365 days, their spend, first and last start)."""
    recent = col(Order.starts_at) >= year_ago
    rows = session.execute(
        select(
            Order.customer_id,
            func.count(col(Order.id)),
            func.sum(case((recent, 1), else_=0)),
            func.sum(case((recent, col(Order.total_fen)), else_=0)),
            func.min(col(Order.starts_at)),
            func.max(col(Order.starts_at)),
        )
        .where(_paid())
        .group_by(col(Order.customer_id))
    ).all()
    # min/max of a UTCDateTime column come back through the column's type: aware UTC.
    return {r[0]: (r[1], int(r[2] or 0), int(r[3] or 0), r[4], r[5]) for r in rows}


def _price_index(session: Session) -> dict[int, int]:
    """customer -> 0-100, the average place of their prices in the services' ranges."""
    span = col(Service.price_max_fen) - col(Service.price_min_fen)
    place = cast(col(OrderItem.price_fen) - col(Service.price_min_fen), Float) * 100 / span
    rows = session.execute(
        select(Order.customer_id, func.avg(place))
        .join(OrderItem, col(OrderItem.order_id) == col(Order.id))
        .join(Service, col(Service.id) == col(OrderItem.service_id))
        .where(_paid(), span > 0)
        .group_by(col(Order.customer_id))
    ).all()
    return {r[0]: max(0, min(100, round(r[1]))) for r in rows if r[1] is not None}


def _favourite_categories(session: Session) -> dict[int, str]:
    """customer -> slug of the category with most paid services (ties: the first listed)."""
    count = func.count(col(OrderItem.id))
    rows = session.execute(
        select(Order.customer_id, ServiceCategory.slug, count)
        .join(OrderItem, col(OrderItem.order_id) == col(Order.id))
        .join(Service, col(Service.id) == col(OrderItem.service_id))
        .join(ServiceCategory, col(ServiceCategory.id) == col(Service.category_id))
        .where(_paid())
        .group_by(col(Order.customer_id), col(ServiceCategory.slug))
        .order_by(
            col(Order.customer_id),
            count.desc(),
            func.min(col(ServiceCategory.sort_order)),
            col(ServiceCategory.slug),
        )
    ).all()
    best: dict[int, str] = {}
    for customer_id, slug, _ in rows:
        best.setdefault(customer_id, slug)
    return best


def _places(session: Session) -> dict[int, tuple[float | None, float | None, str]]:
    """customer -> (lat, lng, district) of the last at-home order, else the last shop's
    district with no point."""
    at_home_first = case((col(Order.lat).is_(None), 1), else_=0)
    rank = (
        func.row_number()
        .over(
            partition_by=col(Order.customer_id),
            order_by=(at_home_first, col(Order.starts_at).desc(), col(Order.id).desc()),
        )
        .label("rank")
    )
    ranked = (
        select(
            col(Order.customer_id).label("customer_id"),
            col(Order.lat).label("lat"),
            col(Order.lng).label("lng"),
            func.coalesce(col(Merchant.district), literal("")).label("shop_district"),
            rank,
        )
        .outerjoin(Merchant, col(Merchant.id) == col(Order.merchant_id))
        .where(_paid())
        .subquery()
    )
    rows = session.execute(
        select(ranked.c.customer_id, ranked.c.lat, ranked.c.lng, ranked.c.shop_district).where(
            ranked.c.rank == 1
        )
    ).all()
    found: dict[tuple[float, float], str] = {}
    places = {}
    for customer_id, lat, lng, shop_district in rows:
        if lat is None or lng is None:
            places[customer_id] = (None, None, shop_district or "")
            continue
        key = (lat, lng)  # bulk data reuses a pool of addresses: few distinct points
        if key not in found:
            found[key] = district_of(key)
        places[customer_id] = (lat, lng, found[key])
    return places
