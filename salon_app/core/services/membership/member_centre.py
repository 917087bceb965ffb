"""What a customer sees of their membership: the member card (我的), the member centre
(level, progress to the next, benefits, points with each batch's expiry, pending points,
this month's check-ins) and the points ledger (积分明细), a page at a time.

Rule: a customer sees only their own; the figures are derived from the ledgers at the moment
asked (levels by the last 12 months' growth, points by the batches usable now).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.models import PointsEntry, Role
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.membership.checkin import CheckInMonth, checkin_month
from salon_app.core.services.membership.gifts import GiftView, gifts_on_offer
from salon_app.core.services.membership.growth import membership_of
from salon_app.core.services.membership.levels import (
    LevelView,
    level_table,
    local_date,
    recent_growth,
)
from salon_app.core.services.membership.points import PointsBalance, balance, batches_left

LEDGER_PAGE_SIZE = 20


@dataclass(frozen=True)
class MemberCard:
    level: LevelView | None
    growth: int  # the last 12 months'
    next_level: LevelView | None  # None at the top
    progress_pct: int  # 0–100 of the way from this level's threshold to the next one's
    review_on: date | None
    points: PointsBalance


def member_card(session: Session, actor: Actor | None) -> MemberCard:
    """Customers: their level, growth, the next level and their points now."""
    actor = require_role(actor, Role.customer)
    now = utcnow()
    row = membership_of(session, actor.user_id, now)
    session.commit()
    levels = level_table(session)
    growth = recent_growth(session, actor.user_id, now)
    level = next((lv for lv in levels if lv.rank == row.level_rank), None)
    above = [lv for lv in levels if lv.rank > row.level_rank]
    nxt = above[0] if above else None
    if nxt is None:
        pct = 100
    else:
        base = level.growth_threshold if level else 0
        span = max(1, nxt.growth_threshold - base)
        pct = max(0, min(100, (growth - base) * 100 // span))
    return MemberCard(level, growth, nxt, pct, row.review_on, balance(session, actor.user_id, now))


@dataclass(frozen=True)
class BatchView:
    """Points left in the batches that expire (or, pending, become usable) on one local day."""

    points: int
    day: date  # the expiry day, or for pending points the day they become usable
    pending: bool
    expires: bool  # False: batches without an expiry


@dataclass(frozen=True)
class MemberCentre:
    card: MemberCard
    levels: list[LevelView]
    batches: list[BatchView]  # usable by expiry day (soonest first), then pending by day
    month: CheckInMonth


def _by_day(session: Session, user_id: int, now: datetime) -> list[BatchView]:
    groups: dict[tuple[bool, date | None], int] = {}
    for b, left in batches_left(session, user_id):
        if left <= 0 or (b.expires_at is not None and b.expires_at <= now):
            continue
        pending = b.available_at > now
        moment = b.available_at if pending else b.expires_at
        key = (pending, local_date(moment) if moment else None)
        groups[key] = groups.get(key, 0) + left
    order = sorted(groups, key=lambda k: (k[0], k[1] is None, k[1] or date.min))
    return [BatchView(groups[k], k[1] or date.min, k[0], k[1] is not None) for k in order]


def member_centre(session: Session, actor: Actor | None) -> MemberCentre:
    """Customers: the member centre's figures (module rule)."""
    card = member_card(session, actor)
    now = utcnow()
    batches = _by_day(session, actor.user_id, now)
    month = checkin_month(session, actor.user_id, local_date(now))
    return MemberCentre(card, level_table(session), batches, month)


@dataclass(frozen=True)
class LedgerRow:
    id: int
    kind: str
    amount: int
    created_at: datetime
    available_at: datetime
    expires_at: datetime | None
    note: str


def _ledger_row(e: PointsEntry) -> LedgerRow:
    return LedgerRow(e.id, e.kind, e.amount, e.created_at, e.available_at, e.expires_at, e.note)


def points_ledger(session: Session, actor: Actor | None, page: int = 1) -> Page[LedgerRow]:
    """Customers: their points entries, newest first, LEDGER_PAGE_SIZE a page."""
    actor = require_role(actor, Role.customer)
    number = page if isinstance(page, int) and page > 0 else 1
    statement = select(PointsEntry).where(PointsEntry.user_id == actor.user_id)
    return paginate(
        session,
        statement,
        TableQuery(page=number, page_size=LEDGER_PAGE_SIZE, descending=True),
        sort_columns={},
        tie_breaker=PointsEntry.id,
        row=lambda r: _ledger_row(r[0]),
    )


@dataclass(frozen=True)
class PointsPage:
    points: PointsBalance
    gifts: list[GiftView]


def points_and_gifts(session: Session, actor: Actor | None) -> PointsPage:
    """Customers: their points now and the gifts on offer."""
    actor = require_role(actor, Role.customer)
    return PointsPage(balance(session, actor.user_id, utcnow()), gifts_on_offer(session))
