"""Challenges: finish N lessons between two local days and earn a badge.

Rules: operators (Permission.manage_learning, audited) create platform challenges for every
technician; a shop (Capability.manage_learning) creates challenges for its own technicians.
A challenge has a title (1-40), a badge name (1-20), a goal of 1-50 lessons and a window of
local days (first day to last day, at most 92 days, not ending in the past). A technician
earns the badge when the lessons they finished in the window (LessonProgress.done_at within
it) reach the goal: exactly once (Badge is unique per challenge and technician, so the job,
the lesson-done hook and two workers award it once). `award_badges` is the set-based job
(every few minutes: jobs/frequent); `award_badges_for` the hook a finished lesson may call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, not_, or_, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Badge, Challenge, LessonProgress, Role, Technician
from salon_app.core.services import audit
from salon_app.core.services.access import Actor, require_technician
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.certificates import day_start
from salon_app.core.services.merchants import Capability, require_shop
from salon_app.core.services.notifications import notify
from salon_app.core.settings import get_settings

TITLE_MAX, BADGE_MAX, GOAL_MAX, SPAN_MAX_DAYS = 40, 20, 50, 92


@dataclass(frozen=True)
class ChallengeRow:
    id: int
    title: str
    badge: str
    goal: int
    first_day: date
    last_day: date
    shop_id: int | None
    awarded: int  # badges earned so far
    mine: int = 0  # for a technician: lessons finished in the window
    earned: bool = False  # for a technician: the badge is theirs


def _title(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError("validation.required", field="field.challenge_title")
    if len(value) > TITLE_MAX:
        raise DomainError("validation.too_long", field="field.challenge_title", max=TITLE_MAX)
    return value


def _badge(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError("validation.required", field="field.badge_name")
    if len(value) > BADGE_MAX:
        raise DomainError("validation.too_long", field="field.badge_name", max=BADGE_MAX)
    return value


def create_challenge(
    session: Session,
    actor: Actor | None,
    title: str,
    goal_lessons: int,
    first_day: date | None,
    last_day: date | None,
    badge: str,
) -> Challenge:
    """A platform challenge (an operator's) or the shop's own (see the module rules)."""
    if actor is not None and actor.role == Role.admin:
        actor = require_admin(session, actor, Permission.manage_learning)
        shop_id = None
    else:
        shop_id = require_shop(session, actor, Capability.manage_learning).merchant_id
    title, badge = _title(title), _badge(badge)
    if not isinstance(goal_lessons, int) or not 1 <= goal_lessons <= GOAL_MAX:
        raise DomainError("challenge.goal_invalid", max=GOAL_MAX)
    if first_day is None or last_day is None:
        raise DomainError("validation.required", field="field.challenge_days")
    if last_day < first_day or last_day < local_today():
        raise DomainError("challenge.days_invalid")
    if (last_day - first_day).days + 1 > SPAN_MAX_DAYS:
        raise DomainError("challenge.too_long", max=SPAN_MAX_DAYS)
    now = utcnow()
    row = Challenge(
        title=title, merchant_id=shop_id, goal_lessons=goal_lessons,
        starts_at=day_start(first_day), ends_at=day_start(last_day + timedelta(days=1)),
        badge=badge, created_by=actor.user_id, created_at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    if shop_id is None:
        audit.record(session, actor, "challenge.created", "challenge", row.id, title=title)
    session.commit()
    session.refresh(row)
    return row


def _earners(session: Session, challenge: Challenge, technician_id: int | None = None) -> list[Any]:
    """Technicians whose finished lessons in the window reach the goal, without the badge."""
    query = (
        select(LessonProgress.technician_id, Technician.user_id)
        .join(Technician, col(Technician.id) == LessonProgress.technician_id)
        .where(
            col(LessonProgress.done_at) >= challenge.starts_at,
            col(LessonProgress.done_at) < challenge.ends_at,
            not_(
                select(Badge.id)
                .where(
                    Badge.challenge_id == challenge.id,
                    col(Badge.technician_id) == LessonProgress.technician_id,
                )
                .exists()
            ),
        )
        .group_by(LessonProgress.technician_id, Technician.user_id)
        .having(func.count(col(LessonProgress.id)) >= challenge.goal_lessons)
        .order_by(LessonProgress.technician_id)
    )
    if challenge.merchant_id is not None:
        query = query.where(Technician.merchant_id == challenge.merchant_id)
    if technician_id is not None:
        query = query.where(LessonProgress.technician_id == technician_id)
    return list(session.exec(query).all())


def _award(session: Session, challenge: Challenge, earners: list[Any], now: datetime) -> int:
    awarded = 0
    for tech_id, user_id in earners:
        try:
            with session.begin_nested():
                session.add(
                    Badge(
                        challenge_id=challenge.id,
                        technician_id=tech_id,
                        name=challenge.badge,
                        awarded_at=now,
                    )
                )
        except IntegrityError:  # awarded a moment ago (another worker, the hook)
            continue
        notify(session, user_id, "challenge.badge_notice", badge=challenge.badge)
        awarded += 1
    return awarded


def _open(now: datetime) -> list[Any]:
    """Challenges that have started and ended less than a day ago (late progress counts)."""
    return [
        col(Challenge.starts_at) <= now,
        col(Challenge.ends_at) > now - timedelta(days=1),
    ]


def award_badges(session: Session, now: datetime | None = None) -> int:
    """The job: award every badge due (set-based per open challenge); returns how many."""
    now = now or utcnow()
    awarded = 0
    for challenge in session.exec(select(Challenge).where(*_open(now)).order_by(Challenge.id)):
        awarded += _award(session, challenge, _earners(session, challenge), now)
    session.commit()
    return awarded


def award_badges_for(session: Session, technician_id: int, now: datetime | None = None) -> int:
    """The lesson-done hook: the technician's badges now due (not committed)."""
    now = now or utcnow()
    tech = session.get(Technician, technician_id)
    if tech is None:
        return 0
    challenges = session.exec(
        select(Challenge)
        .where(
            *_open(now),
            or_(col(Challenge.merchant_id).is_(None), Challenge.merchant_id == tech.merchant_id),
        )
        .order_by(Challenge.id)
    ).all()
    return sum(_award(session, c, _earners(session, c, technician_id), now) for c in challenges)


def _rows(session: Session, where: list[Any], tech: Technician | None = None) -> list[ChallengeRow]:
    awarded = (
        select(func.count(col(Badge.id)))
        .where(col(Badge.challenge_id) == Challenge.id)
        .correlate(Challenge)
        .scalar_subquery()
    )
    rows = session.exec(
        select(Challenge, awarded)
        .where(*where)
        .order_by(col(Challenge.starts_at).desc(), Challenge.id)
    ).all()
    mine: dict[int, int] = {}
    earned: set[int] = set()
    if tech is not None and rows:
        for c, _ in rows:
            mine[c.id] = session.exec(
                select(func.count(col(LessonProgress.id))).where(
                    LessonProgress.technician_id == tech.id,
                    col(LessonProgress.done_at) >= c.starts_at,
                    col(LessonProgress.done_at) < c.ends_at,
                )
            ).one()
        earned = set(
            session.exec(select(Badge.challenge_id).where(Badge.technician_id == tech.id)).all()
        )
    tz = ZoneInfo(get_settings().timezone)
    return [
        ChallengeRow(
            c.id,
            c.title,
            c.badge,
            c.goal_lessons,
            c.starts_at.astimezone(tz).date(),
            (c.ends_at.astimezone(tz) - timedelta(days=1)).date(),
            c.merchant_id,
            n,
            mine.get(c.id, 0),
            c.id in earned,
        )
        for c, n in rows
    ]


def challenge_board(session: Session, actor: Actor | None) -> list[ChallengeRow]:
    """Operators see the platform's challenges, a shop its own; newest first."""
    if actor is not None and actor.role == Role.admin:
        require_admin(session, actor, Permission.manage_learning)
        return _rows(session, [col(Challenge.merchant_id).is_(None)])
    seat = require_shop(session, actor, Capability.manage_learning)
    return _rows(session, [Challenge.merchant_id == seat.merchant_id])


def my_challenges(session: Session, actor: Actor | None) -> list[ChallengeRow]:
    """The technician's current challenges (platform's and their shop's, not ended more than
    a week ago) with their own count and whether the badge is theirs."""
    tech = session.get(Technician, require_technician(actor))
    shop = or_(col(Challenge.merchant_id).is_(None), Challenge.merchant_id == tech.merchant_id)
    recent = col(Challenge.ends_at) > utcnow() - timedelta(days=7)
    return _rows(session, [shop, recent], tech)
