"""The nightly precompute of 猜你喜欢: what is booked together, and what is popular where and when.

Rule: service_affinity holds, for every two services, how many customers booked both in the
last 365 days (paid orders); popular_service the paid orders of the last 90 days per
(customer's district, local time of week, service), with the district and time totals. Both
tables are replaced in one transaction, so readers see the old or the new figures. Districts
come from the customers' figures (tags recompute), so the job runs after it. The counting is
grouped in SQL; only (customer, service) pairs and the grouped counts reach Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, cast, delete, func, insert, literal, text
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.models import (
    CustomerFigures,
    Order,
    OrderItem,
    PopularService,
    ServiceAffinity,
)
from salon_app.core.services.recommendations.model import cooccurrence, popular_counts, slot_of
from salon_app.core.services.tags import PAID_STATUSES
from salon_app.core.settings import get_settings

AFFINITY_DAYS = 365
POPULAR_DAYS = 90
BATCH = 5000


@dataclass(frozen=True)
class PrecomputeSummary:
    customers: int
    pairs: int
    popular_rows: int
    seconds: float


def refresh_recommendations(
    session: Session, now: datetime, commit: bool = True
) -> PrecomputeSummary:
    """Replace both tables from the orders up to `now` (the nightly job's entry)."""
    started = utcnow()
    baskets = _baskets(session, now - timedelta(days=AFFINITY_DAYS))
    affinity = cooccurrence(baskets)
    pairs = [
        {"service_id": a, "other_service_id": b, "customers": n}
        for a, row in sorted(affinity.items())
        for b, n in sorted(row.items())
    ]
    zone = ZoneInfo(get_settings().timezone)
    totals = popular_counts(_district_slot_counts(session, now, zone))
    popular = [
        {"district": district, "slot": slot, "service_id": service, "orders": n}
        for (district, slot), counter in sorted(totals.items())
        for service, n in sorted(counter.items())
    ]
    session.execute(delete(ServiceAffinity))
    session.execute(delete(PopularService))
    for table, rows in ((ServiceAffinity, pairs), (PopularService, popular)):
        for start in range(0, len(rows), BATCH):
            session.execute(insert(table), rows[start : start + BATCH])
    if commit:
        session.commit()
    seconds = (utcnow() - started).total_seconds()
    return PrecomputeSummary(len(baskets), len(pairs), len(popular), round(seconds, 2))


def _baskets(session: Session, since: datetime) -> list[set[int]]:
    """Each customer's booked services (paid orders since `since`)."""
    rows = session.execute(
        select(Order.customer_id, OrderItem.service_id)
        .join(OrderItem, col(OrderItem.order_id) == col(Order.id))
        .where(col(Order.status).in_(PAID_STATUSES), col(Order.starts_at) >= since)
        .distinct()
    ).all()
    baskets: dict[int, set[int]] = defaultdict(set)
    for customer_id, service_id in rows:
        baskets[customer_id].add(service_id)
    return [baskets[c] for c in sorted(baskets)]


def _local_weekday_hour(session: Session, offset_minutes: int) -> tuple:
    """SQL for the local weekday (Sunday 0) and hour of Order.starts_at, stored in UTC."""
    if session.get_bind().dialect.name == "postgresql":
        shifted = col(Order.starts_at) + text(f"interval '{int(offset_minutes)} minutes'")
        return (
            cast(func.extract("dow", shifted), Integer),
            cast(func.extract("hour", shifted), Integer),
        )
    modifier = literal(f"{int(offset_minutes):+d} minutes")
    return (
        cast(func.strftime("%w", col(Order.starts_at), modifier), Integer),
        cast(func.strftime("%H", col(Order.starts_at), modifier), Integer),
    )


def _district_slot_counts(
    session: Session, now: datetime, zone: ZoneInfo
) -> list[tuple[str, str, int, int]]:
    """(district, slot, service, paid orders of the last POPULAR_DAYS) of customers whose
    district is known."""
    offset = int(now.astimezone(zone).utcoffset().total_seconds() // 60)
    weekday, hour = _local_weekday_hour(session, offset)
    rows = session.execute(
        select(CustomerFigures.district, weekday, hour, OrderItem.service_id, func.count())
        .join(OrderItem, col(OrderItem.order_id) == col(Order.id))
        .join(CustomerFigures, col(CustomerFigures.user_id) == col(Order.customer_id))
        .where(
            col(Order.status).in_(PAID_STATUSES),
            col(Order.starts_at) >= now - timedelta(days=POPULAR_DAYS),
            col(Order.starts_at) <= now,
            col(CustomerFigures.district) != "",
        )
        .group_by(col(CustomerFigures.district), weekday, hour, col(OrderItem.service_id))
    ).all()
    return [
        (district, slot_of((sunday0 + 6) % 7, hour_), service, n)
        for district, sunday0, hour_, service, n in rows
    ]
