"""A shop checks certificates: of its own technicians and of those applying to it.

Verifying or rejecting (with a reason) goes through certificates.decide (pending only, once,
the technician notified). The private scan is readable here by staff allowed to verify; any
other technician's certificate is "not found" to the shop. The shop's check list holds what
needs a look: pending certificates, and those expired or expiring within EXPIRING_DAYS.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists, or_
from sqlmodel import Session, col, select

from salon_app.core.clock import local_today
from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.models import Certificate, Technician, TechnicianApplication
from salon_app.core.paging import Page, TableQuery, paginate
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


@dataclass(frozen=True)
class CertificateCheck:
    """A row of the shop's certificate check list."""

    technician_id: int
    technician_name: str
    applicant: bool  # applying to the shop, not (yet) one of its technicians
    certificate: CertificateRow


CHECK_SORTS = ("technician", "expires_on", "name")


def _row_of(c: Certificate, today: date) -> CertificateRow:
    soon = today + timedelta(days=EXPIRING_DAYS)
    return CertificateRow(
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


def certificates_to_check(
    session: Session, actor: Actor | None, query: TableQuery
) -> Page[CertificateCheck]:
    """One page of the certificates of the shop's technicians and applicants that need a look
    (see the module docstring), searched by technician, certificate name or number."""
    seat = require_shop(session, actor, Capability.verify_certificates)
    today = local_today()
    applying = select(TechnicianApplication.technician_id).where(
        TechnicianApplication.merchant_id == seat.merchant_id,
        TechnicianApplication.status == "pending",
    )
    statement = (
        select(Certificate, Technician.display_name, Technician.merchant_id)
        .join(Technician, col(Technician.id) == Certificate.technician_id)
        .where(
            or_(
                Technician.merchant_id == seat.merchant_id,
                col(Technician.id).in_(applying),
            ),
            or_(
                col(Certificate.status) == "pending",
                col(Certificate.expires_on) <= today + timedelta(days=EXPIRING_DAYS),
            ),
        )
    )
    return paginate(
        session,
        statement,
        query,
        sort_columns={
            "technician": col(Technician.display_name),
            "expires_on": col(Certificate.expires_on),
            "name": col(Certificate.name),
        },
        tie_breaker=col(Certificate.id),
        search_columns=[
            col(Technician.display_name),
            col(Certificate.name),
            col(Certificate.number),
        ],
        row=lambda r: CertificateCheck(
            r[0].technician_id, r[1], r[2] != seat.merchant_id, _row_of(r[0], today)
        ),
    )


def certificate_rows(session: Session, technician_id: int, today: date) -> list[CertificateRow]:
    """A technician's certificates as reviewers see them (callers check who asks)."""
    rows = session.exec(
        select(Certificate)
        .where(Certificate.technician_id == technician_id)
        .order_by(Certificate.id)
    ).all()
    return [_row_of(c, today) for c in rows]


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
