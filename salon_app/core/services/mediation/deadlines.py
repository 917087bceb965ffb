"""The complaint deadline: the platform proposes or answers within complaint_answer_hours of
the complaint being filed (Complaint.due_at, set when it is opened).

Rule: the clock stops while the customer is asked (status awaiting_customer, paused_at set)
and restarts when they answer, with the time they took added to due_at, so the platform
never loses time to the customer. A complaint is overdue when it is open or processing and
its due_at has passed (at exactly due_at it is overdue). Complaints filed before deadlines
existed have none and are never overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from salon_app.core.models import Complaint, Order
from salon_app.core.settings import get_settings

RUNNING = ("open", "processing")  # the clock runs for these statuses
PAUSED = "awaiting_customer"


def due_for(opened_at: datetime) -> datetime:
    """The deadline of a complaint filed at `opened_at`."""
    return opened_at + timedelta(hours=get_settings().alerts.complaint_answer_hours)


def resumed_due(complaint: Complaint, now: datetime) -> datetime | None:
    """due_at once the pause ends at `now`: pushed back by how long the pause lasted."""
    if complaint.due_at is None or complaint.paused_at is None:
        return complaint.due_at
    return complaint.due_at + max(now - complaint.paused_at, timedelta(0))


def minutes_left(complaint: Complaint, now: datetime) -> int | None:
    """Whole minutes to the deadline (negative: overdue); while paused, what was left when the
    pause began; None without a deadline or once answered."""
    if complaint.due_at is None or complaint.status not in (*RUNNING, PAUSED):
        return None
    at = complaint.paused_at if complaint.status == PAUSED and complaint.paused_at else now
    return int((complaint.due_at - at).total_seconds() // 60)


def is_overdue(complaint: Complaint, now: datetime) -> bool:
    return complaint.status in RUNNING and complaint.due_at is not None and complaint.due_at <= now


@dataclass(frozen=True)
class OverdueComplaint:
    complaint_id: int
    order_id: int
    merchant_id: int | None
    technician_id: int | None
    due_at: datetime


def overdue_complaints(session: Session, now: datetime, limit: int = 500) -> list[OverdueComplaint]:
    """Complaints past their deadline with the clock running (for the alert rule)."""
    rows = session.exec(
        select(
            Complaint.id,
            Complaint.order_id,
            Order.merchant_id,
            Order.technician_id,
            Complaint.due_at,
        )
        .join(Order, Order.id == Complaint.order_id)
        .where(col(Complaint.status).in_(RUNNING), Complaint.due_at <= now)
        .order_by(Complaint.due_at, Complaint.id)
        .limit(limit)
    ).all()
    return [OverdueComplaint(*row) for row in rows]
