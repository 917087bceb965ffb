"""Keeping open-ended patterns generated ahead as the days go by (a periodic job).

A pattern is written GENERATE_DAYS ahead when it is saved. Once a day of it is less than
GENERATE_DAYS - EXTEND_SLACK_DAYS ahead, its technician's rota is generated on to
GENERATE_DAYS again. The new days lie past the booking horizon, so no order can be on them
and nothing conflicts. Safe in every worker at once: each technician is extended under their
calendar lock, from their patterns' fresh generated_until, and generation is idempotent.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from salon_app.core.clock import utcnow
from salon_app.core.models import ShiftPattern
from salon_app.core.services.availability import lock_technician_calendar
from salon_app.core.services.rota.generation import generate_until, regenerate
from salon_app.core.services.rota.shop import ShopClock, shop_clock

EXTEND_SLACK_DAYS = 7
# Patterns with days still to write: open-ended, or ending after what was written.
_GENERATING = or_(
    col(ShiftPattern.ends_on).is_(None),
    col(ShiftPattern.generated_until).is_(None),
    col(ShiftPattern.ends_on) > col(ShiftPattern.generated_until),
)


def extend_rotas(session: Session, now: datetime | None = None) -> int:
    """Generate every pattern that is falling behind on to GENERATE_DAYS ahead; returns how
    many technicians' rotas were extended. Technicians not due cost no lock and no write."""
    now = now or utcnow()
    session.rollback()
    rows = session.exec(
        select(
            ShiftPattern.technician_id,
            ShiftPattern.merchant_id,
            func.min(ShiftPattern.generated_until),
        )
        .where(_GENERATING)
        .group_by(ShiftPattern.technician_id, ShiftPattern.merchant_id)
        .order_by(ShiftPattern.technician_id)
    ).all()
    session.rollback()
    clocks: dict[int, ShopClock] = {}
    extended = 0
    for tech_id, merchant_id, reached in rows:
        if merchant_id not in clocks:
            clocks[merchant_id] = shop_clock(session, merchant_id, now)
        today = clocks[merchant_id].today
        if _due(reached, today) is None:
            continue
        session.rollback()  # the lock first; then what was generated, read again under it
        lock_technician_calendar(session, tech_id)
        reached = session.exec(
            select(func.min(ShiftPattern.generated_until)).where(
                ShiftPattern.technician_id == tech_id, _GENERATING
            )
        ).one()
        first = _due(reached, today)
        if first is None:
            session.rollback()
            continue
        regenerate(session, [tech_id], merchant_id, first, generate_until(today))
        session.commit()
        extended += 1
    return extended


def _due(reached: date | None, today: date) -> date | None:
    """The first day to generate, when the technician's rota is falling behind; else None."""
    first = max((reached or today) + timedelta(days=1), today + timedelta(days=1))
    return first if (generate_until(today) - first).days >= EXTEND_SLACK_DAYS else None
