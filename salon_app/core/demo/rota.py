"""The demo rota (排班): the first shop's beauty technicians work from a two-week pattern.

Both weeks hold each one's weekly hours, so customers see the same free times as before (the
order history and every test built on the demo city stay as they were), while the shop's rota
page has patterns and generated shifts to show.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session

from salon_app.core.models import ShiftPattern
from salon_app.core.services.availability import zone
from salon_app.core.services.rota import generate_until, regenerate

if TYPE_CHECKING:
    from salon_app.core.demo.residents import DemoTechnician

CATEGORY = "beauty"


def add_demo_rota(
    session: Session, technicians: list[DemoTechnician], shop_id: int, now: datetime
) -> None:
    """Patterns (and their shifts, from tomorrow) for the shop's beauty technicians."""
    team = [t for t in technicians if t.row.merchant_id == shop_id and t.category == CATEGORY]
    today = now.astimezone(zone("Asia/Shanghai")).date()
    monday = today - timedelta(days=today.weekday())
    for tech in team:
        slots = [
            [week, weekday, start, end]
            for week in (1, 2)
            for weekday, (start, end) in sorted(tech.week.items())
        ]
        session.add(
            ShiftPattern(
                merchant_id=shop_id,
                technician_id=tech.row.id,
                cycle_weeks=2,
                starts_on=monday,
                slots=slots,
                updated_at=now,
            )
        )
    session.flush()
    first = today + timedelta(days=1)
    regenerate(session, [t.row.id for t in team], shop_id, first, generate_until(today))
