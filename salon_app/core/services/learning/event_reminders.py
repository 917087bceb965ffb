"""Reminders 24 hours before a training event: once per seated sign-up.

The job (core/jobs/frequent.py, every few minutes) finds seated sign-ups of published events
starting within the next 24 hours that were not reminded, and sets reminded_at with a
conditional UPDATE ... WHERE reminded_at IS NULL before notifying: two workers running it at
once send each reminder once. A new time clears reminded_at (events.update_event); someone
promoted from the waitlist inside the 24 hours is reminded by the next run.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from salon_app.core.models import EventSignup, Technician, TrainingEvent
from salon_app.core.services.learning.event_rules import REMIND_BEFORE, event_time
from salon_app.core.services.notifications import notify


def remind_upcoming_events(session: Session, now: datetime) -> int:
    """Notify each seated technician once, 24 hours (or less, if they joined later) before the
    start; returns how many reminders this run sent."""
    due = session.exec(
        select(EventSignup.id, Technician.user_id, TrainingEvent)
        .join(TrainingEvent, col(TrainingEvent.id) == EventSignup.event_id)
        .join(Technician, col(Technician.id) == EventSignup.technician_id)
        .where(
            EventSignup.status == "seated",
            col(EventSignup.reminded_at).is_(None),
            TrainingEvent.status == "published",
            col(TrainingEvent.starts_at) > now,
            col(TrainingEvent.starts_at) <= now + REMIND_BEFORE,
        )
        .order_by(col(TrainingEvent.starts_at), col(EventSignup.id))
    ).all()
    sent = 0
    for signup_id, user_id, event in due:
        claimed = session.execute(
            update(EventSignup)
            .where(col(EventSignup.id) == signup_id, col(EventSignup.reminded_at).is_(None))
            .values(reminded_at=now)
        ).rowcount
        if claimed == 1:
            notify(session, user_id, "notify.event_reminder", title=event.title,
                   when=event_time(event), place=event.place)  # fmt: skip
            sent += 1
    session.commit()
    return sent
