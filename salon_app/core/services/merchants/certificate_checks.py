"""A shop checks certificates: of its own technicians and of those applying to it.

Verifying or rejecting (with a reason) goes through certificates.decide (pending only, once,
the technician notified). The private scan is readable here by staff allowed to verify; any
other technician's certificate is "not found" to the shop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists
from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.models import Certificate, Technician, TechnicianApplication
from salon_app.core.services.access import Actor
from salon_app.core.services.certificates import decide
from salon_app.core.services.merchants.shop_roles import Capability, require_shop

EXPIRING_DAYS = 30


@dataclass(frozen=True)
class CertificateRow:
    id: int
    cert_type: str
    name: str
    number: str
    issuer: str
    issued_on: date | None
    expires_on: date | None
    status: str  # pending | verified | rejected
    status_reason: str
    has_scan: bool
    expired: bool
    expiring_soon: bool  # within EXPIRING_DAYS


def certificate_rows(session: Session, technician_id: int, today: date) -> list[CertificateRow]:
    """A technician's certificates as reviewers see them (callers check who asks)."""
    rows = session.exec(
        select(Certificate)
        .where(Certificate.technician_id == technician_id)
        .order_by(Certificate.id)
    ).all()
    soon = today + timedelta(days=EXPIRING_DAYS)
    return [
        CertificateRow(
            c.id,
            c.cert_type,
            c.name,
            c.number,
            c.issuer,
            c.issued_on,
            c.expires_on,
            c.status,
            c.status_reason,
            bool(c.scan_path),
            c.expires_on is not None and c.expires_on < today,
            c.expires_on is not None and today <= c.expires_on <= soon,
        )
        for c in rows
    ]


def reviewable(session: Session, merchant_id: int, technician_id: int) -> bool:
    """The technician works for the shop or has a pending application to it."""
    applying = exists().where(
        col(TechnicianApplication.technician_id) == technician_id,
        TechnicianApplication.merchant_id == merchant_id,
        TechnicianApplication.status == "pending",
    )
    return bool(
        session.exec(
            select(
                exists().where(
                    col(Technician.id) == technician_id, Technician.merchant_id == merchant_id
                )
                | applying
            )
        ).one()
    )


def _shop_certificate(session: Session, actor: Actor | None, certificate_id: int) -> Certificate:
    seat = require_shop(session, actor, Capability.verify_certificates)
    row = session.get(Certificate, certificate_id)
    if row is None or not reviewable(session, seat.merchant_id, row.technician_id):
        raise DomainError("tech_profile.certificate_not_found")
    return row


def shop_verify_certificate(
    session: Session, actor: Actor | None, certificate_id: int
) -> Certificate:
    """Verify a pending certificate of the shop's technician or applicant."""
    row = _shop_certificate(session, actor, certificate_id)
    return decide(session, actor, row, verified=True)


def shop_reject_certificate(
    session: Session, actor: Actor | None, certificate_id: int, reason: str
) -> Certificate:
    """Reject a pending certificate of the shop's technician or applicant, with a reason."""
    row = _shop_certificate(session, actor, certificate_id)
    return decide(session, actor, row, verified=False, reason=reason)


def shop_certificate_scan(
    session: Session, actor: Actor | None, certificate_id: int
) -> bytes | None:
    """The private scan (JPEG bytes) for the shop's reviewer, or None when there is none."""
    row = _shop_certificate(session, actor, certificate_id)
    return storage.read_private(row.scan_path) if row.scan_path else None
