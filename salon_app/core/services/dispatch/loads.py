"""A lower bound on every technician's load, kept in memory with the dispatch index.

Load (dispatch_ranking) counts a technician's orders that hold a slot and start in the next
7 days; a higher load lowers the score. Dispatch reads the true load from the database for
the technicians it looks at closely; this book only says "at least so many", so that a busy
technician far down the ranking need not be read at all.

The book holds the start times of slot-holding orders starting after it was built (less a
day). Any subset of a technician's holding orders gives a true lower bound, so orders booked
since are harmless (they are added at the next probe); an order that stops holding, moves
or changes technician must leave the book, and it does: every such change goes through the
order state machine (order_flow.transition), which writes an OrderEvent row, and each probe
re-reads the orders with events newer than the last one it saw.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from salon_app.core.models import Order, OrderEvent

MARGIN = timedelta(days=1)  # orders starting this long before the build are kept too


class LoadBook:
    """Start times (epoch seconds) of slot-holding orders, per technician."""

    def __init__(self, since: datetime) -> None:
        self.since = since.timestamp()
        self.starts: dict[int, list[float]] = {}
        self.orders: dict[int, tuple[int, float]] = {}  # order id -> (technician, start)

    def at_least(self, tech_id: int, first: float, last: float) -> int:
        """How many of the technician's holding orders surely start in [first, last)
        (epoch seconds)."""
        starts = self.starts.get(tech_id)
        if not starts:
            return 0
        return bisect.bisect_left(starts, last) - bisect.bisect_left(starts, first)

    def apply(self, rows: Iterable[tuple[int, int | None, datetime, bool]]) -> None:
        """Take in orders as they are now: (id, technician, starts_at, holds_slot). A
        technician's list is replaced, never changed, for searches reading it meanwhile."""
        changed: dict[int, list[float]] = {}
        for order_id, tech_id, starts_at, holds in rows:
            old = self.orders.pop(order_id, None)
            if old is not None:
                starts = changed.setdefault(old[0], list(self.starts.get(old[0], ())))
                starts.remove(old[1])
            start = starts_at.timestamp()
            if holds and tech_id is not None and start >= self.since:
                self.orders[order_id] = (tech_id, start)
                changed.setdefault(tech_id, list(self.starts.get(tech_id, ()))).append(start)
        for tech_id, starts in changed.items():
            self.starts[tech_id] = sorted(starts)


_COLUMNS = (Order.id, Order.technician_id, Order.starts_at, Order.holds_slot)


def build(session: Session, since: datetime) -> LoadBook:
    """The book of every holding order starting from `since` less MARGIN."""
    book = LoadBook(since - MARGIN)
    query = select(*_COLUMNS).where(
        col(Order.holds_slot).is_(True), col(Order.starts_at) >= since - MARGIN
    )
    book.apply(session.connection().execute(query))
    return book


def catch_up(session: Session, book: LoadBook, orders_after: int, events_after: int) -> None:
    """Take in orders newer than `orders_after` and orders with events newer than
    `events_after` (ids seen by the previous probe)."""
    conn = session.connection()
    book.apply(conn.execute(select(*_COLUMNS).where(col(Order.id) > orders_after)))
    touched = select(OrderEvent.order_id).where(col(OrderEvent.id) > events_after)
    book.apply(conn.execute(select(*_COLUMNS).where(col(Order.id).in_(touched))))
