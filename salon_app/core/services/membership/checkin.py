"""Daily check-in (每日签到): one per customer per Shanghai day, with streaks and bonus days.

Rule: the day is the local date (settings.timezone) of the check-in; a second check-in the same
day is refused with checkin.already, also when two arrive at once (the points lock serialises
them and the unique (user, day) constraint is the last word). The streak counts consecutive
days: it goes on from yesterday's check-in and restarts at 1 after a missed day. Each check-in
earns `daily_points` (a batch valid VALID_DAYS) and GROWTH_PER_CHECKIN growth; a bonus is added
on every 7th day of a streak (weekly mode) or on the day the month's check-ins reach
`month_days` (monthly mode). The mode and the figures are settings (CheckInRule.from_env:
SALON_CHECKIN_MODE, _POINTS, _BONUS, _MONTH_DAYS); docs/decisions.md says why.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import CheckIn, Role
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.membership.growth import add_growth
from salon_app.core.services.membership.levels import local_date
from salon_app.core.services.membership.points import credit, lock_points

VALID_DAYS = 365
GROWTH_PER_CHECKIN = 1
WEEK = 7
MODES = ("weekly", "monthly")


@dataclass(frozen=True)
class CheckInRule:
    mode: str = "weekly"  # weekly: bonus on each 7th day of a streak; monthly: at month_days
    daily_points: int = 5
    bonus_points: int = 20
    month_days: int = 10  # monthly mode: the bonus comes with the month's 10th check-in

    @classmethod
    def from_env(cls) -> CheckInRule:
        d = cls()
        mode = os.environ.get("SALON_CHECKIN_MODE", d.mode)
        return cls(
            mode=mode if mode in MODES else d.mode,
            daily_points=int(os.environ.get("SALON_CHECKIN_POINTS", d.daily_points)),
            bonus_points=int(os.environ.get("SALON_CHECKIN_BONUS", d.bonus_points)),
            month_days=int(os.environ.get("SALON_CHECKIN_MONTH_DAYS", d.month_days)),
        )


@lru_cache(maxsize=1)
def checkin_rule() -> CheckInRule:
    return CheckInRule.from_env()


@dataclass(frozen=True)
class CheckInResult:
    day: date
    streak: int
    points: int  # daily points plus any bonus
    bonus: int


def bonus_for(rule: CheckInRule, streak: int, checkins_this_month: int) -> int:
    """The bonus of a check-in: its streak (weekly) or its count in the month (monthly)."""
    if rule.mode == "monthly":
        return rule.bonus_points if checkins_this_month == rule.month_days else 0
    return rule.bonus_points if streak % WEEK == 0 else 0


def _month_count(session: Session, user_id: int, day: date) -> int:
    first = day.replace(day=1)
    return int(
        session.exec(
            select(func.count())
            .select_from(CheckIn)
            .where(CheckIn.user_id == user_id, col(CheckIn.day) >= first, col(CheckIn.day) <= day)
        ).one()
    )


def check_in(
    session: Session, actor: Actor | None, rule: CheckInRule | None = None
) -> CheckInResult:
    """Customers: today's check-in with its points, bonus and growth (module rule)."""
    actor = require_role(actor, Role.customer)
    rule, now = rule or checkin_rule(), utcnow()
    uid, day = actor.user_id, local_date(now)
    lock_points(session, uid)
    if session.exec(select(CheckIn.id).where(CheckIn.user_id == uid, CheckIn.day == day)).first():
        session.rollback()
        raise DomainError("checkin.already")
    yesterday = session.exec(
        select(CheckIn.streak).where(CheckIn.user_id == uid, CheckIn.day == day - timedelta(1))
    ).first()
    streak = (yesterday or 0) + 1
    row = CheckIn(user_id=uid, day=day, streak=streak, created_at=now)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # the other click's check-in landed first
        session.rollback()
        raise DomainError("checkin.already") from None
    bonus = bonus_for(rule, streak, _month_count(session, uid, day))
    row.points = rule.daily_points + bonus
    if row.points > 0:
        credit(
            session,
            uid,
            "checkin",
            row.points,
            f"checkin:{uid}:{day.isoformat()}",
            now,
            expires_at=now + timedelta(days=VALID_DAYS),
        )
    add_growth(session, uid, "checkin", GROWTH_PER_CHECKIN, f"checkin:{uid}:{day.isoformat()}", now)
    session.add(row)
    session.commit()
    return CheckInResult(day, streak, row.points, bonus)


@dataclass(frozen=True)
class CheckInMonth:
    today: date
    days: tuple[date, ...]  # the month's days the customer checked in
    streak: int  # the current streak (0 when neither today nor yesterday was checked in)
    checked_today: bool
    rule: CheckInRule


def checkin_month(session: Session, user_id: int, today: date) -> CheckInMonth:
    """The customer's check-ins in `today`'s month and the streak going on now."""
    first = today.replace(day=1)
    rows = session.exec(
        select(CheckIn)
        .where(CheckIn.user_id == user_id, col(CheckIn.day) >= first, col(CheckIn.day) <= today)
        .order_by(CheckIn.day)
    ).all()
    last = session.exec(
        select(CheckIn)
        .where(CheckIn.user_id == user_id, col(CheckIn.day) >= today - timedelta(1))
        .order_by(col(CheckIn.day).desc())
    ).first()
    streak = last.streak if last is not None and last.day <= today else 0
    checked = any(r.day == today for r in rows)
    return CheckInMonth(today, tuple(r.day for r in rows), streak, checked, checkin_rule())
