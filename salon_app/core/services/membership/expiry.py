"""Points expiry and the reminder before it: daily jobs, safe to run twice and at any hour.

Rule: a batch whose `expires_at` has passed loses exactly what is left of it: one "expire" row
per batch (key "expire:<batch id>") drawing that rest from that batch alone, so a batch partly
spent expires only the rest, and a second run finds nothing left (and the key would refuse it
anyway). Work goes in transactions of EXPIRY_BATCH batches. REMIND_DAYS before points expire the
customer gets one notification per expiry day (local date) saying how many points expire then;
the PointsReminder row's unique (user, day) keeps it to one, also on two workers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from salon_app.core.models import PointsDraw, PointsEntry, PointsReminder
from salon_app.core.services.membership.levels import local_date
from salon_app.core.services.membership.points import debit
from salon_app.core.services.notifications import notify

EXPIRY_BATCH = 500  # expired batches handled per transaction
REMIND_DAYS = 30


@dataclass(frozen=True)
class ExpiryRun:
    batches: int  # expired batches written off
    points: int  # points they still held


def _batches_with_points_left() -> Select:
    """(batch id, user id, expires_at, points left) of batches with an expiry and points left."""
    drawn = (
        select(PointsDraw.batch_id, func.sum(PointsDraw.amount).label("drawn"))
        .group_by(PointsDraw.batch_id)
        .subquery()
    )
    left = PointsEntry.amount - func.coalesce(drawn.c.drawn, 0)
    query = (
        select(PointsEntry.id, PointsEntry.user_id, PointsEntry.expires_at, left.label("left"))
        .outerjoin(drawn, drawn.c.batch_id == PointsEntry.id)
        .where(PointsEntry.amount > 0, col(PointsEntry.expires_at).is_not(None), left > 0)
    )
    return query


def expire_points(session: Session, now: datetime) -> ExpiryRun:
    """Write off what is left of every batch expired by `now` (module rule); commits per
    EXPIRY_BATCH batches."""
    batches = points = 0
    while True:
        rows = session.exec(
            _batches_with_points_left()
            .where(col(PointsEntry.expires_at) <= now)
            .order_by(PointsEntry.expires_at, PointsEntry.id)
            .limit(EXPIRY_BATCH)
        ).all()
        written = 0
        for batch_id, user_id, _, left in rows:
            entry = debit(
                session,
                user_id,
                "expire",
                int(left),
                f"expire:{batch_id}",
                now,
                allow_debt=True,
                first_batch_id=batch_id,
            )
            if entry is not None:
                written += 1
                points += int(left)
        session.commit()
        batches += written
        if len(rows) < EXPIRY_BATCH or written == 0:
            return ExpiryRun(batches, points)


def remind_expiring(session: Session, now: datetime) -> int:
    """Tell each customer whose points expire within REMIND_DAYS (and not yet) how many expire
    on which day, once per (customer, day); returns how many reminders were sent."""
    horizon = now + timedelta(days=REMIND_DAYS)
    rows = session.exec(
        _batches_with_points_left()
        .where(col(PointsEntry.expires_at) > now, col(PointsEntry.expires_at) <= horizon)
        .order_by(PointsEntry.user_id, PointsEntry.expires_at, PointsEntry.id)
    ).all()
    due: dict[tuple[int, date], int] = defaultdict(int)
    for _, user_id, expires_at, left in rows:
        due[(user_id, local_date(expires_at))] += int(left)
    sent = 0
    for (user_id, day), points in sorted(due.items()):
        done = session.exec(
            select(PointsReminder.id).where(
                PointsReminder.user_id == user_id, PointsReminder.expires_on == day
            )
        ).first()
        if done is not None:
            continue
        try:
            with session.begin_nested():
                session.add(
                    PointsReminder(user_id=user_id, expires_on=day, points=points, sent_at=now)
                )
        except IntegrityError:  # another worker sent it a moment ago
            continue
        notify(session, user_id, "notify.points_expiring", points=points, date=day.isoformat())
        sent += 1
    session.commit()
    return sent


def points_upkeep(session: Session, now: datetime) -> tuple[ExpiryRun, int]:
    """The daily job: expire, then remind (core/jobs/schedule.py)."""
    return expire_points(session, now), remind_expiring(session, now)
