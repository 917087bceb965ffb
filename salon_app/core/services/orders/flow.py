"""The order state machine: every status change goes through `transition`, which records it.

pending_payment -> pending_service (paid) -> in_service (departed -> arrived -> started)
-> completed -> reviewed; cancelled and refunded from the states listed below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Order, OrderEvent
from salon_app.core.models import OrderStatus as S

# Statuses in which the order holds its technician's time (the no-overlap constraint's scope).
HOLDING = frozenset({S.pending_payment, S.pending_service, S.in_service})


@dataclass(frozen=True)
class Step:
    sources: frozenset[str]
    target: str | None  # None: the status stays, only the event is recorded
    service_step: str | None = None  # progress sub-step set by this event
    after_step: str | None = None  # the sub-step the order must be in first


_S = frozenset
STEPS: dict[str, Step] = {
    "paid": Step(_S({S.pending_payment}), S.pending_service),
    "expired": Step(_S({S.pending_payment}), S.cancelled),
    "cancelled": Step(_S({S.pending_payment, S.pending_service}), S.cancelled),
    "rescheduled": Step(_S({S.pending_payment, S.pending_service}), None),
    "accepted": Step(_S({S.pending_service}), None),
    "rejected": Step(_S({S.pending_service}), None),
    "assigned": Step(_S({S.pending_payment, S.pending_service}), None),
    "departed": Step(_S({S.pending_service}), S.in_service, "departed", ""),
    "arrived": Step(_S({S.in_service}), None, "arrived", "departed"),
    "started": Step(_S({S.in_service}), None, "started", "arrived"),
    "completed": Step(_S({S.in_service}), S.completed, "finished", "started"),
    "arrival_confirmed": Step(_S({S.in_service}), None),  # by the customer (orders/arrival.py)
    "reviewed": Step(_S({S.completed}), S.reviewed),
    "refunded": Step(_S({S.cancelled, S.pending_service}), S.refunded),
}


def transition(
    session: Session,
    order: Order,
    kind: str,
    actor_user_id: int | None,
    *,
    lat: float | None = None,
    lng: float | None = None,
    at: datetime | None = None,
    **details: Any,
) -> OrderEvent:
    """Apply event `kind` to `order` and record it (not committed), at `at` (default now).

    Illegal moves (e.g. finishing before starting) raise order.illegal_transition.
    """
    step = STEPS.get(kind)
    if step is None or order.status not in step.sources:
        raise DomainError("order.illegal_transition", status=order.status, event=kind)
    if step.after_step is not None and order.service_step != step.after_step:
        raise DomainError("order.illegal_transition", status=order.status, event=kind)
    now = at or utcnow()
    before = order.status
    if step.target is not None:
        order.status = step.target
    if step.service_step is not None:
        order.service_step = step.service_step
    order.holds_slot = order.status in HOLDING
    if kind == "paid":
        order.paid_at = now
    elif kind == "completed":
        order.completed_at = now
    elif step.target == S.cancelled:
        order.cancelled_at = now
    event = OrderEvent(
        order_id=order.id,
        kind=kind,
        from_status=before,
        to_status=order.status,
        actor_user_id=actor_user_id,
        at=now,
        lat=lat,
        lng=lng,
        details=details,
    )
    session.add(order)
    session.add(event)
    return event


def record_created(session: Session, order: Order, actor_user_id: int | None) -> OrderEvent:
    """The first event of every order."""
    event = OrderEvent(
        order_id=order.id,
        kind="created",
        from_status=None,
        to_status=order.status,
        actor_user_id=actor_user_id,
        at=order.created_at,
    )
    session.add(event)
    return event
