"""The acting shop's own rows: its clock (zone, today) and its technicians, patterns and time
off. Another shop's row, or none, is refused alike (not found), so nothing says it exists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Merchant, ShiftPattern, Technician, TimeOff
from salon_app.core.services.availability import zone


@dataclass(frozen=True)
class ShopClock:
    """The shop and its local today."""

    merchant_id: int
    tz: ZoneInfo
    today: date
    now: datetime


def shop_clock(session: Session, merchant_id: int, now: datetime | None = None) -> ShopClock:
    now = now or utcnow()
    tz = zone(session.get(Merchant, merchant_id).timezone)
    return ShopClock(merchant_id, tz, now.astimezone(tz).date(), now)


@dataclass(frozen=True)
class Staged:
    """What a change touched: one technician's days first..last (local)."""

    technician_id: int
    first_day: date
    last_day: date


def shop_technician(session: Session, merchant_id: int, technician_id: object) -> Technician:
    """A technician of this shop; anyone else (or no one) is refused alike."""
    tech = session.get(Technician, technician_id) if isinstance(technician_id, int) else None
    if tech is None or tech.merchant_id != merchant_id:
        raise DomainError("rota.technician_not_in_shop")
    return tech


def shop_pattern(session: Session, merchant_id: int, pattern_id: object) -> ShiftPattern:
    pattern = session.get(ShiftPattern, pattern_id) if isinstance(pattern_id, int) else None
    if pattern is None or pattern.merchant_id != merchant_id:
        raise DomainError("rota.pattern_not_found")
    return pattern


def shop_time_off(session: Session, merchant_id: int, time_off_id: object) -> TimeOff:
    off = session.get(TimeOff, time_off_id) if isinstance(time_off_id, int) else None
    tech = session.get(Technician, off.technician_id) if off else None
    if tech is None or tech.merchant_id != merchant_id:
        raise DomainError("rota.time_off_not_found")
    return off


def shop_technicians(session: Session, merchant_id: int, ids: Sequence[object]) -> list[int]:
    """These technicians, all of this shop (one query), in the order given."""
    wanted = [t for t in ids if isinstance(t, int)]
    found = set(
        session.exec(
            select(Technician.id).where(
                col(Technician.id).in_(wanted), Technician.merchant_id == merchant_id
            )
        ).all()
    )
    if len(wanted) != len(ids) or any(t not in found for t in wanted):
        raise DomainError("rota.technician_not_in_shop")
    return wanted
