"""Growth: what member levels are measured by. Every change is a GrowthEntry, exactly once
per key; Membership.growth is their sum, kept with each entry (under the points lock). Growth
that reaches a higher level upgrades the member at once (levels.upgrade); nothing here lowers a
level (that waits for the review date, levels.review_levels)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from salon_app.core.models import GrowthEntry, Membership
from salon_app.core.services.membership.levels import upgrade
from salon_app.core.services.membership.points import lock_points


def membership_of(session: Session, user_id: int, at: datetime) -> Membership:
    """The customer's membership row, created at the first level when missing."""
    row = session.get(Membership, user_id)
    if row is None:
        row = Membership(user_id=user_id, level_since=at, updated_at=at)
        session.add(row)
        session.flush()
    return row


def add_growth(
    session: Session,
    user_id: int,
    kind: str,
    amount: int,
    key: str,
    at: datetime,
    *,
    order_id: int | None = None,
) -> GrowthEntry | None:
    """Change the customer's growth by `amount` (signed); a key already used changes nothing
    (None). A level the recent growth reaches is taken at once. Not committed."""
    lock_points(session, user_id)
    if session.exec(select(GrowthEntry.id).where(GrowthEntry.key == key)).first() is not None:
        return None
    entry = GrowthEntry(
        user_id=user_id, kind=kind, amount=amount, order_id=order_id, key=key, created_at=at
    )
    session.add(entry)
    row = membership_of(session, user_id, at)
    row.growth += amount
    row.updated_at = at
    session.add(row)
    session.flush()
    upgrade(session, row, at)
    return entry
