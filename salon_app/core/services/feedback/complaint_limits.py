"""How many complaints a customer may file, and how much evidence: what stops a complaint flood.

- One open request of each kind (complaint, after-sales) per order: a second only once the
  first is closed (resolved or rejected), and at most PER_ORDER_MAX of a kind per order in all.
- At most DAILY.count requests per customer per day (services/rate_limits: a fixed day window;
  a refused attempt counts too, so hammering the button does not help).
- None about an order never paid, or one the customer cancelled free of charge (nothing was
  lost; a shop's cancellation or one that kept a fee may still be complained about).
- Photos: at most photos_max per request, and PHOTO_BYTES_MAX bytes in all, checked before a
  single photo is decoded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import Complaint, Order, OrderEvent
from salon_app.core.services import rate_limits
from salon_app.core.services.photos import photos_max
from salon_app.core.services.rate_limits import Limit

OPEN = ("open", "processing", "awaiting_customer")  # not yet resolved or rejected
PER_ORDER_MAX = 3
DAILY = Limit("complaint.filed", 8, timedelta(days=1))
PHOTO_BYTES_MAX = 10 * 1024 * 1024


def check_order(session: Session, order: Order, kind: str) -> None:
    """Refuse a request about `order` the rules above do not allow (DomainError)."""
    if order.paid_at is None:
        raise DomainError(f"complaint.not_allowed_{kind}")
    if cancelled_free(session, order):
        raise DomainError("complaint.cancelled_free")
    filed = session.exec(
        select(Complaint.status).where(Complaint.order_id == order.id, Complaint.kind == kind)
    ).all()
    if any(status in OPEN for status in filed):
        raise DomainError(f"complaint.still_open_{kind}")
    if len(filed) >= PER_ORDER_MAX:
        raise DomainError("complaint.order_limit", max=PER_ORDER_MAX)


def cancelled_free(session: Session, order: Order) -> bool:
    """The customer cancelled the order themselves and no fee was kept."""
    event = session.exec(
        select(OrderEvent)
        .where(OrderEvent.order_id == order.id, OrderEvent.kind == "cancelled")
        .order_by(col(OrderEvent.id).desc())
    ).first()
    return (
        event is not None
        and event.actor_user_id == order.customer_id
        and not (event.details or {}).get("fee_fen")
    )


def check_photos(photos: Sequence[bytes] | None) -> None:
    """Refuse too many photos or too many bytes in all, before anything is decoded."""
    photos = list(photos or [])
    if len(photos) > photos_max():
        raise DomainError("review.too_many_photos", max=photos_max())
    if sum(len(p) for p in photos) > PHOTO_BYTES_MAX:
        raise DomainError("complaint.photos_too_large", mb=PHOTO_BYTES_MAX // (1024 * 1024))


def take_daily(session: Session, customer_id: int, now: datetime) -> None:
    """Count one request of the customer's today; past the limit the count is committed (so
    retries stay refused) and the request refused with the hours until it may be tried again."""
    verdict = rate_limits.take(session, DAILY, customer_id, now)
    if not verdict.allowed:
        session.commit()
        hours = max(1, math.ceil(verdict.retry_after.total_seconds() / 3600))
        raise DomainError("complaint.daily_limit", max=DAILY.count, hours=hours)
