"""Which orders count as visits in a shop's statistics, read once per request.

Rule: a visit is an order of the shop that was paid for and not called off: pending_service,
in_service, completed or reviewed. Not visits: unpaid holds (pending_payment), cancelled and
refunded orders, and no-shows, a paid order still waiting for its technician to set off
(pending_service) when its end time has passed. A visit belongs to the local day and hour its
service starts; its booked time is the service itself, start to end (no buffer).
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any, NamedTuple

from sqlalchemy import Integer, and_, cast, func, or_
from sqlmodel import Session, col, select

from salon_app.core.models import Order
from salon_app.core.models import OrderStatus as S

DONE = (S.in_service, S.completed, S.reviewed)


class Visit(NamedTuple):  # a tuple: thousands are made per request
    id: int
    customer_id: int
    technician_id: int | None
    starts_at: datetime  # aware, in the shop's zone (so .date() and .hour are local)
    minutes: int  # the service, start to end
    source: str


def epoch(session: Session, column: Any) -> Any:
    """A UTC datetime column as whole seconds since 1970 (read as an int: parsing thousands of
    datetimes took a third of the statistics' time). Both store naive UTC."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.floor(func.extract("epoch", column)), Integer)
    return cast(func.strftime("%s", column), Integer)


def from_epoch(seconds: int, tz: tzinfo) -> datetime:
    return datetime.fromtimestamp(seconds, tz)


def is_visit(status: str, ends_at: datetime, now: datetime) -> bool:
    """The module rule for one order (the queries below say the same in SQL)."""
    return status in DONE or (status == S.pending_service and ends_at > now)


def visit_condition(now: datetime):  # noqa: ANN201 - an SQL condition
    """The module rule in SQL, for queries on Order."""
    return or_(
        col(Order.status).in_(DONE),
        and_(col(Order.status) == S.pending_service, col(Order.ends_at) > now),
    )


def load_visits(
    session: Session, shop_id: int, start: datetime, end: datetime, now: datetime, tz: tzinfo
) -> list[Visit]:
    """The shop's visits starting in [start, end), in start order (index merchant, starts)."""
    starts, ends = epoch(session, Order.starts_at), epoch(session, Order.ends_at)
    query = (
        select(
            Order.id, Order.customer_id, Order.technician_id, starts, (ends - starts) / 60,
            Order.source,
        )
        .where(
            Order.merchant_id == shop_id,
            col(Order.starts_at) >= start,
            col(Order.starts_at) < end,
            visit_condition(now),
        )
        .order_by(col(Order.starts_at), col(Order.id))
    )  # fmt: skip
    # Plain rows, no ORM loading; iterated, not fetched as a list: thousands of live Row
    # objects at once pushed the garbage collector into full collections (~50 ms each).
    rows = session.connection().execute(query)
    return [Visit(i, c, t, from_epoch(at, tz), int(m), src) for i, c, t, at, m, src in rows]


def customers_before(session: Session, shop_id: int, before: datetime, now: datetime) -> set[int]:
    """Customers who had a visit at the shop starting before `before` (returning customers)."""
    rows = session.exec(
        select(Order.customer_id)
        .where(Order.merchant_id == shop_id, col(Order.starts_at) < before, visit_condition(now))
        .distinct()
    ).all()
    return set(rows)
