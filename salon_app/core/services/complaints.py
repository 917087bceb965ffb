"""Complaints and after-sales requests about an order, with a status the customer follows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Complaint, Order
from salon_app.core.models import OrderStatus as S
from salon_app.core.services.actor import Actor
from salon_app.core.services.orders import own_order
from salon_app.core.services.permissions import require_technician

KINDS = ("complaint", "after_sales")
REASON_MAX = 500
PHOTOS_MAX = 6
# A complaint can be about any paid order; after-sales only about finished work.
ALLOWED = {
    "complaint": {
        S.pending_service,
        S.in_service,
        S.completed,
        S.reviewed,
        S.cancelled,
        S.refunded,
    },
    "after_sales": {S.completed, S.reviewed},
}


@dataclass(frozen=True)
class ComplaintView:
    id: int
    kind: str
    reason: str
    status: str
    resolution: str
    created_at: datetime


def open_complaint(
    session: Session,
    actor: Actor | None,
    code: str,
    kind: str,
    reason: str,
    photo_urls: list[str] | None = None,
) -> ComplaintView:
    """The customer files a complaint or an after-sales request about their own order."""
    order = own_order(session, actor, code)
    if kind not in KINDS:
        raise DomainError("complaint.unknown_kind")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("validation.required", field="原因")
    if len(reason) > REASON_MAX:
        raise DomainError("validation.too_long", field="原因", max=REASON_MAX)
    photos = list(photo_urls or [])
    if len(photos) > PHOTOS_MAX:
        raise DomainError("review.too_many_photos", max=PHOTOS_MAX)
    if order.status not in ALLOWED[kind] or order.paid_at is None:
        raise DomainError(f"complaint.not_allowed_{kind}")
    complaint = Complaint(
        order_id=order.id,
        customer_id=order.customer_id,
        kind=kind,
        reason=reason,
        photo_urls=photos,
        created_at=utcnow(),
    )
    session.add(complaint)
    session.commit()
    return _view(complaint)


def order_complaints(session: Session, actor: Actor | None, code: str) -> list[ComplaintView]:
    order = own_order(session, actor, code)
    rows = session.exec(
        select(Complaint).where(Complaint.order_id == order.id).order_by(Complaint.id)
    ).all()
    return [_view(c) for c in rows]


def _view(c: Complaint) -> ComplaintView:
    return ComplaintView(c.id, c.kind, c.reason, c.status, c.resolution, c.created_at)


def job_complaints(session: Session, actor: Actor | None, code: str) -> list[ComplaintView]:
    """What customers complained about in a job, for the technician who did it."""
    tech_id = require_technician(actor)
    order = session.exec(select(Order).where(Order.code == code)).first()
    if order is None or order.technician_id != tech_id:
        raise DomainError("order.not_found")
    rows = session.exec(
        select(Complaint).where(Complaint.order_id == order.id).order_by(Complaint.id)
    ).all()
    return [_view(c) for c in rows]
