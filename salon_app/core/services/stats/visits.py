"""Which orders count as visits in a shop's statistics, read once per request.

Rule: a visit is an order of the shop that was paid for and not called off: pending_service,
in_service, completed or reviewed. Not visits: unpaid holds (pending_payment), cancelled and
refunded orders, and no-shows, a paid order still waiting for its technician to set off
(pending_service) when its end time has passed. A visit belongs to the local day and hour its
service starts; its booked time is the service itself, start to end (no buffer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from salon_app.core.models import Order
from salon_app.core.models import OrderStatus as S

DONE = (S.in_service, S.completed, S.reviewed)


@dataclass(frozen=True)
class Visit:
    id: int
    customer_id: int
    technician_id: int | None
    starts_at: datetime
    ends_at: datetime
    source: str

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


def is_visit(status: str, ends_at: datetime, now: datetime) -> bool:
    """The module rule for one order (the queries below say the same in SQL)."""
    return status in DONE or (status == S.pending_service and ends_at > now)


def _kept(now: datetime):  # noqa: ANN202 - an SQL condition
    return or_(
        col(Order.status).in_(DONE),
        and_(col(Order.status) == S.pending_service, col(Order.ends_at) > now),
    )


def load_visits(
    session: Session, shop_id: int, start: datetime, end: datetime, now: datetime
) -> list[Visit]:
    """The shop's visits starting in [start, end), in start order (index merchant, starts)."""
    rows = (
        session.connection()
        .execute(  # plain rows: no ORM loading for thousands of rows
            select(
                Order.id,
                Order.customer_id,
                Order.technician_id,
                Order.starts_at,
                Order.ends_at,
                Order.source,
            )
            .where(
                Order.merchant_id == shop_id,
                col(Order.starts_at) >= start,
                col(Order.starts_at) < end,
                _kept(now),
            )
            .order_by(col(Order.starts_at), col(Order.id))
        )
        .all()
    )
    return [Visit(*row) for row in rows]


def customers_before(session: Session, shop_id: int, before: datetime, now: datetime) -> set[int]:
    """Customers who had a visit at the shop starting before `before` (returning customers)."""
    rows = session.exec(
        select(Order.customer_id)
        .where(Order.merchant_id == shop_id, col(Order.starts_at) < before, _kept(now))
        .distinct()
    ).all()
    return set(rows)
