"""Checking in at a training event, and what attendance earns.

Rules:
- A seated technician checks in with the code shown at the event, from 30 minutes before the
  start until the end ([start - 30 min, end): learning.checkin_not_open before,
  learning.checkin_closed from the end on). Waiting, cancelled or not signed up: refused.
- Every code entered is counted first (a conditional UPDATE ... WHERE checkin_attempts < 5),
  then compared: at most 5 codes per sign-up, even when sent at once, so six digits cannot be
  guessed (learning.checkin_locked; the organiser can still check them in by hand). A wrong
  code (or one for another event) is learning.wrong_code: nothing else changes.
- Attendance (status attended, checked_in_at) completes the linked course: the Enrollment is
  marked completed (created if the technician never enrolled) and a course certificate is
  issued (learning.issue_certificate); without a course, a CompletedTraining record with the
  organiser's name shows on the technician's profile. Once per sign-up (status seated ->
  attended is one conditional update).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import (
    CompletedTraining,
    Course,
    Enrollment,
    EventSignup,
    Technician,
    TrainingEvent,
)
from salon_app.core.services import audit
from salon_app.core.services.access import Actor, require_technician
from salon_app.core.services.learning.course_certificates import issue_certificate
from salon_app.core.services.learning.event_rules import (
    CHECKIN_MAX_ATTEMPTS,
    checkin_window,
    code_matches,
    event_for,
    organiser_name,
    technician,
)
from salon_app.core.services.learning.events import event_desk, own_event
from salon_app.core.settings import get_settings

CODE_MAX = 12


@dataclass(frozen=True)
class Attendance:
    title: str
    certificate_serial: str  # "" when the event had no course (a training record instead)


def _record_attendance(
    session: Session, event: TrainingEvent, technician_id: int, now: datetime
) -> Attendance:
    course = session.get(Course, event.course_id) if event.course_id else None
    if course is not None:
        enrollment = session.exec(
            select(Enrollment).where(
                Enrollment.course_id == course.id, Enrollment.technician_id == technician_id
            )
        ).first()
        if enrollment is None:
            enrollment = Enrollment(course_id=course.id, technician_id=technician_id,
                                    enrolled_at=now)  # fmt: skip
        if enrollment.completed_at is None:
            enrollment.completed_at = now
        session.add(enrollment)
        cert = issue_certificate(session, technician_id, course, now)
        return Attendance(event.title, cert.serial)
    hours = math.ceil((event.ends_at - event.starts_at).total_seconds() / 3600)
    session.add(
        CompletedTraining(
            technician_id=technician_id,
            course_name=event.title[:60],
            organiser=organiser_name(session, event)[:60],
            merchant_id=event.merchant_id,
            completed_on=event.starts_at.astimezone(ZoneInfo(get_settings().timezone)).date(),
            hours=max(1, hours),
            created_at=now,
        )
    )
    return Attendance(event.title, "")


def _attend(session: Session, event: TrainingEvent, row: EventSignup, now: datetime) -> Attendance:
    attended = session.execute(
        update(EventSignup)
        .where(col(EventSignup.id) == row.id, col(EventSignup.status) == "seated")
        .values(status="attended", checked_in_at=now)
    ).rowcount
    if attended != 1:
        session.rollback()
        raise DomainError("learning.checkin_done")
    return _record_attendance(session, event, row.technician_id, now)


def _seated(session: Session, event: TrainingEvent, technician_id: int) -> EventSignup:
    row = session.exec(
        select(EventSignup)
        .where(EventSignup.event_id == event.id, EventSignup.technician_id == technician_id)
        .execution_options(populate_existing=True)
    ).first()
    if row is None or row.status == "cancelled":
        raise DomainError("learning.event_not_signed_up")
    if row.status == "waiting":
        raise DomainError("learning.checkin_waiting")
    if row.status == "attended":
        raise DomainError("learning.checkin_done")
    return row


def check_in(session: Session, actor: Actor | None, event_id: int, code: str) -> Attendance:
    """Technicians: the code shown at the event, in its window, at most 5 tries (module rules)."""
    tech = technician(session, require_technician(actor))
    event = event_for(session, tech, event_id)
    if event.status != "published":
        raise DomainError("learning.event_cancelled", title=event.title)
    row = _seated(session, event, tech.id)
    now = utcnow()
    opens, closes = checkin_window(event)
    if now < opens:
        zone = ZoneInfo(get_settings().timezone)
        raise DomainError("learning.checkin_not_open", at=opens.astimezone(zone).strftime("%H:%M"))
    if now >= closes:
        raise DomainError("learning.checkin_closed")
    entered = "".join((code or "").split())[:CODE_MAX] if isinstance(code, str) else ""
    if not entered:
        raise DomainError("validation.required", field="field.checkin_code")
    counted = session.execute(
        update(EventSignup)
        .where(
            col(EventSignup.id) == row.id,
            col(EventSignup.status) == "seated",
            col(EventSignup.checkin_attempts) < CHECKIN_MAX_ATTEMPTS,
        )
        .values(checkin_attempts=EventSignup.checkin_attempts + 1)
    ).rowcount
    if counted != 1:
        session.rollback()
        raise DomainError("learning.checkin_locked")
    if not code_matches(event, entered):
        session.commit()  # the attempt counts; nothing else changes
        used = session.get(EventSignup, row.id, populate_existing=True).checkin_attempts
        raise DomainError("learning.wrong_code", left=max(0, CHECKIN_MAX_ATTEMPTS - used))
    done = _attend(session, event, row, now)
    session.commit()
    return done


def check_in_by_organiser(session: Session, actor: Actor | None, signup_id: int) -> Attendance:
    """The organiser marks a seated technician present (a phone without signal, too many wrong
    codes), in the same window; audited."""
    desk = event_desk(session, actor)
    row = session.get(EventSignup, signup_id, populate_existing=True)
    if row is None:
        raise PermissionDenied("learning.event_not_found")
    event = own_event(session, desk, row.event_id)
    if event.status != "published":
        raise DomainError("learning.event_cancelled", title=event.title)
    row = _seated(session, event, row.technician_id)
    now = utcnow()
    opens, closes = checkin_window(event)
    if not opens <= now < closes:
        raise DomainError("learning.checkin_outside_window")
    done = _attend(session, event, row, now)
    tech = session.get(Technician, row.technician_id)
    audit.record(session, actor, "event.check_in", "event_signup", row.id, event_id=event.id,
                 technician=tech.display_name if tech else "")  # fmt: skip
    session.commit()
    return done
