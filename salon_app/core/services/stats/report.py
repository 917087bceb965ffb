"""A shop's statistics for a date range, compared with the period before: one call per screen.

The figures' rules live with their figures: visits (which orders count) in visits.py, revenue
in revenue.py, per-technician figures in technicians.py, the range and access in period.py.
Customers: a customer of the period is new when their first visit at the shop falls in it,
returning when they had a visit at the shop before it. Sources: the visits' order sources, and
the sign-up sources of the period's new customers. Hours: local start hour of the visits.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import distinct, func
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Order, OrderItem, Service, Technician, User
from salon_app.core.services.access import Actor
from salon_app.core.services.availability import ids_in, read_rows
from salon_app.core.services.stats import technicians as per_tech
from salon_app.core.services.stats.figures import (
    DayPoint,
    Figure,
    HourPoint,
    Ratio,
    ServiceCount,
    ShopStatistics,
    SourceCount,
    TechnicianFigures,
)
from salon_app.core.services.stats.period import Period, period_of, stats_shop
from salon_app.core.services.stats.revenue import Revenue, check_basis, revenue
from salon_app.core.services.stats.visits import (
    Visit,
    customers_before,
    load_visits,
    visit_condition,
)

REBOOK_DAYS = 60
REBOOK_DAYS_MAX = 180


def shop_statistics(
    session: Session,
    actor: Actor | None,
    shop_id: int,
    first_day: date,
    last_day: date,
    basis: str = "service",
    rebook_days: int = REBOOK_DAYS,
) -> ShopStatistics:
    """Every figure of the statistics page for local days first_day..last_day of the shop.

    Only the shop's own staff (or an admin) may ask (auth.forbidden); the range must run
    forwards (stats.range_reversed) and be at most period.MAX_DAYS long (stats.range_too_long);
    basis is "service" or "payment" (stats.basis_unknown)."""
    shop = stats_shop(session, actor, shop_id)
    period = period_of(shop, first_day, last_day)
    check_basis(basis)
    if not 1 <= rebook_days <= REBOOK_DAYS_MAX:
        raise DomainError("stats.rebook_days_invalid", max=REBOOK_DAYS_MAX)
    prev = period.previous()
    now = utcnow()
    visits = load_visits(
        session, shop.id, prev.start, period.end + timedelta(days=rebook_days), now, period.tz
    )
    cur = [v for v in visits if period.contains(v.starts_at)]
    old = [v for v in visits if prev.contains(v.starts_at)]
    money = revenue(session, shop.id, prev.start, period.end, basis, period.tz)
    seen = customers_before(session, shop.id, prev.start, now)
    first_visit: dict[int, datetime] = {}
    for v in visits:
        first_visit.setdefault(v.customer_id, v.starts_at)

    def new_in(p: Period, vs: Sequence[Visit]) -> set[int]:
        return {
            v.customer_id
            for v in vs
            if v.customer_id not in seen and p.contains(first_visit[v.customer_id])
        }

    new_cur, new_old = new_in(period, cur), new_in(prev, old)
    customers_cur = {v.customer_id for v in cur}
    customers_old = {v.customer_id for v in old}
    staff = _technician_names(session, shop.id, visits)
    shop_techs = [t for t, (_, of_shop) in staff.items() if of_shop]
    scheduled = per_tech.scheduled_minutes(session, shop_techs, [period, prev])
    booked_cur, booked_old = per_tech.booked_minutes(cur), per_tech.booked_minutes(old)
    ratings = per_tech.ratings(session, shop.id, period.start, period.end)
    reviews = sum(count for count, _ in ratings.values())
    return ShopStatistics(
        shop_id=shop.id,
        shop_name=shop.name,
        first_day=period.first,
        last_day=period.last,
        previous_first_day=prev.first,
        previous_last_day=prev.last,
        basis=basis,
        orders=Figure(len(cur), len(old)),
        revenue_fen=Figure(money.total(period), money.total(prev)),
        refunds_fen=Figure(-money.total(period, refunds=True), -money.total(prev, refunds=True)),
        customers=Figure(len(customers_cur), len(customers_old)),
        new_customers=Figure(len(new_cur), len(new_old)),
        returning_customers=Figure(
            len(customers_cur - new_cur), len(customers_old - new_old)
        ),
        utilisation=Ratio(
            sum(booked_cur.get(t, 0) for t in shop_techs),
            sum(scheduled[t][0] for t in shop_techs),
            sum(booked_old.get(t, 0) for t in shop_techs),
            sum(scheduled[t][1] for t in shop_techs),
        ),
        rating=per_tech.mean_rating(reviews, sum(total for _, total in ratings.values())),
        daily=_daily(period, prev, cur, old, money, first_visit, seen),
        hours=_hours(period, cur, old),
        order_sources=_counted(Counter(v.source for v in cur), Counter(v.source for v in old)),
        new_customer_sources=_signup_sources(session, new_cur, new_old),
        services=_services(session, shop.id, period, prev, now),
        technicians=_technicians(
            session, shop.id, period, visits, cur, money, staff, scheduled, ratings,
            rebook_days,
        ),
    )  # fmt: skip


def _daily(
    period: Period,
    prev: Period,
    cur: Sequence[Visit],
    old: Sequence[Visit],
    money: Revenue,
    first_visit: dict[int, datetime],
    seen: set[int],
) -> list[DayPoint]:
    """Visits carry local times: .date() is the shop's day (revenue is summed by it)."""
    shift = timedelta(days=period.days)
    orders = Counter(v.starts_at.date() for v in cur)
    old_orders = Counter(v.starts_at.date() + shift for v in old)
    by_day = money.by_day(period)
    old_by_day = Counter({day + shift: fen for day, fen in money.by_day(prev).items()})
    customers: dict[date, set[int]] = defaultdict(set)
    new: dict[date, set[int]] = defaultdict(set)
    for v in cur:
        day = v.starts_at.date()
        customers[day].add(v.customer_id)
        if v.customer_id not in seen and first_visit[v.customer_id].date() == day:
            new[day].add(v.customer_id)
    return [
        DayPoint(
            day,
            orders[day],
            by_day[day],
            len(new[day]),
            len(customers[day] - new[day]),
            old_orders[day],
            old_by_day[day],
        )
        for day in period.all_days()
    ]


def _hours(period: Period, cur: Sequence[Visit], old: Sequence[Visit]) -> list[HourPoint]:
    now = Counter(v.starts_at.hour for v in cur)  # local (visits.py)
    before = Counter(v.starts_at.hour for v in old)
    return [HourPoint(h, now[h], before[h]) for h in range(24)]


def _counted(now: Counter[str], before: Counter[str]) -> list[SourceCount]:
    """Largest first, then by code, so the order never depends on the database's."""
    keys = sorted(set(now) | set(before), key=lambda k: (-now[k], -before[k], k))
    return [SourceCount(k, now[k], before[k]) for k in keys]


def _signup_sources(session: Session, new_cur: set[int], new_old: set[int]) -> list[SourceCount]:
    """Sign-up sources of each period's new customers, counted in SQL."""
    query = (
        select(User.source, func.count(col(User.id)))
        .where(ids_in(session, col(User.id)))
        .group_by(col(User.source))
    )

    def counted(ids: set[int]) -> Counter[str]:
        return Counter(dict(read_rows(session, query, sorted(ids)).all()) if ids else {})

    return _counted(counted(new_cur), counted(new_old))


def _services(
    session: Session, shop_id: int, period: Period, prev: Period, now: datetime
) -> list[ServiceCount]:
    """Visits (visits.py, as of `now`) that included each service, most booked first; counted
    in SQL per period."""

    def counted(p: Period) -> dict[int, int]:
        query = (
            select(OrderItem.service_id, func.count(distinct(OrderItem.order_id)))
            .join(Order, col(Order.id) == col(OrderItem.order_id))
            .where(
                Order.merchant_id == shop_id,
                col(Order.starts_at) >= p.start,
                col(Order.starts_at) < p.end,
                visit_condition(now),
            )
            .group_by(col(OrderItem.service_id))
        )
        return dict(read_rows(session, query).all())

    now_, before = counted(period), counted(prev)
    ids = sorted(set(now_) | set(before))
    names = dict(
        session.exec(select(Service.id, Service.name).where(col(Service.id).in_(ids))).all()
    )
    order = sorted(names, key=lambda s: (-now_.get(s, 0), -before.get(s, 0), names[s], s))
    return [ServiceCount(s, names[s], now_.get(s, 0), before.get(s, 0)) for s in order]


def _technician_names(
    session: Session, shop_id: int, visits: Sequence[Visit]
) -> dict[int, tuple[str, bool]]:
    """(name, works for the shop now) of its technicians and of any who served its visits."""
    ids = {v.technician_id for v in visits if v.technician_id is not None}
    rows = session.exec(
        select(Technician.id, Technician.display_name, Technician.merchant_id).where(
            (Technician.merchant_id == shop_id) | col(Technician.id).in_(sorted(ids))
        )
    ).all()
    return {t: (name, merchant == shop_id) for t, name, merchant in rows}


def _technicians(
    session: Session,
    shop_id: int,
    period: Period,
    visits: Sequence[Visit],
    cur: Sequence[Visit],
    money: Revenue,
    staff: dict[int, tuple[str, bool]],
    scheduled: dict[int, list[int]],
    ratings: dict[int, tuple[int, int]],
    rebook_days: int,
) -> list[TechnicianFigures]:
    """One row per technician of the shop or with visits in the period, busiest first."""
    orders = Counter(v.technician_id for v in cur)
    earned = money.by_technician(period)
    booked = per_tech.booked_minutes(cur)
    rebooked = per_tech.rebooking(visits, period, rebook_days)
    arrivals = per_tech.on_time(session, shop_id, period, cur)
    complaints = per_tech.complaints(session, shop_id, period.start, period.end)
    rows = [
        TechnicianFigures(
            technician_id=t,
            name=name,
            orders=orders[t],
            revenue_fen=earned[t],
            rating=per_tech.mean_rating(*ratings.get(t, (0, 0))),
            reviews=ratings.get(t, (0, 0))[0],
            utilisation=Ratio(booked.get(t, 0), scheduled.get(t, [0])[0]),
            rebooking=rebooked.get(t, Ratio(0, 0)),
            on_time=arrivals.get(t, Ratio(0, 0)),
            complaints=complaints.get(t, 0),
        )
        for t, (name, of_shop) in staff.items()
        if of_shop or orders[t] or earned[t]
    ]
    return sorted(rows, key=lambda r: (-r.orders, -r.revenue_fen, r.name, r.technician_id))
