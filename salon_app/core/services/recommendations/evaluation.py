"""Offline evaluation of 猜你喜欢: hold out each customer's last paid order, learn from all
the others, and count how often the held-out order's service is among the 5 shown.

Rule: hit-rate@k = share of customers (with at least one paid order) whose last order has a
service among the k recommended, learning from every order except the held-out ones (the
same model functions the live service uses: co-occurrence, popularity by district and time
of week). "Most popular" shows everyone the k services with most training orders. A
customer's district is the one of their last at-home training order, else of their last
training order (its shop's), as the tags recompute does.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.models import Merchant, Order, OrderItem
from salon_app.core.services.live_map import district_of
from salon_app.core.services.recommendations.for_customer import DEFAULT_DISTRICT
from salon_app.core.services.recommendations.model import (
    cooccurrence,
    most_popular,
    popular_counts,
    popular_shares,
    rank_services,
    time_slot,
)
from salon_app.core.services.tags import PAID_STATUSES


@dataclass(frozen=True)
class PastOrder:
    customer_id: int
    order_id: int
    starts_at: datetime
    services: tuple[int, ...]
    district: str  # where it happened: the at-home address's district, else the shop's
    at_home: bool


@dataclass(frozen=True)
class HitRates:
    recommend: float
    popular: float
    n: int  # customers evaluated
    with_history: int  # of them, with a training order of their own


def hit_rates(orders: Iterable[PastOrder], zone: ZoneInfo, k: int = 5) -> HitRates:
    """Both hit-rates@k over every customer's last order (see the module rule)."""
    mine: dict[int, list[PastOrder]] = defaultdict(list)
    for order in orders:
        mine[order.customer_id].append(order)
    held: dict[int, PastOrder] = {}
    train: dict[int, list[PastOrder]] = {}
    for customer, placed in mine.items():
        placed.sort(key=lambda o: (o.starts_at, o.order_id))
        held[customer], train[customer] = placed[-1], placed[:-1]
    affinity = cooccurrence({s for o in train[c] for s in o.services} for c in sorted(train))
    districts = {c: _district(train[c]) for c in train}
    counts = [
        (districts[c], time_slot(o.starts_at, zone), s, 1)
        for c in sorted(train)
        for o in train[c]
        for s in o.services
    ]
    totals = popular_counts(counts)
    baseline = set(most_popular(totals, k))
    hits = popular_hits = with_history = 0
    for customer in sorted(held):
        wanted = set(held[customer].services)
        history = Counter(s for o in train[customer] for s in o.services)
        with_history += bool(history)
        slot = time_slot(held[customer].starts_at, zone)
        popular = popular_shares(totals, districts[customer], slot)
        shown = rank_services(history, affinity, popular, limit=k)
        hits += bool(wanted & set(shown))
        popular_hits += bool(wanted & baseline)
    n = len(held)
    return HitRates(
        round(hits / n, 4) if n else 0.0,
        round(popular_hits / n, 4) if n else 0.0,
        n,
        with_history,
    )


def _district(orders: list[PastOrder]) -> str:
    for order in reversed(orders):
        if order.at_home and order.district:
            return order.district
    for order in reversed(orders):
        if order.district:
            return order.district
    return DEFAULT_DISTRICT


def past_orders(session: Session) -> list[PastOrder]:
    """Every paid order with its services and place, for hit_rates (read-only)."""
    rows = session.exec(
        select(
            Order.customer_id,
            Order.id,
            Order.starts_at,
            Order.lat,
            Order.lng,
            func.coalesce(col(Merchant.district), ""),
            OrderItem.service_id,
        )
        .join(OrderItem, col(OrderItem.order_id) == col(Order.id))
        .outerjoin(Merchant, col(Merchant.id) == col(Order.merchant_id))
        .where(col(Order.status).in_(PAID_STATUSES))
        .order_by(col(Order.id), col(OrderItem.id))
    ).all()
    places: dict[tuple[float, float], str] = {}
    found: dict[int, PastOrder] = {}
    for customer, order_id, starts_at, lat, lng, shop_district, service in rows:
        if order_id in found:
            prior = found[order_id]
            found[order_id] = PastOrder(
                customer,
                order_id,
                starts_at,
                (*prior.services, service),
                prior.district,
                prior.at_home,
            )
            continue
        at_home = lat is not None and lng is not None
        if at_home and (lat, lng) not in places:
            places[(lat, lng)] = district_of((lat, lng))
        district = places[(lat, lng)] if at_home else shop_district
        found[order_id] = PastOrder(customer, order_id, starts_at, (service,), district, at_home)
    return list(found.values())
