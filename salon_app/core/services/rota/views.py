"""What the rota page shows: the shop's patterns, and who works when over a range of days.

A shop's staff see only their own shop. The day grid shows each technician's working time as
availability computes it: the day's shifts if it has any (pattern, set by hand, kept for an
order), else the weekly hours; time off is marked on the days it touches. At most
MAX_VIEW_DAYS days per call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import Shift, ShiftPattern, Technician, TimeOff, WorkingHours
from salon_app.core.services.access import Actor
from salon_app.core.services.availability import local_to_utc
from salon_app.core.services.merchants import Capability, require_shop
from salon_app.core.services.rota.inputs import PatternShift, clock
from salon_app.core.services.rota.shop import shop_clock

MAX_VIEW_DAYS = 31


@dataclass(frozen=True)
class PatternView:
    id: int
    technician_id: int
    technician_name: str
    cycle_weeks: int
    starts_on: date
    ends_on: date | None
    shifts: list[PatternShift]
    generated_until: date | None


@dataclass(frozen=True)
class ShiftView:
    start: str  # "HH:MM"
    end: str
    kind: str  # pattern | override | keep | weekly (from the weekly hours)


@dataclass(frozen=True)
class RotaDay:
    day: date
    shifts: list[ShiftView]  # [] = not working
    set_by_hand: bool
    time_off: bool
    time_off_id: int | None = None  # the time off covering the day (the earliest), to remove it


@dataclass(frozen=True)
class RotaRow:
    technician_id: int
    technician_name: str
    days: list[RotaDay]


def list_patterns(session: Session, actor: Actor | None) -> list[PatternView]:
    """The shop's patterns, by technician then start date."""
    merchant_id = require_shop(session, actor, Capability.view_shop).merchant_id
    rows = session.exec(
        select(ShiftPattern, Technician.display_name)
        .join(Technician, Technician.id == ShiftPattern.technician_id)
        .where(ShiftPattern.merchant_id == merchant_id)
        .order_by(ShiftPattern.technician_id, ShiftPattern.starts_on)
    ).all()
    return [
        PatternView(
            p.id,
            p.technician_id,
            name,
            p.cycle_weeks,
            p.starts_on,
            p.ends_on,
            [PatternShift(w, d, clock(s), clock(e)) for w, d, s, e in p.slots],
            p.generated_until,
        )
        for p, name in rows
    ]


def rota_days(
    session: Session, actor: Actor | None, first_day: date, days: int = 7
) -> list[RotaRow]:
    """Each technician of the shop (by name) and their working time on first_day onwards."""
    merchant_id = require_shop(session, actor, Capability.view_shop).merchant_id
    if not 1 <= days <= MAX_VIEW_DAYS:
        raise DomainError("rota.range_too_long", days=MAX_VIEW_DAYS)
    shop = shop_clock(session, merchant_id)
    last_day = first_day + timedelta(days=days - 1)
    techs = session.exec(
        select(Technician.id, Technician.display_name)
        .where(Technician.merchant_id == merchant_id)
        .order_by(Technician.display_name, Technician.id)
    ).all()
    ids = [t for t, _ in techs]
    shifts: dict[tuple[int, date], list[Shift]] = {}
    for row in session.exec(
        select(Shift)
        .where(col(Shift.technician_id).in_(ids), Shift.day >= first_day, Shift.day <= last_day)
        .order_by(Shift.technician_id, Shift.day, Shift.start_minute, Shift.id)
    ):
        shifts.setdefault((row.technician_id, row.day), []).append(row)
    weekly: dict[tuple[int, int], list[WorkingHours]] = {}
    for hours in session.exec(
        select(WorkingHours)
        .where(col(WorkingHours.technician_id).in_(ids))
        .order_by(WorkingHours.technician_id, WorkingHours.weekday, WorkingHours.start_minute)
    ):
        weekly.setdefault((hours.technician_id, hours.weekday), []).append(hours)
    span = (local_to_utc(first_day, 0, shop.tz), local_to_utc(last_day, 24 * 60, shop.tz))
    offs = session.exec(
        select(TimeOff).where(
            col(TimeOff.technician_id).in_(ids),
            col(TimeOff.starts_at) < span[1],
            col(TimeOff.ends_at) > span[0],
        )
    ).all()
    grid = []
    for tech_id, name in techs:
        row_days = []
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            start, end = local_to_utc(day, 0, shop.tz), local_to_utc(day, 24 * 60, shop.tz)
            rows = shifts.get((tech_id, day))
            if rows is not None:
                views = [
                    ShiftView(clock(s.start_minute), clock(s.end_minute), s.kind)
                    for s in rows
                    if s.end_minute > s.start_minute
                ]
            else:
                views = [
                    ShiftView(clock(h.start_minute), clock(h.end_minute), "weekly")
                    for h in weekly.get((tech_id, day.weekday()), [])
                ]
            off = [
                o.id
                for o in offs
                if o.technician_id == tech_id and o.starts_at < end and o.ends_at > start
            ]
            row_days.append(
                RotaDay(
                    day,
                    views,
                    any(s.kind == "override" for s in rows or ()),
                    bool(off),
                    min(off) if off else None,
                )
            )
        grid.append(RotaRow(tech_id, name, row_days))
    return grid
