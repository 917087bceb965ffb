"""Member levels: which level a customer's growth reaches, upgrades at once, downgrades only on
the review date.

Rule: a level is measured by the growth of the last REVIEW_WINDOW_DAYS (12 months). Growth that
reaches a higher level upgrades the member at once (inside add_growth), and the next review is
a year after that day (local date). Nothing lowers a level before its review date: on it, the
daily review job sets the level the last 12 months' growth reaches (lower, or the same) and, if
the member is still above the first level, the next review a year on. The first level (rank 0)
has no review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.models import GrowthEntry, MemberLevel, Membership
from salon_app.core.settings import get_settings

REVIEW_WINDOW_DAYS = 365
REVIEW_BATCH = 500  # memberships reviewed per transaction


@dataclass(frozen=True)
class LevelView:
    id: int
    rank: int
    name: str
    growth_threshold: int
    discount_bp: int
    points_multiplier_pct: int


def _view(level: MemberLevel) -> LevelView:
    return LevelView(
        level.id,
        level.rank,
        level.name,
        level.growth_threshold,
        level.discount_bp,
        level.points_multiplier_pct,
    )


def level_table(session: Session) -> list[LevelView]:
    """Every level, lowest first."""
    rows = session.exec(select(MemberLevel).order_by(MemberLevel.rank)).all()
    return [_view(r) for r in rows]


def level_of_rank(session: Session, rank: int) -> LevelView | None:
    row = session.exec(select(MemberLevel).where(MemberLevel.rank == rank)).first()
    return _view(row) if row else None


def reached_rank(levels: list[LevelView], growth: int) -> int:
    """The highest rank whose threshold `growth` reaches (0 when there are no levels)."""
    rank = 0
    for level in levels:
        if growth >= level.growth_threshold:
            rank = max(rank, level.rank)
    return rank


def local_date(at: datetime) -> date:
    return at.astimezone(ZoneInfo(get_settings().timezone)).date()


def next_review(at: datetime) -> date:
    """A year after the local day of `at` (29 February reviews on 28 February)."""
    day = local_date(at)
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def recent_growth(session: Session, user_id: int, at: datetime) -> int:
    """The customer's growth of the last 12 months: what levels are measured by."""
    total = session.exec(
        select(func.coalesce(func.sum(GrowthEntry.amount), 0)).where(
            GrowthEntry.user_id == user_id,
            col(GrowthEntry.created_at) > at - timedelta(days=REVIEW_WINDOW_DAYS),
            col(GrowthEntry.created_at) <= at,
        )
    ).one()
    return int(total)


def upgrade(session: Session, row: Membership, at: datetime) -> bool:
    """Raise the member to the level their recent growth reaches, if higher (never lower)."""
    rank = reached_rank(level_table(session), recent_growth(session, row.user_id, at))
    if rank <= row.level_rank:
        return False
    row.level_rank, row.level_since, row.review_on = rank, at, next_review(at)
    row.updated_at = at
    session.add(row)
    return True


def review_one(session: Session, row: Membership, levels: list[LevelView], at: datetime) -> None:
    """The review of one member whose review date has come: the level the last 12 months'
    growth reaches (lower or the same); the next review a year on (none at the first level)."""
    rank = min(row.level_rank, reached_rank(levels, recent_growth(session, row.user_id, at)))
    if rank != row.level_rank:
        row.level_rank, row.level_since = rank, at
    row.review_on = next_review(at) if rank > 0 else None
    row.updated_at = at
    session.add(row)


def review_levels(session: Session, now: datetime) -> int:
    """The daily job: review every membership whose review date (local) is today or past, in
    batches of REVIEW_BATCH per transaction; returns how many were reviewed. Running it again
    the same day finds nothing (each review moves the date a year on)."""
    today, levels, done = local_date(now), level_table(session), 0
    while True:
        batch = session.exec(
            select(Membership)
            .where(col(Membership.review_on).is_not(None), col(Membership.review_on) <= today)
            .order_by(Membership.review_on, Membership.user_id)
            .limit(REVIEW_BATCH)
        ).all()
        if not batch:
            return done
        for row in batch:
            review_one(session, row, levels, now)
        session.commit()
        done += len(batch)
