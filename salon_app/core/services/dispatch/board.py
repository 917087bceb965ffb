"""The platform's dispatch view: orders waiting for a technician, any order an admin opens to
re-assign, and each order's candidates: why they ranked, what they answered, what they do now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.models import DispatchOffer, Order, Technician
from salon_app.core.models import OrderStatus as S
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.availability import live_statuses
from salon_app.core.services.dispatch.moves import order_to_move
from salon_app.core.services.dispatch.offers import job_of
from salon_app.core.services.dispatch.ranking import rank_candidates

SUGGESTED = "suggested"  # a free technician ranked for the admin now, not stored or asked


@dataclass(frozen=True)
class CandidateView:
    technician_id: int
    name: str
    rank: int
    score: float
    status: str  # the offer's status (candidate, offered, ...) or SUGGESTED
    components: dict
    reason: str  # "admin" for an admin's choice, or why they declined
    live: str  # availability.live_statuses: idle, working, booked, ...
    current: bool  # the order's technician now


@dataclass(frozen=True)
class OrderDispatch:
    """An order as the dispatch view shows it, with its candidates."""

    code: str
    status: str
    dispatch_state: str  # "" until paid
    starts_at: datetime
    at_home: bool
    technician_name: str
    candidates: list[CandidateView]


@dataclass(frozen=True)
class _Row:
    technician_id: int
    rank: int
    score: float
    status: str
    components: dict
    reason: str = ""


def waiting_orders(session: Session, actor: Actor | None, limit: int = 50) -> list[OrderDispatch]:
    """Paid orders not yet accepted (offering, or flagged for manual dispatch), soonest first."""
    require_admin(session, actor, Permission.dispatch)
    orders = session.exec(
        select(Order)
        .where(
            Order.status == S.pending_service, col(Order.dispatch_state).in_(("offering", "manual"))
        )
        .order_by(Order.starts_at)
        .limit(limit)
    ).all()
    return _views(session, orders, {})


def order_for_reassignment(session: Session, actor: Actor | None, code: str) -> OrderDispatch:
    """Any order that can still change technician, by its code, with its stored candidates and,
    after them, the technicians free for it now who were never ranked for it (suggestions)."""
    require_admin(session, actor, Permission.dispatch)
    order = order_to_move(session, code)
    stored = _stored_rows(session, [order.id]).get(order.id, [])
    ranked = rank_candidates(
        session,
        job_of(session, order),
        exclude={r.technician_id for r in stored} | {order.technician_id},
    )
    suggested = [_Row(c.technician_id, 0, c.score, SUGGESTED, c.components) for c in ranked]
    return _views(session, [order], {order.id: suggested})[0]


def _stored_rows(session: Session, order_ids: list[int]) -> dict[int, list[_Row]]:
    rows = session.exec(
        select(DispatchOffer)
        .where(col(DispatchOffer.order_id).in_(order_ids))
        .order_by(DispatchOffer.order_id, DispatchOffer.rank, DispatchOffer.id)
    ).all()
    by_order: dict[int, list[_Row]] = {}
    for r in rows:
        by_order.setdefault(r.order_id, []).append(
            _Row(r.technician_id, r.rank, r.score, r.status, dict(r.components), r.reason)
        )
    return by_order


def _views(
    session: Session, orders: list[Order], extra: dict[int, list[_Row]]
) -> list[OrderDispatch]:
    """The orders with their stored candidates (then `extra`), names and live statuses."""
    rows = _stored_rows(session, [o.id for o in orders])
    for order_id, more in extra.items():
        rows[order_id] = rows.get(order_id, []) + more
    ids = {r.technician_id for rs in rows.values() for r in rs}
    ids |= {o.technician_id for o in orders if o.technician_id is not None}
    names = dict(
        session.exec(
            select(Technician.id, Technician.display_name).where(col(Technician.id).in_(ids))
        ).all()
    )
    live = live_statuses(session, sorted(ids), utcnow())
    return [
        OrderDispatch(
            o.code,
            o.status,
            o.dispatch_state,
            o.starts_at,
            o.at_home,
            names.get(o.technician_id, ""),
            [
                CandidateView(
                    r.technician_id,
                    names.get(r.technician_id, ""),
                    r.rank,
                    r.score,
                    r.status,
                    r.components,
                    r.reason,
                    live.get(r.technician_id, "idle"),
                    r.technician_id == o.technician_id,
                )
                for r in rows.get(o.id, [])
            ],
        )
        for o in orders
    ]
