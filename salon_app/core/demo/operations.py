"""Abnormal orders and mediation in the demo city: a few complaints at each stage of their
deadline (one overdue: the first alert scan raises it), one waiting for the customer's answer
to a proposal with a refund, and an alert the support agent already handled, with its notes.

Only past orders of customers other than the demo customer are used, so the demo customer's
own pages (and the tests built on them) stay as they were.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from salon_app.core.models import (
    Alert,
    AlertNote,
    Complaint,
    MediationProposal,
    Order,
    OrderEvent,
    User,
)
from salon_app.core.models import OrderStatus as S
from salon_app.core.services.mediation import due_for

# (kind, reason, hours ago filed, status, proposal text and refund in fen or None)
COMPLAINTS = (
    ("after_sales", "保洁后厨房台面还有油渍，约好的窗户也没擦", 60, "open", None),
    ("after_sales", "染发颜色比约定的深很多", 20, "awaiting_customer",
     ("退还 30 元并免费补色一次", 3000)),
    ("complaint", "技师迟到了二十分钟，也没有提前说", 5, "processing", None),
)  # fmt: skip


def seed_operations(
    session: Session, now: datetime, support: User, exclude_customer: int | None
) -> None:
    query = (
        select(Order)
        .where(col(Order.status).in_((S.completed, S.reviewed)), Order.paid_at.is_not(None))
        .order_by(Order.completed_at.desc(), Order.id)
    )
    if exclude_customer is not None:
        query = query.where(Order.customer_id != exclude_customer)
    recent = session.exec(query.limit(len(COMPLAINTS) + 8)).all()
    for order, (kind, reason, hours, status, proposal) in zip(recent, COMPLAINTS, strict=False):
        _complaint(
            session, order, kind, reason, now - timedelta(hours=hours), status, proposal, support
        )
    late = next((o for o in recent[len(COMPLAINTS) :] if o.at_home), None)
    if late is not None:
        _handled_alert(session, late, support)
    session.flush()


def _complaint(
    session: Session,
    order: Order,
    kind: str,
    reason: str,
    filed: datetime,
    status: str,
    proposal: tuple[str, int] | None,
    support: User,
) -> None:
    complaint = Complaint(
        order_id=order.id, customer_id=order.customer_id, kind=kind, reason=reason,
        status=status, created_at=filed, due_at=due_for(filed),
    )  # fmt: skip
    session.add(complaint)
    session.flush()
    if proposal is None:
        return
    asked = filed + timedelta(hours=2)
    complaint.paused_at = asked
    text, refund_fen = proposal
    session.add(
        MediationProposal(
            complaint_id=complaint.id, text=text, refund_fen=refund_fen,
            proposed_by=support.id, created_at=asked,
        )
    )  # fmt: skip
    session.add(
        OrderEvent(
            order_id=order.id, kind="complaint_awaiting_customer", actor_user_id=support.id,
            at=asked, details={"complaint_id": complaint.id, "refund_fen": refund_fen},
        )
    )  # fmt: skip


def _handled_alert(session: Session, order: Order, support: User) -> None:
    """A late arrival the platform noticed and support settled (the order went on fine)."""
    raised = order.starts_at + timedelta(minutes=15)
    alert = Alert(
        rule="not_arrived", subject=f"order:{order.id}", order_id=order.id,
        merchant_id=order.merchant_id, technician_id=order.technician_id,
        details={"minutes": 15}, since=order.starts_at, raised_at=raised, status="resolved",
        acknowledged_by=support.id, acknowledged_at=raised + timedelta(minutes=2),
        resolved_by=support.id, resolved_at=raised + timedelta(minutes=9),
        resolution="技师堵车，已到达并开始服务，已向顾客致歉",
        updated_at=raised + timedelta(minutes=9),
    )  # fmt: skip
    session.add(alert)
    session.flush()
    for minutes, kind, text in (
        (2, "acknowledged", ""),
        (3, "call_requested", "technician"),
        (6, "note", "技师说前面路段拥堵，预计 5 分钟后到"),
        (9, "resolved", alert.resolution),
    ):
        session.add(
            AlertNote(
                alert_id=alert.id, kind=kind, text=text, author_id=support.id,
                at=raised + timedelta(minutes=minutes),
            )
        )  # fmt: skip
