"""Saving, applying and ending patterns, then regenerating the days they rule (not committed).

A technician has at most one pattern per start date. Saving a pattern (new, or a new version
with its id) checks it (inputs.pattern_slots), refuses a start more than MAX_RANGE_DAYS ahead
or an end before today; applying one pattern to a team creates or replaces each member's
pattern from that start date. Ending a pattern stops it after today; one that has not started
yet is removed. Each then regenerates the technicians' days from tomorrow on (generation).
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import ShiftPattern
from salon_app.core.services.rota import inputs
from salon_app.core.services.rota.generation import generate_until, regenerate
from salon_app.core.services.rota.inputs import ApplyPattern, EndPattern, SavePattern
from salon_app.core.services.rota.shop import ShopClock, Staged, shop_pattern


def regenerate_future(session: Session, shop: ShopClock, tech_ids: list[int]) -> list[Staged]:
    """Regenerate these technicians from tomorrow to the generation horizon."""
    first, last = shop.today + timedelta(days=1), generate_until(shop.today)
    session.flush()
    regenerate(session, tech_ids, shop.merchant_id, first, last)
    return [Staged(t, first, last) for t in tech_ids]


def _checked_slots(change: SavePattern | ApplyPattern, shop: ShopClock) -> list[list[int]]:
    slots = inputs.pattern_slots(change)
    if (change.starts_on - shop.today).days >= inputs.MAX_RANGE_DAYS:
        raise DomainError("rota.range_too_long", days=inputs.MAX_RANGE_DAYS)
    if change.ends_on is not None and change.ends_on < shop.today:
        raise DomainError("rota.day_in_past")
    return slots


def _fill(
    pattern: ShiftPattern,
    change: SavePattern | ApplyPattern,
    slots: list[list[int]],
    shop: ShopClock,
    user_id: int | None,
) -> ShiftPattern:
    pattern.cycle_weeks, pattern.slots = change.cycle_weeks, slots
    pattern.starts_on, pattern.ends_on = change.starts_on, change.ends_on
    pattern.updated_by, pattern.updated_at = user_id, shop.now
    return pattern


def save_pattern(
    session: Session, shop: ShopClock, change: SavePattern, tech_id: int, user_id: int | None
) -> None:
    slots = _checked_slots(change, shop)
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
    session.add(_fill(pattern, change, slots, shop, user_id))


def apply_team_pattern(
    session: Session,
    shop: ShopClock,
    change: ApplyPattern,
    tech_ids: list[int],
    user_id: int | None,
) -> None:
    """Each technician's pattern from change.starts_on, created or replaced."""
    slots = _checked_slots(change, shop)
    existing = {
        p.technician_id: p
        for p in session.exec(
            select(ShiftPattern).where(
                col(ShiftPattern.technician_id).in_(tech_ids),
                ShiftPattern.starts_on == change.starts_on,
            )
        ).all()
    }
    for tech_id in tech_ids:
        pattern = existing.get(tech_id) or ShiftPattern(
            merchant_id=shop.merchant_id, technician_id=tech_id
        )
        session.add(_fill(pattern, change, slots, shop, user_id))


def end_pattern(session: Session, shop: ShopClock, change: EndPattern) -> None:
    pattern = shop_pattern(session, shop.merchant_id, change.pattern_id)
    if pattern.starts_on > shop.today:
        session.delete(pattern)  # nothing of it has happened yet
    elif pattern.ends_on is None or pattern.ends_on > shop.today:
        pattern.ends_on = shop.today
        pattern.updated_at = shop.now
        session.add(pattern)
