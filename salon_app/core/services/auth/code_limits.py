"""How often a code may be sent: the rate limits an SMS provider and a booking app both keep.

Rules (settings, checked in this order, each with its own message):
- one code per phone per `sms_resend_seconds` (60 s), whatever its purpose;
- at most `sms_daily_per_phone` (10) codes per phone in any 24 hours (a rolling window, so a
  run of requests just before midnight does not reset);
- at most `sms_hourly_per_address` (20) codes asked from one client address in any hour, when
  the caller knows the address (the pages do; the address is stored only as a keyed hash).

The limits are exact under concurrent requests for one phone: the phone's `sms_throttle` row is
locked first (PostgreSQL: a row lock; SQLite: the first statement is a write, which takes the
database's single write lock), so the counts that follow see every code already committed.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import func, text
from sqlmodel import Session, select

from salon_app.core.errors import DomainError
from salon_app.core.models import VerificationCode
from salon_app.core.settings import get_settings


def _lock_phone(session: Session, phone_hash: str) -> None:
    params = {"h": phone_hash}
    session.execute(
        text("INSERT INTO sms_throttle (phone_hash) VALUES (:h) ON CONFLICT DO NOTHING"), params
    )
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT phone_hash FROM sms_throttle WHERE phone_hash = :h FOR UPDATE"), params
        )


def _refuse(session: Session, key: str, **params: object) -> None:
    session.rollback()  # releases the phone's lock
    raise DomainError(key, **params)


def take_send_slot(
    session: Session, phone_hash: str, client_hash: str | None, now: datetime
) -> None:
    """Lock the phone and allow one more code now, or raise sms.too_soon (with the seconds to
    wait), sms.daily_limit or sms.address_limit. The lock is held until the caller commits the
    new code (or rolls back)."""
    settings = get_settings()
    _lock_phone(session, phone_hash)
    last = session.exec(
        select(func.max(VerificationCode.created_at)).where(
            VerificationCode.phone_hash == phone_hash
        )
    ).one()
    if last is not None:
        last = last.replace(tzinfo=now.tzinfo) if last.tzinfo is None else last
        wait = settings.sms_resend_seconds - (now - last).total_seconds()
        if wait > 0:
            _refuse(session, "sms.too_soon", seconds=max(1, math.ceil(wait)))
    day = session.exec(
        select(func.count(VerificationCode.id)).where(
            VerificationCode.phone_hash == phone_hash,
            VerificationCode.created_at > now - timedelta(hours=24),
        )
    ).one()
    if day >= settings.sms_daily_per_phone:
        _refuse(session, "sms.daily_limit", count=settings.sms_daily_per_phone)
    if client_hash is not None:
        hour = session.exec(
            select(func.count(VerificationCode.id)).where(
                VerificationCode.client_hash == client_hash,
                VerificationCode.created_at > now - timedelta(hours=1),
            )
        ).one()
        if hour >= settings.sms_hourly_per_address:
            _refuse(session, "sms.address_limit")
