"""The message thread of an order, between its customer and its accepted technician.

The thread belongs to the order, and the order may change technician (re-dispatch, an admin's
assignment): a technician is in it only while the order is theirs, and reads only what was
written since it became theirs; the customer reads all of it.
Messages are written only inside the order's contact window (privacy.contact_window: from
acceptance to N hours after completion, never once cancelled or fully refunded): outside it
both are told privacy.messages_closed. The technician reads the thread only inside the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Order, OrderEvent, OrderMessage, Role, Technician, User
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.notifications import notify
from salon_app.core.services.orders.privacy import contact_window
from salon_app.core.settings import get_settings

BODY_MAX = 500


@dataclass(frozen=True)
class MessageView:
    sender_name: str
    mine: bool
    body: str
    at: datetime


def _party(session: Session, actor: Actor | None, code: str) -> tuple[Order, int, datetime | None]:
    """The order, the other party's user id, and since when the actor reads the thread (None:
    from the start); anyone else, a previous technician included, sees "not found"."""
    actor = require_role(actor, Role.customer, Role.technician)
    order = session.exec(select(Order).where(Order.code == code)).first()
    if order is None:
        raise DomainError("order.not_found")
    tech_user = (
        session.get(Technician, order.technician_id).user_id if order.technician_id else None
    )
    if actor.role == Role.customer and order.customer_id == actor.user_id and tech_user:
        return order, tech_user, None
    if actor.user_id == tech_user and order.dispatch_state == "accepted":
        return order, order.customer_id, _given_at(session, order)
    raise DomainError("order.not_found")


def _given_at(session: Session, order: Order) -> datetime:
    """When the order became its technician's: the last move to them from someone else (the
    "assigned" events), or its creation when it was booked with them."""
    moves = session.exec(
        select(OrderEvent)
        .where(OrderEvent.order_id == order.id, OrderEvent.kind == "assigned")
        .order_by(col(OrderEvent.id).desc())
    ).all()
    for event in moves:  # newest first; a re-offer to the same technician is no move
        if event.details.get("previous") != event.details.get("technician"):
            return event.at
    return order.created_at


def thread(session: Session, actor: Actor | None, code: str) -> list[MessageView]:
    """The customer reads the whole thread; the order's technician, only what was written
    since the order became theirs (not what the customer wrote to a previous technician)."""
    order, _, since = _party(session, actor, code)
    if since is not None and not contact_window(session, order, utcnow()).open:
        raise DomainError("privacy.messages_closed", hours=get_settings().contact_window_hours)
    query = (
        select(OrderMessage, User.display_name)
        .join(User, User.id == OrderMessage.sender_user_id)
        .where(OrderMessage.order_id == order.id)
        .order_by(OrderMessage.id)
    )
    if since is not None:
        query = query.where(OrderMessage.created_at >= since)
    return [
        MessageView(name, m.sender_user_id == actor.user_id, m.body, m.created_at)
        for m, name in session.exec(query).all()
    ]


def post(session: Session, actor: Actor | None, code: str, body: str) -> MessageView:
    """The customer writes to the order's technician; the technician, while the order is
    theirs and accepted, to the customer."""
    order, other, _ = _party(session, actor, code)
    if not contact_window(session, order, utcnow()).open:
        raise DomainError("privacy.messages_closed", hours=get_settings().contact_window_hours)
    body = (body or "").strip() if isinstance(body, str) else ""
    if not body:
        raise DomainError("validation.required", field="field.message")
    if len(body) > BODY_MAX:
        raise DomainError("validation.too_long", field="field.message", max=BODY_MAX)
    message = OrderMessage(
        order_id=order.id, sender_user_id=actor.user_id, body=body, created_at=utcnow()
    )
    session.add(message)
    notify(session, other, "notify.new_message", order.id, code=order.code)
    session.commit()
    return MessageView(actor.display_name, True, body, message.created_at)


def visible_thread(session: Session, actor: Actor | None, code: str) -> list[MessageView]:
    """The thread if the actor is in it; empty before a technician has accepted the job."""
    try:
        return thread(session, actor, code)
    except DomainError:
        return []
