"""Operators edit the member levels (/admin/membership, Permission.manage_marketing).

Rule: a level has a name (1–20 characters), a growth threshold, a member price between 50% and
100% of the technician's price (discount_bp 5_000–10_000) and a points multiplier between 100%
and 500%. The first level (rank 0) starts at growth 0, and thresholds strictly increase with
rank. A change that breaks a rule is refused as a whole with a clear message; every saved change
is audited. Members keep their level until growth lifts them (at once) or their review lowers
them; a changed threshold takes effect at those moments.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import func
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import MemberLevel, Membership
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.membership.levels import LevelView, level_table

DISCOUNT_MIN_BP, DISCOUNT_MAX_BP = 5_000, 10_000
MULTIPLIER_MIN_PCT, MULTIPLIER_MAX_PCT = 100, 500
NAME_MAX = 20
MAX_LEVELS = 10


@dataclass(frozen=True)
class LevelInput:
    name: str
    growth_threshold: int
    discount_bp: int
    points_multiplier_pct: int


@dataclass(frozen=True)
class LevelRow:
    level: LevelView
    members: int  # customers at this level now


def level_rows(session: Session, actor: Actor | None) -> list[LevelRow]:
    """Operators with manage_marketing: every level, lowest first, with its member count."""
    require_admin(session, actor, Permission.manage_marketing)
    counts = dict(
        session.exec(
            select(Membership.level_rank, func.count())
            .group_by(Membership.level_rank)
            .order_by(Membership.level_rank)
        ).all()
    )
    return [LevelRow(v, int(counts.get(v.rank, 0))) for v in level_table(session)]


def _check(data: LevelInput) -> LevelInput:
    name = (data.name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise DomainError("membership.level_name", max=NAME_MAX)
    if data.growth_threshold < 0:
        raise DomainError("membership.threshold_negative")
    if not DISCOUNT_MIN_BP <= data.discount_bp <= DISCOUNT_MAX_BP:
        raise DomainError("membership.discount_range")
    if not MULTIPLIER_MIN_PCT <= data.points_multiplier_pct <= MULTIPLIER_MAX_PCT:
        raise DomainError("membership.multiplier_range")
    return LevelInput(name, data.growth_threshold, data.discount_bp, data.points_multiplier_pct)


def _check_order(thresholds: list[int]) -> None:
    """Thresholds by rank: the first 0, then strictly increasing."""
    if thresholds and thresholds[0] != 0:
        raise DomainError("membership.first_level_threshold")
    for lower, higher in pairwise(thresholds):
        if higher <= lower:
            raise DomainError("membership.threshold_order")


def save_level(
    session: Session, actor: Actor | None, level_id: int | None, data: LevelInput
) -> int:
    """Operators with manage_marketing: change a level (`level_id`) or add one above the
    highest (None); returns its id. Refused as a whole when a rule breaks (module rule)."""
    actor = require_admin(session, actor, Permission.manage_marketing)
    data = _check(data)
    levels = session.exec(select(MemberLevel).order_by(MemberLevel.rank)).all()
    if level_id is None:
        if len(levels) >= MAX_LEVELS:
            raise DomainError("membership.too_many_levels", max=MAX_LEVELS)
        row = MemberLevel(rank=(levels[-1].rank + 1) if levels else 0, name=data.name)
        thresholds = [lv.growth_threshold for lv in levels] + [data.growth_threshold]
        before: dict[str, object] = {}
    else:
        row = next((lv for lv in levels if lv.id == level_id), None)
        if row is None:
            raise DomainError("membership.level_missing")
        thresholds = [
            data.growth_threshold if lv.id == level_id else lv.growth_threshold for lv in levels
        ]
        before = {
            "name": row.name,
            "threshold": row.growth_threshold,
            "discount_bp": row.discount_bp,
            "multiplier_pct": row.points_multiplier_pct,
        }
    _check_order(thresholds)
    if any(lv.name == data.name and lv.id != level_id for lv in levels):
        raise DomainError("membership.level_name_taken", name=data.name)
    row.name, row.growth_threshold = data.name, data.growth_threshold
    row.discount_bp, row.points_multiplier_pct = data.discount_bp, data.points_multiplier_pct
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "membership.level_saved",
        "member_level",
        row.id,
        before=before,
        name=row.name,
        threshold=row.growth_threshold,
        discount_bp=row.discount_bp,
        multiplier_pct=row.points_multiplier_pct,
    )
    session.commit()
    return row.id
