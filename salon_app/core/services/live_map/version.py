"""A cheap version of the shop's live map, for pages that follow it live.

It changes whenever map_view could show something else: a progress step or position recorded
on one of the shop's orders near now, an order booked, moved or cancelled, a rota change, and
(because live status and staleness follow the clock) at every new minute.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Order, OrderEvent, Shift
from salon_app.core.services.access import Actor, require_merchant
from salon_app.core.services.live_map.view import ORDER_REACH


def map_version(session: Session, actor: Actor | None, now: datetime | None = None) -> str:
    """Changes whenever the acting shop's map would (see the module docstring)."""
    merchant_id = require_merchant(actor)
    now = now or utcnow()
    near = (col(Order.block_start) >= now - ORDER_REACH, col(Order.block_start) < now + ORDER_REACH)
    orders = session.exec(
        select(func.count(Order.id), func.max(Order.id)).where(
            Order.merchant_id == merchant_id, *near
        )
    ).one()
    events = session.exec(
        select(func.max(OrderEvent.id))
        .join(Order, Order.id == OrderEvent.order_id)
        .where(Order.merchant_id == merchant_id, *near)
    ).one()
    shifts = session.exec(
        select(func.count(Shift.id), func.max(Shift.id)).where(Shift.merchant_id == merchant_id)
    ).one()
    minute = now.replace(second=0, microsecond=0).isoformat()
    return f"{orders}:{events}:{shifts}:{minute}"
