"""Per-technician figures of a shop's statistics.

Rules (the period is the shop's local days; visits as in stats/visits.py):
- utilisation: booked minutes (the services of their visits in the period) / scheduled minutes
  (working time as availability sees it: rota shifts replace weekly hours for their day, time
  off is cut; clipped to the period). None when nothing was scheduled.
- rebooking: of the customers they served in the period, the share who booked them again: a
  later visit with the same technician starting within `rebook_days` of one in the period
  (booked ahead counts).
- on-time arrival: of their visits in the period with an "arrived" step, the share that
  arrived no later than the service start + ON_TIME_GRACE.
- rating: the mean review score of reviews written in the period; complaints: complaints
  (and after-sales requests) opened in the period about their orders of this shop.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, func, select

from salon_app.core.models import Complaint, Order, OrderEvent, Review
from salon_app.core.services.availability import load_calendars, load_profiles
from salon_app.core.services.feedback import review_score
from salon_app.core.services.stats.figures import Ratio
from salon_app.core.services.stats.period import Period
from salon_app.core.services.stats.visits import Visit

ON_TIME_GRACE = timedelta(minutes=5)


def scheduled_minutes(
    session: Session, technician_ids: Sequence[int], periods: Sequence[Period]
) -> dict[int, list[int]]:
    """Scheduled working minutes of each technician in each of `periods` (same shop zone)."""
    first = min(p.first for p in periods)
    last = max(p.last for p in periods)
    calendars = load_calendars(
        session, load_profiles(session, technician_ids), first, last, with_jobs=False,
        shop_hours=False,
    )  # fmt: skip
    bounds = [(p.start.astimezone(UTC), p.end.astimezone(UTC)) for p in periods]  # as windows
    minutes: dict[int, list[int]] = {}
    for tech_id in technician_ids:
        totals = [0] * len(bounds)
        for w in calendars[tech_id].windows if tech_id in calendars else ():
            for i, (start, end) in enumerate(bounds):
                if w.start < end and start < w.end:
                    totals[i] += int((min(w.end, end) - max(w.start, start)).total_seconds()) // 60
        minutes[tech_id] = totals
    return minutes


def booked_minutes(visits: Iterable[Visit]) -> dict[int | None, int]:
    booked: dict[int | None, int] = defaultdict(int)
    for visit in visits:
        booked[visit.technician_id] += visit.minutes
    return booked


def rebooking(visits: Sequence[Visit], period: Period, days: int) -> dict[int | None, Ratio]:
    """The rebooking rule over visits in start order (the period's and up to `days` after)."""
    served: dict[int | None, set[int]] = defaultdict(set)
    again: dict[int | None, set[int]] = defaultdict(set)
    last_seen: dict[tuple[int | None, int], datetime] = {}
    window = timedelta(days=days)
    for visit in visits:
        key = (visit.technician_id, visit.customer_id)
        earlier = last_seen.get(key)
        if earlier is not None and visit.starts_at - earlier <= window:
            again[visit.technician_id].add(visit.customer_id)
        if period.contains(visit.starts_at):
            served[visit.technician_id].add(visit.customer_id)
            last_seen[key] = visit.starts_at
    return {t: Ratio(len(again[t] & c), len(c)) for t, c in served.items()}


def on_time(
    session: Session, shop_id: int, period: Period, visits: Sequence[Visit]
) -> dict[int | None, Ratio]:
    """The on-time rule: each visit's first "arrived" step against its start."""
    by_id = {v.id: v for v in visits}
    rows = (
        session.connection()
        .execute(
            select(OrderEvent.order_id, func.min(OrderEvent.at))
            .join(Order, col(Order.id) == col(OrderEvent.order_id))
            .where(
                Order.merchant_id == shop_id,
                col(Order.starts_at) >= period.start,
                col(Order.starts_at) < period.end,
                OrderEvent.kind == "arrived",
            )
            .group_by(col(OrderEvent.order_id))
        )
        .all()
    )
    arrived: dict[int | None, int] = defaultdict(int)
    kept: dict[int | None, int] = defaultdict(int)
    for order_id, at in rows:
        visit = by_id.get(order_id)
        if visit is not None:  # not a cancelled order or a no-show
            arrived[visit.technician_id] += 1
            kept[visit.technician_id] += at <= visit.starts_at + ON_TIME_GRACE
    return {t: Ratio(kept[t], n) for t, n in arrived.items()}


def ratings(
    session: Session, shop_id: int, start: datetime, end: datetime
) -> dict[int, tuple[int, int]]:
    """(review count, sum of review scores x100) per technician, reviews written in [start, end)."""
    rows = session.exec(
        select(Review.technician_id, Review.attitude, Review.skill, Review.effect)
        .join(Order, col(Order.id) == col(Review.order_id))
        .where(
            Order.merchant_id == shop_id,
            col(Review.created_at) >= start,
            col(Review.created_at) < end,
        )
    ).all()
    found: dict[int, tuple[int, int]] = {}
    for tech_id, attitude, skill, effect in rows:
        count, total = found.get(tech_id, (0, 0))
        found[tech_id] = (count + 1, total + review_score(attitude, skill, effect))
    return found


def complaints(session: Session, shop_id: int, start: datetime, end: datetime) -> dict[int, int]:
    rows = session.exec(
        select(Order.technician_id, func.count(col(Complaint.id)))
        .join(Order, col(Order.id) == col(Complaint.order_id))
        .where(
            Order.merchant_id == shop_id,
            col(Complaint.created_at) >= start,
            col(Complaint.created_at) < end,
        )
        .group_by(col(Order.technician_id))
    ).all()
    return {tech_id: count for tech_id, count in rows if tech_id is not None}


def mean_rating(count: int, total: int) -> float | None:
    return round(total / count / 100, 2) if count else None
