"""Complaints and after-sales requests about an order, with a status the customer follows.

Their photos are evidence and private: stored outside the public upload folder (Complaint.
photo_urls holds private storage keys, never URLs) and read back only through complaint_photos,
by the customer who filed it, the technician of the order, staff of that technician's shop (or
of the order's shop) and admins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.models import Complaint, Order, Role, Technician
from salon_app.core.models import OrderStatus as S
from salon_app.core.services.access import Actor, require_role, require_technician
from salon_app.core.services.admin_roles import Permission, admin_role_of, may
from salon_app.core.services.feedback import complaint_limits
from salon_app.core.services.orders import own_order
from salon_app.core.services.photos import commit_or_discard, prepare_photos
from salon_app.core.settings import get_settings

KINDS = ("complaint", "after_sales")
REASON_MAX = 500
PHOTO_FOLDER = "complaints"
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
    photo_count: int


def open_complaint(
    session: Session,
    actor: Actor | None,
    code: str,
    kind: str,
    reason: str,
    photos: list[bytes] | None = None,
) -> ComplaintView:
    """The customer files a complaint or an after-sales request about their own order.

    `photos` are the uploaded bytes (up to the photos_max setting): each must be a real image;
    they are re-encoded and kept private only once everything else is valid. How many
    requests, about which orders, with how many bytes of photos: complaint_limits.py."""
    order = own_order(session, actor, code)
    if kind not in KINDS:
        raise DomainError("complaint.unknown_kind")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("validation.required", field="field.reason")
    if len(reason) > REASON_MAX:
        raise DomainError("validation.too_long", field="field.reason", max=REASON_MAX)
    if order.status not in ALLOWED[kind]:
        raise DomainError(f"complaint.not_allowed_{kind}")
    complaint_limits.check_order(session, order, kind)
    complaint_limits.check_photos(photos)
    jpegs = prepare_photos(photos)
    now = utcnow()
    complaint_limits.take_daily(session, order.customer_id, now)
    keys = [storage.save_private(jpeg, PHOTO_FOLDER) for jpeg in jpegs]
    complaint = Complaint(
        order_id=order.id,
        customer_id=order.customer_id,
        kind=kind,
        reason=reason,
        photo_urls=keys,
        created_at=now,
        # the platform's deadline to answer (services/mediation/deadlines.py)
        due_at=now + timedelta(hours=get_settings().alerts.complaint_answer_hours),
    )
    session.add(complaint)
    commit_or_discard(session, [], keys)
    return _view(complaint)


def order_complaints(session: Session, actor: Actor | None, code: str) -> list[ComplaintView]:
    order = own_order(session, actor, code)
    rows = session.exec(
        select(Complaint).where(Complaint.order_id == order.id).order_by(Complaint.id)
    ).all()
    return [_view(c) for c in rows]


def _view(c: Complaint) -> ComplaintView:
    return ComplaintView(
        c.id, c.kind, c.reason, c.status, c.resolution, c.created_at, len(c.photo_urls)
    )


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


def complaint_photos(session: Session, actor: Actor | None, complaint_id: int) -> list[bytes]:
    """The complaint's private photos (JPEG bytes), for those who may see the evidence: the
    customer who filed it, the order's technician, staff of that technician's or the order's
    shop, and admins. Everyone else is told the complaint does not exist."""
    actor = require_role(actor, Role.customer, Role.technician, Role.merchant, Role.admin)
    complaint = session.get(Complaint, complaint_id)
    order = session.get(Order, complaint.order_id) if complaint is not None else None
    if complaint is None or order is None or not may_see(session, actor, complaint, order):
        raise DomainError("complaint.not_found")
    return [data for key in complaint.photo_urls if (data := storage.read_private(key))]


def may_see(session: Session, actor: Actor, complaint: Complaint, order: Order) -> bool:
    """Who may see a complaint (and, among staff, handle it): see complaint_photos."""
    if actor.role == Role.admin:
        return may(admin_role_of(session, actor), Permission.handle_complaints)
    if actor.role == Role.customer:
        return complaint.customer_id == actor.user_id
    if actor.role == Role.technician:
        return actor.technician_id is not None and order.technician_id == actor.technician_id
    tech = session.get(Technician, order.technician_id) if order.technician_id else None
    shops = {order.merchant_id, tech.merchant_id if tech else None} - {None}
    return actor.merchant_id is not None and actor.merchant_id in shops
