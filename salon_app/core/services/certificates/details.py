"""A certificate's details as the technician states them, and their edits.

Type (one of CERTIFICATE_TYPES), name (required, up to 60), number (up to 40), issuer (up to
60), issue date (not in the future, not before 1950) and expiry date (not before the issue
date; empty when it never expires). Editing a certificate that was verified or rejected
sends it back to pending: the shop has to look again at what it vouches for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from salon_app.core.clock import local_today
from salon_app.core.errors import DomainError
from salon_app.core.models import Certificate
from salon_app.core.services.access import Actor, require_technician
from salon_app.core.services.certificates.types import CERTIFICATE_TYPES

NAME_MAX, NUMBER_MAX, ISSUER_MAX = 60, 40, 60
EARLIEST_ISSUE = date(1950, 1, 1)


@dataclass(frozen=True)
class CertificateDetails:
    cert_type: str
    name: str
    number: str = ""
    issuer: str = ""
    issued_on: date | None = None
    expires_on: date | None = None


def check_extra(
    cert_type: str, number: str, issued_on: date | None, expires_on: date | None
) -> str:
    """Check type, number and expiry; returns the cleaned number."""
    if cert_type not in CERTIFICATE_TYPES:
        raise DomainError("certificate.type_invalid")
    number = (number or "").strip()
    if len(number) > NUMBER_MAX:
        raise DomainError("validation.too_long", field="field.certificate_number", max=NUMBER_MAX)
    if expires_on is not None and issued_on is not None and expires_on < issued_on:
        raise DomainError("certificate.expiry_before_issue")
    return number


def check_details(details: CertificateDetails, today: date) -> CertificateDetails:
    """The details cleaned, or DomainError for the first field that is wrong."""
    name, issuer = (details.name or "").strip(), (details.issuer or "").strip()
    if not name:
        raise DomainError("validation.required", field="field.certificate_name")
    if len(name) > NAME_MAX:
        raise DomainError("validation.too_long", field="field.certificate_name", max=NAME_MAX)
    if len(issuer) > ISSUER_MAX:
        raise DomainError("validation.too_long", field="field.certificate_issuer", max=ISSUER_MAX)
    if details.issued_on is not None and not EARLIEST_ISSUE <= details.issued_on <= today:
        raise DomainError("tech_profile.certificate_date_invalid")
    number = check_extra(details.cert_type, details.number, details.issued_on, details.expires_on)
    return CertificateDetails(
        details.cert_type, name, number, issuer, details.issued_on, details.expires_on
    )


def update_certificate(
    session: Session, actor: Actor | None, certificate_id: int, details: CertificateDetails
) -> Certificate:
    """The technician corrects one of their own certificates (another's is not found). A
    change to a verified or rejected certificate sends it back to pending; saving the same
    details again changes nothing."""
    tech_id = require_technician(actor)
    row = session.get(Certificate, certificate_id)
    if row is None or row.technician_id != tech_id:
        raise DomainError("tech_profile.certificate_not_found")
    clean = check_details(details, local_today())
    before = (row.cert_type, row.name, row.number, row.issuer, row.issued_on, row.expires_on)
    after = (
        clean.cert_type,
        clean.name,
        clean.number,
        clean.issuer,
        clean.issued_on,
        clean.expires_on,
    )
    if before == after:
        return row
    (row.cert_type, row.name, row.number, row.issuer, row.issued_on, row.expires_on) = after
    row.status, row.status_reason = "pending", ""
    row.verified_at = row.verified_by = None
    session.add(row)
    session.commit()
    return row
