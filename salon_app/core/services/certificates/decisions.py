"""Verifying certificates: pending -> verified, or rejected with a reason; what a category
requires.

A shop verifies the certificates of its technicians and of those applying to it
(merchants.certificate_checks); the platform verifies anyone's (independents above all).
Each decision is one `UPDATE ... WHERE status = 'pending'`: a double click or a colleague
deciding at the same moment decides once, and the technician is told once.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Certificate, ServiceCategory, Technician
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.certificates.types import CERTIFICATE_TYPES
from salon_app.core.services.notifications import notify

REASON_MAX = 200


def clean_reason(reason: str) -> str:
    """A rejection's reason: required, up to 200 characters."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("validation.required", field="field.reason")
    if len(reason) > REASON_MAX:
        raise DomainError("validation.too_long", field="field.reason", max=REASON_MAX)
    return reason


def decide(
    session: Session, actor: Actor, row: Certificate, verified: bool, reason: str = ""
) -> Certificate:
    """Record the decision on a pending certificate (the caller checked who may decide)."""
    reason = "" if verified else clean_reason(reason)
    status = "verified" if verified else "rejected"
    now = utcnow()
    changed = session.execute(
        update(Certificate)
        .where(col(Certificate.id) == row.id, col(Certificate.status) == "pending")
        .values(status=status, status_reason=reason, verified_at=now, verified_by=actor.user_id)
    ).rowcount
    if changed == 0:
        session.rollback()
        session.refresh(row)
        if row.status == status:
            return row  # the same decision twice: once is enough
        raise DomainError("certificate.already_decided")
    tech = session.get(Technician, row.technician_id)
    key = "certificate.verified_notice" if verified else "certificate.rejected_notice"
    notify(session, tech.user_id, key, name=row.name, reason=reason)
    audit.record(session, actor, f"certificate.{status}", "certificate", row.id, reason=reason)
    session.commit()
    session.refresh(row)
    return row


def platform_decide(
    session: Session, actor: Actor | None, certificate_id: int, verified: bool, reason: str = ""
) -> Certificate:
    """An admin verifies or rejects any pending certificate."""
    actor = require_admin(session, actor, Permission.review_technicians)
    row = session.get(Certificate, certificate_id)
    if row is None:
        raise DomainError("tech_profile.certificate_not_found")
    return decide(session, actor, row, verified, reason)


def set_required_certificate(
    session: Session, actor: Actor | None, category_id: int, cert_type: str
) -> None:
    """An admin names the certificate type a category requires ("" for none); technicians
    without it, verified and unexpired, drop out of that category at once."""
    actor = require_admin(session, actor, Permission.manage_catalogue)
    if cert_type and cert_type not in CERTIFICATE_TYPES:
        raise DomainError("certificate.type_invalid")
    category = session.get(ServiceCategory, category_id)
    if category is None:
        raise DomainError("certificate.category_not_found")
    category.required_certificate = cert_type
    audit.record(session, actor, "category.required_certificate", "category", category_id)
    session.commit()
