"""What customers see of their orders: the four tabs and one order's detail with its timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Merchant,
    Order,
    OrderEvent,
    OrderItem,
    OrderMessage,
    Role,
    Service,
    Technician,
)
from salon_app.core.models import OrderStatus as S
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.orders.positions import distance_to_service_m
from salon_app.core.services.orders.privacy import contact_window

TABS: dict[str, tuple[str, ...]] = {
    "pending_payment": (S.pending_payment,),
    "pending_service": (S.pending_service, S.in_service),
    "completed": (S.completed, S.reviewed),
    "cancelled": (S.cancelled, S.refunded),
}


@dataclass(frozen=True)
class OrderSummary:
    id: int
    code: str
    status: str
    service_names: list[str]
    technician_name: str
    starts_at: datetime
    total_fen: int


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    at: datetime
    details: dict
    distance_m: int | None = None  # technician to the service address at a progress step


@dataclass(frozen=True)
class OrderDetail(OrderSummary):
    ends_at: datetime
    at_home: bool
    address: str | None
    shop_name: str | None
    shop_id: int | None
    technician_id: int | None
    contact_open: bool  # the contact window: calls through contact.customer_call_number
    special_needs: str
    service_step: str
    hold_expires_at: datetime | None
    service_ids: list[int]
    timeline: list[TimelineEntry]


def services_by_order(session: Session, order_ids: list[int]) -> dict[int, list[Service]]:
    rows = session.exec(
        select(OrderItem.order_id, Service)
        .join(Service, Service.id == OrderItem.service_id)
        .where(col(OrderItem.order_id).in_(order_ids))
        .order_by(OrderItem.id)
    ).all()
    out: dict[int, list[Service]] = {}
    for order_id, service in rows:
        out.setdefault(order_id, []).append(service)
    return out


def my_orders(session: Session, actor: Actor | None, tab: str) -> list[OrderSummary]:
    """The customer's own orders in one tab, soonest appointment first for open ones."""
    customer = require_role(actor, Role.customer)
    statuses = TABS.get(tab)
    if statuses is None:
        raise DomainError("order.unknown_tab")
    newest_first = tab in ("completed", "cancelled")
    rows = session.exec(
        select(Order, Technician.display_name)
        .outerjoin(Technician, Technician.id == Order.technician_id)
        .where(Order.customer_id == customer.user_id, col(Order.status).in_(statuses))
        .order_by(Order.starts_at.desc() if newest_first else Order.starts_at)
        .limit(100)
    ).all()
    services = services_by_order(session, [o.id for o, _ in rows])
    return [
        OrderSummary(
            o.id,
            o.code,
            o.status,
            [s.name for s in services.get(o.id, [])],
            name or "",
            o.starts_at,
            o.total_fen,
        )
        for o, name in rows
    ]


def own_order(session: Session, actor: Actor | None, code: str) -> Order:
    """The customer's order with this code; someone else's looks exactly like a missing one."""
    customer = require_role(actor, Role.customer)
    order = session.exec(select(Order).where(Order.code == code)).first()
    if order is None or order.customer_id != customer.user_id:
        raise DomainError("order.not_found")
    return order


def order_detail(session: Session, actor: Actor | None, code: str) -> OrderDetail:
    order = own_order(session, actor, code)
    tech = session.get(Technician, order.technician_id) if order.technician_id else None
    shop = session.get(Merchant, order.merchant_id) if order.merchant_id else None
    services = services_by_order(session, [order.id]).get(order.id, [])
    events = session.exec(
        select(OrderEvent).where(OrderEvent.order_id == order.id).order_by(OrderEvent.id)
    ).all()
    return OrderDetail(
        id=order.id,
        code=order.code,
        status=order.status,
        service_names=[s.name for s in services],
        technician_name=tech.display_name if tech else "",
        starts_at=order.starts_at,
        total_fen=order.total_fen,
        ends_at=order.ends_at,
        at_home=order.at_home,
        address=order.address,
        shop_name=shop.name if shop else None,
        shop_id=shop.id if shop else None,
        technician_id=order.technician_id,
        contact_open=contact_window(session, order, utcnow()).open,
        special_needs=order.special_needs,
        service_step=order.service_step,
        hold_expires_at=order.hold_expires_at,
        service_ids=[s.id for s in services],
        timeline=[
            TimelineEntry(e.kind, e.at, dict(e.details), distance_to_service_m(order, e))
            for e in events
        ],
    )


def order_version(session: Session, actor: Actor | None, code: str) -> str:
    """Changes whenever the customer's order page would: a status step or a new message."""
    return version_of(session, own_order(session, actor, code))


def version_of(session: Session, order: Order) -> str:
    """The order's status, newest event and newest message: what an order's pages show."""
    last_event = session.exec(
        select(func.max(OrderEvent.id)).where(OrderEvent.order_id == order.id)
    ).one()
    last_message = session.exec(
        select(func.max(OrderMessage.id)).where(OrderMessage.order_id == order.id)
    ).one()
    return f"{order.status}:{last_event}:{last_message}"
