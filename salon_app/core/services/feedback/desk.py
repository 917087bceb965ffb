"""The staff side of complaints and after-sales: the desk that moves them to a final answer.

Shop staff handle complaints about their shop's orders (the order's shop or its technician's
shop), admins handle all. open -> processing -> resolved | rejected (open may go straight to
an answer); resolved and rejected are final. Each change is one conditional UPDATE on the old
status, so of two staff acting at once exactly one wins; it is written with an order event (the
customer's live order page follows it), a notification to the customer and an audit entry.
An after-sales request resolved with a refund asks refunds.request_refund for it, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from salon_app.core import amounts
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import Complaint, Order, OrderEvent, Role, Technician, User
from salon_app.core.services import audit, ledger
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.feedback.complaints import may_see
from salon_app.core.services.notifications import notify
from salon_app.core.services.orders import customer_name_for_staff, services_by_order
from salon_app.core.services.payments import refunds

# awaiting_customer: a mediation proposal waits for the customer (services/mediation)
STATUSES = ("open", "processing", "awaiting_customer", "resolved", "rejected")
FINAL = ("resolved", "rejected")
NEXT = {"open": {"processing", "resolved", "rejected"}, "processing": {"resolved", "rejected"}}
RESOLUTION_MAX = 1000
LIST_LIMIT = 200


@dataclass(frozen=True)
class DeskComplaint:
    id: int
    order_code: str
    services: list[str]
    technician_name: str
    customer_name: str
    kind: str
    reason: str
    photo_count: int
    status: str
    resolution: str
    created_at: datetime
    resolved_at: datetime | None


@dataclass(frozen=True)
class HandledComplaint:
    id: int
    status: str
    resolution: str
    refund_key: str | None  # the refund made with the answer, if any


def _staff(session: Session, actor: Actor | None) -> Actor:
    actor = require_role(actor, Role.merchant, Role.admin)
    if actor.role == Role.admin:
        require_admin(session, actor, Permission.handle_complaints)
    if actor.role == Role.merchant and actor.merchant_id is None:
        raise PermissionDenied()
    return actor


def desk_complaints(session: Session, actor: Actor | None, status: str = "") -> list[DeskComplaint]:
    """Complaints this staff member may handle, newest first; `status` ("" = all) filters.

    Shop staff see those about orders of their shop or of their shop's technicians; admins all.
    The customer is shown by display name only (never the phone)."""
    actor = _staff(session, actor)
    if status and status not in STATUSES:
        raise DomainError("complaint.unknown_status")
    customer = aliased(User)
    query = (
        select(Complaint, Order, Technician, customer.display_name)
        .join(Order, Order.id == Complaint.order_id)
        .join(Technician, Technician.id == Order.technician_id, isouter=True)
        .join(customer, customer.id == Complaint.customer_id)
    )
    if actor.role == Role.merchant:
        query = query.where(
            or_(Order.merchant_id == actor.merchant_id, Technician.merchant_id == actor.merchant_id)
        )
    if status:
        query = query.where(Complaint.status == status)
    rows = session.exec(
        query.order_by(Complaint.created_at.desc(), Complaint.id.desc()).limit(LIST_LIMIT)
    ).all()
    services = services_by_order(session, [o.id for _, o, _, _ in rows])
    return [
        DeskComplaint(
            id=c.id,
            order_code=o.code,
            services=[s.name for s in services.get(o.id, [])],
            technician_name=tech.display_name if tech else "",
            customer_name=customer_name_for_staff(name),
            kind=c.kind,
            reason=c.reason,
            photo_count=len(c.photo_urls),
            status=c.status,
            resolution=c.resolution,
            created_at=c.created_at,
            resolved_at=c.resolved_at,
        )
        for c, o, tech, name in rows
    ]


def handle_complaint(
    session: Session,
    actor: Actor | None,
    complaint_id: int,
    status: str,
    resolution: str = "",
    refund_fen: int = 0,
) -> HandledComplaint:
    """Move a complaint on: open -> processing -> resolved | rejected, answers are final.

    Rules: only staff who may handle it (else "not found"); resolved and rejected need a
    resolution text (at most 1000 characters); a refund (fen, > 0) only with an after-sales
    request being resolved, at most what the order still has refundable. The change is one
    conditional UPDATE, so a second click or a colleague acting at the same moment gets
    "already handled" and changes nothing (and makes no second refund)."""
    actor = _staff(session, actor)
    complaint = session.get(Complaint, complaint_id) if isinstance(complaint_id, int) else None
    order = session.get(Order, complaint.order_id) if complaint is not None else None
    if complaint is None or order is None or not may_see(session, actor, complaint, order):
        raise DomainError("complaint.not_found")
    old = complaint.status
    if old in FINAL or old == status:
        raise DomainError("complaint.already_handled")
    if status not in NEXT.get(old, set()):
        raise DomainError("complaint.illegal_transition")
    resolution = (resolution or "").strip() if isinstance(resolution, str) else ""
    if status in FINAL and not resolution:
        raise DomainError("validation.required", field="field.resolution")
    if len(resolution) > RESOLUTION_MAX:
        raise DomainError("validation.too_long", field="field.resolution", max=RESOLUTION_MAX)
    _check_refund(session, actor, complaint, order, status, refund_fen)
    refund_id = _apply(session, actor, complaint, order, old, status, resolution, refund_fen)
    refund_key = None
    if refund_id is not None:  # committed with the answer: now to the gateway
        refund_key = refunds.submit_refund(session, refund_id).idempotency_key
    return HandledComplaint(complaint_id, status, resolution, refund_key)


def _check_refund(
    session: Session, actor: Actor, complaint: Complaint, order: Order, status: str, fen: object
) -> None:
    if fen == 0:
        return
    if not isinstance(fen, int) or isinstance(fen, bool) or fen < 0:
        raise DomainError("refund.invalid_amount")
    if complaint.kind != "after_sales" or status != "resolved":
        raise DomainError("complaint.refund_only_after_sales")
    if actor.role == Role.merchant and order.merchant_id != actor.merchant_id:
        raise PermissionDenied()  # refunds.request_refund: a shop refunds only its own orders
    refundable = ledger.order_balance(session, order.id).refundable_fen
    if fen > refundable:
        raise DomainError("refund.exceeds_paid", refundable=amounts.yuan_text(refundable))


def _apply(
    session: Session,
    actor: Actor,
    complaint: Complaint,
    order: Order,
    old: str,
    status: str,
    resolution: str,
    refund_fen: int,
) -> int | None:
    """The transition itself, in one transaction that commits only if this call won the row;
    a refund is created in the same transaction (re-checked under the order's money lock), so
    an answer is never recorded without its refund. Returns the refund's id."""
    now = utcnow()
    session.rollback()  # the conditional UPDATE is the transaction's first statement
    changed = session.execute(
        update(Complaint)
        .where(Complaint.id == complaint.id, Complaint.status == old)
        .values(
            status=status,
            resolution=resolution,
            resolved_at=now if status in FINAL else None,
        )
    )
    if changed.rowcount != 1:
        session.rollback()
        raise DomainError("complaint.already_handled")
    if refund_fen:  # before any row that points at the order (PostgreSQL: deadlock otherwise)
        ledger.lock_order_money(session, order.id)
    session.add(
        OrderEvent(
            order_id=order.id,
            kind=f"complaint_{status}",
            actor_user_id=actor.user_id,
            at=now,
            details={"complaint_id": complaint.id, "kind": complaint.kind},
        )
    )
    notify(
        session,
        complaint.customer_id,
        f"notify.complaint_{status}",
        order_id=order.id,
        code=order.code,
    )
    audit.record(
        session,
        actor,
        f"complaint.{status}",
        "complaint",
        complaint.id,
        order=order.code,
        from_status=old,
        resolution=resolution,
        refund_fen=refund_fen,
    )
    refund_id = None
    if refund_fen:
        reason = resolution[: refunds.REASON_MAX]
        refund = refunds.create_refund(session, order.id, refund_fen, reason, actor.user_id, None)
        refund_id = refund.id if refund is not None else None
    else:
        session.commit()
    session.expire_all()
    return refund_id


def refund_fen_from_yuan(text: object) -> int:
    """A refund typed in yuan ('20', '19.99') as fen; empty is no refund (0)."""
    return amounts.typed_fen(text, "refund.invalid_amount", minimum_fen=1, empty=0)
