"""Writing one rota change into the current transaction (never committed here).

Preview and apply both stage the change, then read working time back through the
availability loaders, so the conflicts listed are exactly what customers' free times will be.
Only technicians of the acting shop can be touched; another shop's technician, pattern or
time off reads as not found. Patterns change days from tomorrow on (today is changed with a
day set by hand); days set by hand and time off start today at the earliest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, delete, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Merchant, Shift, ShiftPattern, Technician, TimeOff
from salon_app.core.services.availability_data import zone
from salon_app.core.services.availability_engine import local_to_utc
from salon_app.core.services.rota import inputs
from salon_app.core.services.rota.generation import OVERRIDE, PATTERN, generate_until, regenerate
from salon_app.core.services.rota.inputs import (
    AddTimeOff,
    ClearDay,
    EndPattern,
    RemoveTimeOff,
    RotaChange,
    SavePattern,
    SetDay,
)


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


def technician_of(session: Session, merchant_id: int, change: RotaChange) -> int:
    """The one technician a change is about (checked to be of the shop)."""
    if isinstance(change, EndPattern):
        return shop_pattern(session, merchant_id, change.pattern_id).technician_id
    if isinstance(change, RemoveTimeOff):
        return shop_time_off(session, merchant_id, change.time_off_id).technician_id
    if isinstance(change, SavePattern | SetDay | ClearDay | AddTimeOff):
        return shop_technician(session, merchant_id, change.technician_id).id
    raise DomainError("rota.change_invalid")


def stage(session: Session, shop: ShopClock, change: RotaChange, user_id: int | None) -> Staged:
    """Write `change` (checked) into the transaction; what it touched."""
    tech_id = technician_of(session, shop.merchant_id, change)
    if isinstance(change, SavePattern):
        return _save_pattern(session, shop, change, tech_id, user_id)
    if isinstance(change, EndPattern):
        return _end_pattern(session, shop, change, tech_id)
    if isinstance(change, SetDay | ClearDay):
        return _set_day(session, shop, change, tech_id)
    if isinstance(change, AddTimeOff):
        inputs.time_off_days(change, shop.today)
        session.add(
            TimeOff(
                technician_id=tech_id,
                starts_at=local_to_utc(change.first_day, 0, shop.tz),
                ends_at=local_to_utc(change.last_day + timedelta(days=1), 0, shop.tz),
                reason=(change.reason or "").strip(),
            )
        )
        return Staged(tech_id, change.first_day, change.last_day)
    off = shop_time_off(session, shop.merchant_id, change.time_off_id)
    first = max(off.starts_at.astimezone(shop.tz).date(), shop.today)
    last = max((off.ends_at - timedelta(microseconds=1)).astimezone(shop.tz).date(), first)
    session.delete(off)
    return Staged(tech_id, first, last)


def _regenerate_future(session: Session, shop: ShopClock, tech_id: int) -> Staged:
    first, last = shop.today + timedelta(days=1), generate_until(shop.today)
    session.flush()
    regenerate(session, tech_id, shop.merchant_id, first, last)
    return Staged(tech_id, first, last)


def _save_pattern(
    session: Session, shop: ShopClock, change: SavePattern, tech_id: int, user_id: int | None
) -> Staged:
    slots = inputs.pattern_slots(change)
    if (change.starts_on - shop.today).days >= inputs.MAX_RANGE_DAYS:
        raise DomainError("rota.range_too_long", days=inputs.MAX_RANGE_DAYS)
    if change.ends_on is not None and change.ends_on < shop.today:
        raise DomainError("rota.day_in_past")
    if change.pattern_id is None:
        pattern = ShiftPattern(merchant_id=shop.merchant_id, technician_id=tech_id)
    else:
        pattern = shop_pattern(session, shop.merchant_id, change.pattern_id)
        if pattern.technician_id != tech_id:
            raise DomainError("rota.pattern_not_found")
    same_start = session.exec(
        select(ShiftPattern.id).where(
            ShiftPattern.technician_id == tech_id,
            ShiftPattern.starts_on == change.starts_on,
            col(ShiftPattern.id) != (pattern.id or 0),
        )
    ).first()
    if same_start is not None:
        raise DomainError("rota.pattern_same_start", day=change.starts_on.isoformat())
    pattern.cycle_weeks, pattern.slots = change.cycle_weeks, slots
    pattern.starts_on, pattern.ends_on = change.starts_on, change.ends_on
    pattern.updated_by, pattern.updated_at = user_id, shop.now
    session.add(pattern)
    return _regenerate_future(session, shop, tech_id)


def _end_pattern(session: Session, shop: ShopClock, change: EndPattern, tech_id: int) -> Staged:
    pattern = shop_pattern(session, shop.merchant_id, change.pattern_id)
    if pattern.starts_on > shop.today:
        session.delete(pattern)  # nothing of it has happened yet
    elif pattern.ends_on is None or pattern.ends_on > shop.today:
        pattern.ends_on = shop.today
        pattern.updated_at = shop.now
        session.add(pattern)
    return _regenerate_future(session, shop, tech_id)


def _set_day(session: Session, shop: ShopClock, change: SetDay | ClearDay, tech_id: int) -> Staged:
    inputs.within_reach(change.day, shop.today)
    kinds = (OVERRIDE, PATTERN) if isinstance(change, SetDay) else (OVERRIDE,)
    session.exec(
        delete(Shift).where(
            col(Shift.technician_id) == tech_id,
            col(Shift.day) == change.day,
            col(Shift.kind).in_(kinds),
        )
    )
    if isinstance(change, ClearDay):
        session.flush()
        regenerate(session, tech_id, shop.merchant_id, change.day, change.day)
        return Staged(tech_id, change.day, change.day)
    ranges = inputs.day_ranges([inputs.shift_minutes(s.start, s.end) for s in change.shifts])
    for start, end in ranges or [(0, 0)]:  # no shifts: a day off
        session.add(
            Shift(
                technician_id=tech_id,
                merchant_id=shop.merchant_id,
                day=change.day,
                start_minute=start,
                end_minute=end,
                kind=OVERRIDE,
            )
        )
    return Staged(tech_id, change.day, change.day)
