"""Reminders before a course certificate expires: 30 days and 7 days before, each sent once.

`remind_expiring_course_certificates` is what the daily job calls. A valid course certificate
whose last valid local day (the local day of `expires_at`, course_rule) is within 30 days
gets the reminder of the nearest threshold it has reached (7 when 7 or fewer days are left,
else 30) unless it was sent already; a CourseCertificateReminder row (unique per certificate
and threshold) is the proof, so running the job twice, or on two workers at once, sends
nothing twice. A renewal issues a new certificate, reminded again when its time comes; an
archived or revoked one is not reminded. Past its last valid day it stops qualifying by the
date rule alone (no job needed).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.models import (
    Course,
    CourseCertificate,
    CourseCertificateReminder,
    Technician,
)
from salon_app.core.services.certificates.course_rule import day_start
from salon_app.core.services.certificates.reminders import THRESHOLDS
from salon_app.core.services.notifications import notify
from salon_app.core.settings import get_settings


def remind_expiring_course_certificates(session: Session, now: datetime | None = None) -> int:
    """Send the course certificate reminders that are due; returns how many were sent."""
    now = now or utcnow()
    tz = ZoneInfo(get_settings().timezone)
    today = now.astimezone(tz).date()
    rows = session.exec(
        select(CourseCertificate, Course.title, Technician.user_id)
        .join(Course, col(Course.id) == CourseCertificate.course_id)
        .join(Technician, col(Technician.id) == CourseCertificate.technician_id)
        .where(
            col(CourseCertificate.status) == "valid",
            col(CourseCertificate.expires_at) >= day_start(today),
            col(CourseCertificate.expires_at) < day_start(today + timedelta(days=31)),
        )
        .order_by(CourseCertificate.id)
    ).all()
    sent = 0
    for cert, title, user_id in rows:
        last_day = cert.expires_at.astimezone(tz).date()
        days_left = (last_day - today).days
        threshold = next(t for t in THRESHOLDS if days_left <= t)
        done = session.exec(
            select(CourseCertificateReminder.id).where(
                CourseCertificateReminder.course_certificate_id == cert.id,
                CourseCertificateReminder.days_before == threshold,
            )
        ).first()
        if done is not None:
            continue
        try:
            with session.begin_nested():
                session.add(
                    CourseCertificateReminder(
                        course_certificate_id=cert.id, days_before=threshold, sent_at=now
                    )
                )
        except IntegrityError:  # another run sent it a moment ago
            continue
        notify(
            session,
            user_id,
            "course_certificate.expiring_notice",
            name=title,
            days=days_left,
            date=last_day.isoformat(),
        )
        sent += 1
    session.commit()
    return sent
