"""Writing one rota change into the current transaction (never committed here).

Preview and apply both stage the change, then read working time back through the
availability loaders, so the conflicts listed are exactly what customers' free times will be.
Only technicians of the acting shop can be touched; another shop's technician, pattern or
time off reads as not found. Patterns change days from tomorrow on (today is changed with a
day set by hand); days set by hand and time off start today at the earliest.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, delete

from salon_app.core.errors import DomainError
from salon_app.core.models import Shift, TimeOff
from salon_app.core.services.availability import local_to_utc
from salon_app.core.services.rota import inputs
from salon_app.core.services.rota.generation import OVERRIDE, PATTERN, regenerate
from salon_app.core.services.rota.inputs import (
    AddTimeOff,
    ApplyPattern,
    ClearDay,
    EndPattern,
    RemoveTimeOff,
    RotaChange,
    SavePattern,
    SetDay,
)
from salon_app.core.services.rota.pattern_writes import (
    apply_team_pattern,
    end_pattern,
    regenerate_future,
    save_pattern,
)
from salon_app.core.services.rota.shop import (
    ShopClock,
    Staged,
    shop_pattern,
    shop_technician,
    shop_technicians,
    shop_time_off,
)


def technicians_of(session: Session, merchant_id: int, change: RotaChange) -> list[int]:
    """The technicians a change is about, each checked to be of the shop."""
    if isinstance(change, EndPattern):
        return [shop_pattern(session, merchant_id, change.pattern_id).technician_id]
    if isinstance(change, RemoveTimeOff):
        return [shop_time_off(session, merchant_id, change.time_off_id).technician_id]
    if isinstance(change, SavePattern | SetDay | ClearDay | AddTimeOff):
        return [shop_technician(session, merchant_id, change.technician_id).id]
    if isinstance(change, ApplyPattern):
        ids = list(dict.fromkeys(change.technician_ids))
        if not 1 <= len(ids) <= inputs.TEAM_MAX:
            raise DomainError("rota.team_size_invalid", max=inputs.TEAM_MAX)
        return shop_technicians(session, merchant_id, ids)
    raise DomainError("rota.change_invalid")


def stage(
    session: Session, shop: ShopClock, change: RotaChange, user_id: int | None
) -> list[Staged]:
    """Write `change` (checked) into the transaction; what it touched, per technician."""
    tech_ids = technicians_of(session, shop.merchant_id, change)
    tech_id = tech_ids[0]
    if isinstance(change, ApplyPattern):
        apply_team_pattern(session, shop, change, tech_ids, user_id)
        return regenerate_future(session, shop, tech_ids)
    if isinstance(change, SavePattern):
        save_pattern(session, shop, change, tech_id, user_id)
        return regenerate_future(session, shop, tech_ids)
    if isinstance(change, EndPattern):
        end_pattern(session, shop, change)
        return regenerate_future(session, shop, tech_ids)
    if isinstance(change, SetDay | ClearDay):
        return [_set_day(session, shop, change, tech_id)]
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
        return [Staged(tech_id, change.first_day, change.last_day)]
    off = shop_time_off(session, shop.merchant_id, change.time_off_id)
    first = max(off.starts_at.astimezone(shop.tz).date(), shop.today)
    last = max((off.ends_at - timedelta(microseconds=1)).astimezone(shop.tz).date(), first)
    session.delete(off)
    return [Staged(tech_id, first, last)]


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
        regenerate(session, [tech_id], shop.merchant_id, change.day, change.day)
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
