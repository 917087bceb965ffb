"""How many unpaid holds one customer and one client address may take (free slot hoarding).

An unpaid order keeps its technician's slot for `hold_minutes`; without a limit one account can
hold a technician's whole day and renew it every time the holds lapse. Rules, checked inside the
booking's transaction after the customer's row is locked, so that two bookings by one customer at
the same moment are counted one after the other (SQLite and PostgreSQL alike):

- at most `unpaid_holds_max` live unpaid holds at once (awaiting payment, hold not run out);
  paying or cancelling one frees its place;
- at most `unpaid_holds_hourly` orders booked in the last hour and never paid (still waiting,
  lapsed or cancelled unpaid): book-and-let-lapse is bounded too; paid orders never count;
- at most `holds_hourly_per_address` new holds from one client address per hour (a counter in
  services/rate_limits, keyed by the hashed address), against many accounts on one device.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import Order
from salon_app.core.models import OrderStatus as S
from salon_app.core.services import rate_limits
from salon_app.core.services.rate_limits import Limit
from salon_app.core.settings import get_settings

HOUR = timedelta(hours=1)


def address_limit() -> Limit:
    return Limit("booking.holds_per_address", get_settings().holds_hourly_per_address, HOUR)


def lock_customer(session: Session, user_id: int) -> None:
    """Serialise one customer's bookings (the user row; on SQLite the write lock). FOR NO KEY
    UPDATE, not FOR UPDATE: a transaction that already inserted a row pointing at the user holds
    KEY SHARE on it, and two such bookings asking FOR UPDATE deadlock (seen under load)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text('SELECT id FROM "user" WHERE id = :id FOR NO KEY UPDATE'), {"id": user_id}
        )
    else:
        session.execute(text('UPDATE "user" SET id = id WHERE id = :id'), {"id": user_id})


def live_unpaid_holds(session: Session, customer_id: int, now: datetime) -> int:
    """The customer's orders awaiting payment whose hold has not run out."""
    return session.exec(
        select(func.count())
        .select_from(Order)
        .where(
            Order.customer_id == customer_id,
            Order.status == S.pending_payment,
            Order.holds_slot,
            col(Order.hold_expires_at) > now,
        )
    ).one()


def unpaid_in_last_hour(session: Session, customer_id: int, now: datetime) -> tuple[int, datetime]:
    """Orders the customer booked in the last hour and never paid, and when the oldest was."""
    count, oldest = session.exec(
        select(func.count(), func.min(Order.created_at)).where(
            Order.customer_id == customer_id,
            col(Order.created_at) > now - HOUR,
            col(Order.paid_at).is_(None),
        )
    ).one()
    return count, oldest


def claim_hold(session: Session, customer_id: int, client_ip: str, now: datetime) -> None:
    """Count one more unpaid hold for this customer and address, or refuse it (see the module
    docstring). Call first in the booking's transaction: it takes the customer's lock."""
    settings = get_settings()
    lock_customer(session, customer_id)
    if live_unpaid_holds(session, customer_id, now) >= settings.unpaid_holds_max:
        raise DomainError("booking.too_many_unpaid", max=settings.unpaid_holds_max)
    count, oldest = unpaid_in_last_hour(session, customer_id, now)
    if count >= settings.unpaid_holds_hourly:
        wait = (_aware(oldest, now) + HOUR - now) if oldest else HOUR
        minutes = max(1, int(wait.total_seconds() + 59) // 60)
        raise DomainError("booking.too_many_unpaid_hourly", minutes=minutes)
    if client_ip and not rate_limits.take(session, address_limit(), client_ip, now).allowed:
        raise DomainError("booking.too_many_from_address")


def _aware(value: datetime, like: datetime) -> datetime:
    """SQLite hands back naive UTC times."""
    if value.tzinfo is None and like.tzinfo is not None:
        return value.replace(tzinfo=like.tzinfo)
    return value
