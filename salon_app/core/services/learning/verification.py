"""The public check of a course certificate by its serial (/verify?serial=…, no login).

It shows what a customer or a shop needs to trust it and nothing more: the course, the
holder's display name (never a phone number), when it was issued and expires, and its status:
valid, expired, or archived (superseded by a renewal, or revoked). Serials are compared
without case or surrounding spaces; an unknown one is learning.certificate_not_found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Course, CourseCertificate, Technician
from salon_app.core.services.learning.course_views import shown_status

SERIAL_MAX = 24


@dataclass(frozen=True)
class CertificateCheck:
    serial: str
    course: str
    holder: str
    issued_at: datetime
    expires_at: datetime | None
    status: str  # valid, expired, archived


def verify_certificate(session: Session, serial: object) -> CertificateCheck:
    """Anyone (no actor): the certificate with this serial, or learning.certificate_not_found."""
    text = serial.strip().upper() if isinstance(serial, str) else ""
    if not text:
        raise DomainError("learning.serial_required")
    if len(text) > SERIAL_MAX:
        raise DomainError("learning.certificate_not_found")
    row = session.exec(
        select(CourseCertificate, Course.title, Technician.display_name)
        .join(Course, Course.id == CourseCertificate.course_id)
        .join(Technician, Technician.id == CourseCertificate.technician_id)
        .where(CourseCertificate.serial == text)
    ).first()
    if row is None:
        raise DomainError("learning.certificate_not_found")
    cert, course, holder = row
    return CertificateCheck(
        cert.serial, course, holder, cert.issued_at, cert.expires_at, shown_status(cert, utcnow())
    )
