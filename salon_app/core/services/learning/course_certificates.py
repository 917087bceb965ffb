"""Course certificates: issued on completion (of the lessons and quiz, or by attending a
training event that completes the course), verified by anyone by serial.

Rule: a technician holds at most one valid certificate per course; issuing a new one (a
renewal) archives the old in the same transaction. A course with `valid_days` gives
certificates that expire that many days after issue; others never expire. Serials are
"SC" + the issue date (yymmdd) + 8 random characters without look-alikes (0/O, 1/I).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, select

from salon_app.core.models import Course, CourseCertificate, Technician

SERIAL_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_serial(at: datetime) -> str:
    return f"SC{at:%y%m%d}" + "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(8))


def issue_certificate(
    session: Session, technician_id: int, course: Course, at: datetime
) -> CourseCertificate:
    """A new valid certificate of `course` for the technician; the previous valid one (if any)
    is archived. Not committed: the caller commits with the completion that earned it. Call
    under a lock the caller holds for this technician and course (the completion's)."""
    session.get(Technician, technician_id, with_for_update=True)
    for old in session.exec(
        select(CourseCertificate).where(
            CourseCertificate.technician_id == technician_id,
            CourseCertificate.course_id == course.id,
            CourseCertificate.status == "valid",
        )
    ).all():
        old.status, old.archived_at = "archived", at
        session.add(old)
    expires = at + timedelta(days=course.valid_days) if course.valid_days else None
    cert = CourseCertificate(
        serial=new_serial(at),
        course_id=course.id,
        technician_id=technician_id,
        issued_at=at,
        expires_at=expires,
    )
    session.add(cert)
    session.flush()
    return cert
