"""Whether the technician really arrived: 到达 is verified by position or by the customer.

At 到达 the technician's browser position is compared with the order's place (the customer's
address for a visit at home, the shop for a visit in the shop): within `arrive_radius_m`
(settings.visits) the arrival is verified "by position". The customer may confirm the arrival
on their order page from 出发 on (before or after the technician presses 到达): then it is
verified "by customer". Otherwise the 到达 event records verified=False, and the alert rule
`unverified_arrival` (services/alerts) raises it for the platform until the customer confirms.
A missing or invalid position is never an error: the step is recorded, unverified.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Order, OrderEvent
from salon_app.core.models import OrderStatus as S
from salon_app.core.services.access import Actor
from salon_app.core.services.geo import geodesic_km
from salon_app.core.services.orders.customer_view import own_order
from salon_app.core.services.orders.flow import transition
from salon_app.core.settings import VisitRules, get_settings

CONFIRMED = "arrival_confirmed"  # the customer's confirmation event
CONFIRMABLE_STEPS = ("departed", "arrived", "started")


def confirmed_by_customer(session: Session, order_id: int) -> bool:
    return (
        session.exec(
            select(OrderEvent.id).where(
                OrderEvent.order_id == order_id, OrderEvent.kind == CONFIRMED
            )
        ).first()
        is not None
    )


def arrival_details(
    session: Session,
    order: Order,
    position: tuple[float, float] | None,
    rules: VisitRules | None = None,
) -> dict[str, object]:
    """What the 到达 event records: verified or not, how, and the distance in whole metres."""
    rules = rules or get_settings().visits
    distance = None
    if position is not None and order.lat is not None and order.lng is not None:
        distance = round(geodesic_km(position, (order.lat, order.lng)) * 1000)
    if distance is not None and distance <= rules.arrive_radius_m:
        return {"verified": True, "by": "position", "distance_m": distance}
    if confirmed_by_customer(session, order.id):
        return {"verified": True, "by": "customer", "distance_m": distance}
    return {"verified": False, "by": "", "distance_m": distance}


def arrival_state(session: Session, order: Order) -> str:
    """ "" before 到达 (and not confirmed), else "position", "customer" or "unverified"."""
    arrived = session.exec(
        select(OrderEvent)
        .where(OrderEvent.order_id == order.id, OrderEvent.kind == "arrived")
        .order_by(OrderEvent.id.desc())
    ).first()
    if confirmed_by_customer(session, order.id):
        return "customer"
    if arrived is None:
        return ""
    return "position" if (arrived.details or {}).get("verified") else "unverified"


def confirm_arrival(
    session: Session, actor: Actor | None, code: str, *, at: datetime | None = None
) -> str:
    """The customer confirms the technician is with them, from 出发 until 完成; once (a second
    confirmation changes nothing). Someone else's order looks like a missing one. Returns
    arrival_state afterwards."""
    order = own_order(session, actor, code)
    if order.status != S.in_service or order.service_step not in CONFIRMABLE_STEPS:
        raise DomainError("visit.confirm_not_in_visit")
    if not confirmed_by_customer(session, order.id):
        transition(session, order, CONFIRMED, actor.user_id, at=at or utcnow())
        session.commit()
    return arrival_state(session, order)
