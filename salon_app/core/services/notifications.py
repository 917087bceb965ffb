"""Notifications to users: a catalogue key plus parameters, rendered in the reader's locale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Merchant, Notification, Order, Role
from salon_app.core.services.access import Actor, require_role
from salon_app.core.settings import get_settings


@dataclass(frozen=True)
class NotificationView:
    id: int
    key: str
    params: dict[str, Any]
    order_id: int | None
    created_at: datetime
    read: bool


def notify(
    session: Session, user_id: int, key: str, order_id: int | None = None, **params: Any
) -> Notification:
    """Queue a message for `user_id` (not committed: it lands with the change it reports)."""
    note = Notification(
        user_id=user_id, key=key, params=params, order_id=order_id, created_at=utcnow()
    )
    session.add(note)
    return note


def order_time(session: Session, order: Order) -> str:
    """The order's start as messages give it: in its shop's time zone, e.g. "05月20日 14:30"."""
    shop = session.get(Merchant, order.merchant_id) if order.merchant_id else None
    zone = ZoneInfo(shop.timezone if shop else get_settings().timezone)
    return order.starts_at.astimezone(zone).strftime("%m月%d日 %H:%M")


def my_notifications(
    session: Session, actor: Actor | None, limit: int = 50
) -> list[NotificationView]:
    actor = require_role(actor, *Role)
    rows = session.exec(
        select(Notification)
        .where(Notification.user_id == actor.user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    ).all()
    return [
        NotificationView(
            n.id, n.key, dict(n.params), n.order_id, n.created_at, n.read_at is not None
        )
        for n in rows
    ]
