"""When a visit's progress steps may happen: they follow the clock, not the technician's finger.

- 出发 (departed): no earlier than `depart_lead_minutes` before the order's start (settings.visits).
- 到达 (arrived) and 开始 (started): not before the step they follow was recorded.
- 完成 (completed): not before `finish_share_percent` of the service length after 开始.

A refusal (visit.depart_too_early ...) names the first moment it becomes possible, in the
shop's time zone (Asia/Shanghai unless configured), so the technician knows when to try again.
The order of the steps themselves (出发 → 到达 → 开始 → 完成) stays flow.py's rule.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from salon_app.core.errors import DomainError
from salon_app.core.models import Order, OrderEvent
from salon_app.core.settings import VisitRules, get_settings

FOLLOWS = {"arrived": "departed", "started": "arrived", "completed": "started"}
TOO_EARLY = {
    "departed": "visit.depart_too_early",
    "arrived": "visit.arrive_too_early",
    "started": "visit.start_too_early",
    "completed": "visit.finish_too_early",
}


def local_time(moment: datetime) -> str:
    """A moment as refusals give it: e.g. "12月08日 14:00" in the platform's time zone."""
    return moment.astimezone(ZoneInfo(get_settings().timezone)).strftime("%m月%d日 %H:%M")


def step_time(session: Session, order_id: int, kind: str) -> datetime | None:
    """When the order's newest `kind` event was recorded."""
    return session.exec(
        select(OrderEvent.at)
        .where(OrderEvent.order_id == order_id, OrderEvent.kind == kind)
        .order_by(OrderEvent.at.desc(), OrderEvent.id.desc())
    ).first()


def earliest(session: Session, order: Order, step: str, rules: VisitRules) -> datetime | None:
    """The first moment `step` may be recorded for `order` (None: no clock rule applies)."""
    if step == "departed":
        return order.starts_at - timedelta(minutes=rules.depart_lead_minutes)
    before = FOLLOWS.get(step)
    if before is None:
        return None
    previous = step_time(session, order.id, before)
    if previous is None:
        return None  # flow.py refuses the step anyway: its previous step is missing
    if step == "completed":
        share = timedelta(minutes=order.duration_min * rules.finish_share_percent / 100)
        return previous + share
    return previous


def check_step(
    session: Session, order: Order, step: str, now: datetime, rules: VisitRules | None = None
) -> None:
    """Refuse `step` at `now` when the clock does not allow it yet (TOO_EARLY[step])."""
    rules = rules or get_settings().visits
    first = earliest(session, order, step, rules)
    if first is not None and now < first:
        raise DomainError(TOO_EARLY[step], at=local_time(first))
