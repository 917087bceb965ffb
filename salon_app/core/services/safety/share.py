"""Share-my-visit: the customer's link that lets someone they trust follow the visit.

- The order's customer creates it once the order is paid and has its technician, until the
  visit ends; creating it again while one is live returns that one (a double click makes one).
- The link is /visit/<token>: 32 random URL-safe characters (192 bits), stored as its hash for
  the look-up and encrypted so the customer can copy it again. The customer can revoke it.
- It works until `share_margin_minutes` (settings.visits) after the visit's end (its
  completion, or its planned end while it has not started), and while the visit is in service;
  never for a cancelled or refunded order. A dead link says so (safety.share_expired); an
  unknown one says it is unknown (safety.share_not_found); nothing changes either way.
- Anyone with the link sees the technician's display name and photo, the services, the live
  step and the times of the steps; never the address, the coordinates or a phone number.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.crypto import token_hash
from salon_app.core.errors import DomainError
from salon_app.core.models import Order, OrderEvent, Technician, VisitShare
from salon_app.core.models import OrderStatus as S
from salon_app.core.services.access import Actor
from salon_app.core.services.orders import own_order, positions, services_by_order
from salon_app.core.settings import get_settings

TOKEN_BYTES = 24
TOKEN_MAX = 64  # anything longer from the browser is no token of ours
SHAREABLE = (S.pending_service, S.in_service)
DEAD = (S.cancelled, S.refunded, S.pending_payment)


@dataclass(frozen=True)
class ShareLink:
    token: str
    expires_at: datetime  # if the visit keeps to its time


@dataclass(frozen=True)
class SharedVisit:
    technician_name: str
    photo_url: str
    service_names: list[str]
    status: str
    service_step: str
    starts_at: datetime
    ends_at: datetime
    steps: list[tuple[str, datetime]]  # progress steps so far, oldest first
    expires_at: datetime


def _expires_at(order: Order) -> datetime:
    margin = timedelta(minutes=get_settings().visits.share_margin_minutes)
    return (order.completed_at or order.ends_at) + margin


def _alive(order: Order, now: datetime) -> bool:
    if order.status in DEAD:
        return False
    return order.status == S.in_service or now <= _expires_at(order)


def _live_share(session: Session, order: Order, now: datetime) -> VisitShare | None:
    if not _alive(order, now):
        return None
    return session.exec(
        select(VisitShare)
        .where(VisitShare.order_id == order.id, col(VisitShare.revoked_at).is_(None))
        .order_by(VisitShare.id.desc())
    ).first()


def my_share(
    session: Session, actor: Actor | None, code: str, *, at: datetime | None = None
) -> ShareLink | None:
    """The customer's live link for the order, if any."""
    order = own_order(session, actor, code)
    share = _live_share(session, order, at or utcnow())
    return ShareLink(share.token, _expires_at(order)) if share else None


def create_share(
    session: Session, actor: Actor | None, code: str, *, at: datetime | None = None
) -> ShareLink:
    """A link for the customer's paid order with its technician (module rule); the live one
    when it exists."""
    order = own_order(session, actor, code)
    now = at or utcnow()
    if order.status not in SHAREABLE or order.technician_id is None or not _alive(order, now):
        raise DomainError("safety.share_not_now")
    share = _live_share(session, order, now)
    if share is None:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        share = VisitShare(
            order_id=order.id,
            token_hash=token_hash(token),
            token=token,
            created_by=actor.user_id,
            created_at=now,
        )
        session.add(share)
        session.commit()
    return ShareLink(share.token, _expires_at(order))


def revoke_share(
    session: Session, actor: Actor | None, code: str, *, at: datetime | None = None
) -> int:
    """The customer ends every link of the order at once; returns how many were live."""
    order = own_order(session, actor, code)
    shares = session.exec(
        select(VisitShare).where(
            VisitShare.order_id == order.id, col(VisitShare.revoked_at).is_(None)
        )
    ).all()
    for share in shares:
        share.revoked_at = at or utcnow()
        session.add(share)
    session.commit()
    return len(shares)


def _shared_order(session: Session, token: object, now: datetime) -> Order:
    if not isinstance(token, str) or not 0 < len(token) <= TOKEN_MAX:
        raise DomainError("safety.share_not_found")
    share = session.exec(
        select(VisitShare).where(VisitShare.token_hash == token_hash(token))
    ).first()
    if share is None:
        raise DomainError("safety.share_not_found")
    order = session.get(Order, share.order_id)
    if share.revoked_at is not None or not _alive(order, now):
        raise DomainError("safety.share_expired")
    return order


def shared_visit(
    session: Session, actor: Actor | None, token: object, *, at: datetime | None = None
) -> SharedVisit:
    """What anyone with a live link sees (module rule; `actor` may be nobody)."""
    order = _shared_order(session, token, at or utcnow())
    tech = session.get(Technician, order.technician_id)
    events = session.exec(
        select(OrderEvent.kind, OrderEvent.at)
        .where(OrderEvent.order_id == order.id, col(OrderEvent.kind).in_(positions.PROGRESS_KINDS))
        .order_by(OrderEvent.at, OrderEvent.id)
    ).all()
    names = [s.name for s in services_by_order(session, [order.id]).get(order.id, [])]
    return SharedVisit(
        technician_name=tech.display_name,
        photo_url=tech.photo_url,
        service_names=names,
        status=order.status,
        service_step=order.service_step,
        starts_at=order.starts_at,
        ends_at=order.ends_at,
        steps=[(kind, when) for kind, when in events],
        expires_at=_expires_at(order),
    )


def shared_visit_version(session: Session, actor: Actor | None, token: object) -> str:
    """Changes whenever the shared page would: a step, a status."""
    order = _shared_order(session, token, utcnow())
    last = session.exec(
        select(func.max(OrderEvent.id)).where(OrderEvent.order_id == order.id)
    ).one()
    return f"{order.status}:{last}"
