"""Reminders before a certificate expires: 30 days and 7 days before, each sent once.

`remind_expiring_certificates` is what the daily job calls. A certificate (not rejected)
whose expiry date lies within 30 local days gets the reminder of the nearest threshold it
has reached (7 when 7 or fewer days are left, else 30), unless that one was sent for this
expiry date already; a CertificateReminder row (unique per certificate, threshold and expiry
date) is the proof, so running the job twice, or on two workers at once, sends nothing
twice. A renewed certificate (a new expiry date) is reminded again when its time comes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Certificate, CertificateReminder, Technician
from salon_app.core.services.notifications import notify
from salon_app.core.settings import get_settings

THRESHOLDS = (7, 30)  # days before expiry, nearest first


def remind_expiring_certificates(session: Session, now: datetime | None = None) -> int:
    """Send the reminders that are due; returns how many were sent."""
    now = now or utcnow()
    today = now.astimezone(ZoneInfo(get_settings().timezone)).date()
    rows = session.exec(
        select(Certificate, Technician.user_id)
        .join(Technician, col(Technician.id) == Certificate.technician_id)
        .where(
            col(Certificate.status) != "rejected",
            col(Certificate.expires_on) >= today,
            col(Certificate.expires_on) <= today + timedelta(days=max(THRESHOLDS)),
        )
        .order_by(Certificate.id)
    ).all()
    sent = 0
    for cert, user_id in rows:
        days_left = (cert.expires_on - today).days
        threshold = next(t for t in THRESHOLDS if days_left <= t)
        done = session.exec(
            select(CertificateReminder.id).where(
                CertificateReminder.certificate_id == cert.id,
                CertificateReminder.days_before == threshold,
                CertificateReminder.expires_on == cert.expires_on,
            )
        ).first()
        if done is not None:
            continue
        try:
            with session.begin_nested():
                session.add(
                    CertificateReminder(
                        certificate_id=cert.id,
                        days_before=threshold,
                        expires_on=cert.expires_on,
                        sent_at=now,
                    )
                )
        except IntegrityError:  # another run sent it a moment ago
            continue
        notify(
            session,
            user_id,
            "certificate.expiring_notice",
            name=cert.name,
            days=days_left,
            date=cert.expires_on.isoformat(),
        )
        sent += 1
    session.commit()
    return sent
