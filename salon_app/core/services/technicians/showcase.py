"""What a technician shows to win trust: certificates (with a private scan) and case studies.

A certificate's scan is private: it is stored outside the public upload folder and read back
only through certificate_scan, by the technician, staff of the technician's shop, or an admin.
Case-study photos are public. Rows of other technicians are refused as not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, func, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.models import CaseStudy, Certificate, Role, Service, Technician
from salon_app.core.services.access import Actor, require_role, require_technician
from salon_app.core.services.admin_roles import Permission, admin_role_of, may
from salon_app.core.services.certificates import check_extra
from salon_app.core.services.photos import commit_or_discard

CERT_NAME_MAX = 60
ISSUER_MAX = 60
CERTIFICATES_MAX = 20
EARLIEST_ISSUE = date(1950, 1, 1)
CASE_TITLE_MAX = 60
CASES_MAX = 30
SCAN_FOLDER = "certificates"


@dataclass(frozen=True)
class CertificateItem:
    id: int
    name: str
    issuer: str
    issued_on: date | None
    verified: bool
    has_scan: bool


@dataclass(frozen=True)
class CaseItem:
    id: int
    title: str
    service_id: int | None
    service_name: str
    before_url: str
    after_url: str


def list_certificates(session: Session, technician_id: int) -> list[CertificateItem]:
    rows = session.exec(
        select(Certificate)
        .where(Certificate.technician_id == technician_id)
        .order_by(Certificate.id)
    ).all()
    return [
        CertificateItem(
            c.id, c.name, c.issuer, c.issued_on, c.status == "verified", bool(c.scan_path)
        )
        for c in rows
    ]


def list_case_studies(session: Session, technician_id: int) -> list[CaseItem]:
    rows = session.exec(
        select(CaseStudy, Service.name)
        .outerjoin(Service, Service.id == CaseStudy.service_id)
        .where(CaseStudy.technician_id == technician_id)
        .order_by(CaseStudy.id)
    ).all()
    return [
        CaseItem(c.id, c.title, c.service_id, name or "", c.before_url, c.after_url)
        for c, name in rows
    ]


def _count(session: Session, model: type[Certificate] | type[CaseStudy], tech_id: int) -> int:
    return session.exec(
        select(func.count()).select_from(model).where(model.technician_id == tech_id)
    ).one()


def add_certificate(
    session: Session,
    actor: Actor | None,
    name: str,
    issuer: str,
    issued_on: date | None,
    scan: bytes | None = None,
    cert_type: str = "other",
    number: str = "",
    expires_on: date | None = None,
) -> CertificateItem:
    """Name (required, up to 60 chars), issuer (up to 60), issue date (not in the future, not
    before 1950), type, number and expiry (certificates.check_extra), an optional scan image
    kept private; at most 20 certificates. A new certificate is pending until the shop (or
    the platform) checks it."""
    tech_id = require_technician(actor)
    name, issuer = (name or "").strip(), (issuer or "").strip()
    if not name:
        raise DomainError("tech_profile.certificate_name_required")
    if len(name) > CERT_NAME_MAX or len(issuer) > ISSUER_MAX:
        raise DomainError("tech_profile.certificate_too_long", max=CERT_NAME_MAX)
    today = local_today()
    if issued_on is not None and not EARLIEST_ISSUE <= issued_on <= today:
        raise DomainError("tech_profile.certificate_date_invalid")
    number = check_extra(cert_type, number, issued_on, expires_on)
    if _count(session, Certificate, tech_id) >= CERTIFICATES_MAX:
        raise DomainError("tech_profile.too_many_certificates", max=CERTIFICATES_MAX)
    jpeg = storage.prepare_image(scan, storage.SCAN_MAX_SIDE) if scan is not None else None
    key = storage.save_private(jpeg, SCAN_FOLDER) if jpeg is not None else ""
    row = Certificate(
        technician_id=tech_id,
        cert_type=cert_type,
        name=name,
        number=number,
        issuer=issuer,
        issued_on=issued_on,
        expires_on=expires_on,
        scan_path=key,
    )
    session.add(row)
    commit_or_discard(session, [], [key] if key else [])
    return CertificateItem(row.id, name, issuer, issued_on, False, bool(key))


def _own_certificate(session: Session, tech_id: int, certificate_id: int) -> Certificate:
    row = session.get(Certificate, certificate_id)
    if row is None or row.technician_id != tech_id:
        raise DomainError("tech_profile.certificate_not_found")
    return row


def remove_certificate(session: Session, actor: Actor | None, certificate_id: int) -> None:
    """Delete one of the actor's own certificates and its private scan."""
    row = _own_certificate(session, require_technician(actor), certificate_id)
    key = row.scan_path
    session.delete(row)
    session.commit()
    if key:
        storage.delete_private(key)


def certificate_scan(session: Session, actor: Actor | None, certificate_id: int) -> bytes | None:
    """The private scan (JPEG bytes), or None when the certificate has none.

    Readable by the technician it belongs to, staff of that technician's shop and admins;
    customers are refused outright, everyone else is told it does not exist."""
    actor = require_role(actor, Role.technician, Role.merchant, Role.admin)
    row = session.get(Certificate, certificate_id)
    tech = session.get(Technician, row.technician_id) if row is not None else None
    allowed = tech is not None and (
        (actor.role == Role.admin
         and may(admin_role_of(session, actor), Permission.review_technicians))
        or (actor.role == Role.technician and actor.technician_id == tech.id)
        or (actor.role == Role.merchant and tech.merchant_id is not None
            and actor.merchant_id == tech.merchant_id)
    )  # fmt: skip
    if not allowed or row is None:
        raise DomainError("tech_profile.certificate_not_found")
    return storage.read_private(row.scan_path) if row.scan_path else None


def add_case_study(
    session: Session,
    actor: Actor | None,
    title: str,
    service_id: int | None,
    before: bytes | None,
    after: bytes | None,
) -> CaseItem:
    """A before/after pair (both photos required, public), a title up to 60 chars and
    optionally the active service it shows; at most 30 case studies."""
    tech_id = require_technician(actor)
    title = (title or "").strip()
    if not title:
        raise DomainError("tech_profile.case_title_required")
    if len(title) > CASE_TITLE_MAX:
        raise DomainError("tech_profile.case_title_too_long", max=CASE_TITLE_MAX)
    service = session.get(Service, service_id) if service_id is not None else None
    if service_id is not None and (service is None or not service.is_active):
        raise DomainError("tech_profile.service_not_found")
    if not before or not after:
        raise DomainError("tech_profile.case_photos_required")
    if _count(session, CaseStudy, tech_id) >= CASES_MAX:
        raise DomainError("tech_profile.too_many_cases", max=CASES_MAX)
    photos = [storage.prepare_image(before), storage.prepare_image(after)]  # both checked first
    before_url, after_url = (storage.save_public(p) for p in photos)
    row = CaseStudy(
        technician_id=tech_id,
        service_id=service_id,
        title=title,
        before_url=before_url,
        after_url=after_url,
        created_at=utcnow(),
    )
    session.add(row)
    commit_or_discard(session, [before_url, after_url], [])
    return CaseItem(
        row.id, title, service_id, service.name if service else "", before_url, after_url
    )


def remove_case_study(session: Session, actor: Actor | None, case_id: int) -> None:
    """Delete one of the actor's own case studies and its photos."""
    row = session.get(CaseStudy, case_id)
    if row is None or row.technician_id != require_technician(actor):
        raise DomainError("tech_profile.case_not_found")
    urls = [row.before_url, row.after_url]
    session.delete(row)
    session.commit()
    for url in urls:
        storage.delete_public(url)
