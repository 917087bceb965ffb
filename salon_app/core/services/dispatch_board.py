"""The platform's dispatch view: orders waiting for a technician, and why each was ranked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from salon_app.core.models import DispatchOffer, Order, Role, Technician
from salon_app.core.models import OrderStatus as S
from salon_app.core.services.actor import Actor
from salon_app.core.services.permissions import require_role


@dataclass(frozen=True)
class CandidateView:
    technician_id: int
    name: str
    rank: int
    score: float
    status: str
    components: dict


@dataclass(frozen=True)
class WaitingOrder:
    code: str
    dispatch_state: str
    starts_at: datetime
    at_home: bool
    technician_name: str
    candidates: list[CandidateView]


def waiting_orders(session: Session, actor: Actor | None, limit: int = 50) -> list[WaitingOrder]:
    """Paid orders not yet accepted (offering, or flagged for manual dispatch), soonest first."""
    require_role(actor, Role.admin)
    orders = session.exec(
        select(Order)
        .where(
            Order.status == S.pending_service, col(Order.dispatch_state).in_(("offering", "manual"))
        )
        .order_by(Order.starts_at)
        .limit(limit)
    ).all()
    ids = [o.id for o in orders]
    rows = session.exec(
        select(DispatchOffer, Technician.display_name)
        .join(Technician, Technician.id == DispatchOffer.technician_id)
        .where(col(DispatchOffer.order_id).in_(ids))
        .order_by(DispatchOffer.order_id, DispatchOffer.rank)
    ).all()
    names = dict(
        session.exec(
            select(Technician.id, Technician.display_name).where(
                col(Technician.id).in_([o.technician_id for o in orders if o.technician_id])
            )
        ).all()
    )
    by_order: dict[int, list[CandidateView]] = {}
    for offer, name in rows:
        by_order.setdefault(offer.order_id, []).append(
            CandidateView(
                offer.technician_id,
                name,
                offer.rank,
                offer.score,
                offer.status,
                dict(offer.components),
            )
        )
    return [
        WaitingOrder(
            o.code,
            o.dispatch_state,
            o.starts_at,
            o.at_home,
            names.get(o.technician_id, ""),
            by_order.get(o.id, []),
        )
        for o in orders
    ]
