"""Technician onboarding: a new technician is pending until approved.

A shop reviews the applications sent to it (profile, certificates with their scans, cases)
and approves or rejects them with a reason; the technician is notified either way. Approving
seats the technician in the shop and makes them active (they can now be found, dispatched,
booked and shown); their other pending applications are withdrawn. An application of
another shop is "not found"; a technician who joined another shop meanwhile is refused.
Independents (who apply to no shop) are approved or rejected by the platform. Decisions are
conditional updates under the technician's calendar lock: a double click or two shops at
once decide once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Merchant, Technician, TechnicianApplication
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.availability import lock_technician_calendar
from salon_app.core.services.certificates import clean_reason
from salon_app.core.services.merchants.certificate_checks import CertificateRow, certificate_rows
from salon_app.core.services.merchants.shop_roles import Capability, require_shop
from salon_app.core.services.notifications import notify
from salon_app.core.services.technicians import CaseItem, list_case_studies


@dataclass(frozen=True)
class ApplicantRow:
    application_id: int
    technician_id: int
    display_name: str
    gender: str
    years_experience: int
    skills: list[str]
    status: str  # the application's: pending | approved | rejected | withdrawn
    message: str
    decision_reason: str
    created_at: datetime


@dataclass(frozen=True)
class ApplicationDetail:
    applicant: ApplicantRow
    bio: str
    photo_url: str
    birth_date: date | None
    certificates: list[CertificateRow]
    case_studies: list[CaseItem]


def _row(a: TechnicianApplication, t: Technician) -> ApplicantRow:
    return ApplicantRow(
        a.id,
        t.id,
        t.display_name,
        t.gender,
        t.years_experience,
        list(t.skills),
        a.status,
        a.message,
        a.decision_reason,
        a.created_at,
    )


def list_applications(
    session: Session, actor: Actor | None, status: str = "pending"
) -> list[ApplicantRow]:
    """The shop's applications with this status (all when ""), oldest first."""
    seat = require_shop(session, actor, Capability.review_applicants)
    query = (
        select(TechnicianApplication, Technician)
        .join(Technician, col(Technician.id) == TechnicianApplication.technician_id)
        .where(TechnicianApplication.merchant_id == seat.merchant_id)
    )
    if status:
        query = query.where(TechnicianApplication.status == status)
    rows = session.exec(
        query.order_by(TechnicianApplication.created_at, TechnicianApplication.id)
    ).all()
    return [_row(a, t) for a, t in rows]


def _own(session: Session, merchant_id: int, application_id: int) -> TechnicianApplication:
    row = session.get(TechnicianApplication, application_id)
    if row is None or row.merchant_id != merchant_id:
        raise DomainError("applicant.not_found")
    return row


def application_detail(
    session: Session, actor: Actor | None, application_id: int
) -> ApplicationDetail:
    """One application with the applicant's profile, certificates and case studies."""
    seat = require_shop(session, actor, Capability.review_applicants)
    application = _own(session, seat.merchant_id, application_id)
    tech = session.get(Technician, application.technician_id)
    return ApplicationDetail(
        _row(application, tech),
        tech.bio,
        tech.photo_url,
        tech.birth_date,
        certificate_rows(session, tech.id, local_today()),
        list_case_studies(session, tech.id),
    )


def _decide(
    session: Session, application: TechnicianApplication, status: str, by: int, reason: str
) -> bool:
    """Move a pending application to `status`; False when someone decided it first."""
    return bool(
        session.execute(
            update(TechnicianApplication)
            .where(
                col(TechnicianApplication.id) == application.id,
                col(TechnicianApplication.status) == "pending",
            )
            .values(status=status, decision_reason=reason, decided_at=utcnow(), decided_by=by)
        ).rowcount
    )


def _settled(session: Session, application: TechnicianApplication, wanted: str) -> ApplicantRow:
    """After losing the race: the same decision is fine, another one is refused."""
    session.rollback()
    session.refresh(application)
    if application.status != wanted:
        raise DomainError("applicant.already_decided")
    return _row(application, session.get(Technician, application.technician_id))


def approve_application(session: Session, actor: Actor | None, application_id: int) -> ApplicantRow:
    """Seat the applicant in the shop and make them active (rules in the module docstring)."""
    seat = require_shop(session, actor, Capability.review_applicants)
    application = _own(session, seat.merchant_id, application_id)
    lock_technician_calendar(session, application.technician_id)
    tech = session.get(Technician, application.technician_id)
    session.refresh(tech)
    if tech.merchant_id is not None and tech.merchant_id != seat.merchant_id:
        session.rollback()
        raise DomainError("applicant.in_other_shop")
    if not _decide(session, application, "approved", seat.user_id, ""):
        return _settled(session, application, "approved")
    session.execute(
        update(TechnicianApplication)
        .where(
            col(TechnicianApplication.technician_id) == tech.id,
            col(TechnicianApplication.status) == "pending",
        )
        .values(status="withdrawn", decided_at=utcnow())
    )
    tech.merchant_id, tech.status = seat.merchant_id, "active"
    session.add(tech)
    shop = session.get(Merchant, seat.merchant_id)
    notify(session, tech.user_id, "applicant.approved_notice", shop=shop.name)
    audit.record(session, actor, "shop.applicant_approved", "technician", tech.id)
    session.commit()
    session.refresh(application)
    return _row(application, tech)


def reject_application(
    session: Session, actor: Actor | None, application_id: int, reason: str
) -> ApplicantRow:
    """Turn an application down with a reason the technician is told; a pending technician
    stays pending (they may apply elsewhere)."""
    seat = require_shop(session, actor, Capability.review_applicants)
    reason = clean_reason(reason)
    application = _own(session, seat.merchant_id, application_id)
    if not _decide(session, application, "rejected", seat.user_id, reason):
        return _settled(session, application, "rejected")
    tech = session.get(Technician, application.technician_id)
    shop = session.get(Merchant, seat.merchant_id)
    notify(session, tech.user_id, "applicant.rejected_notice", shop=shop.name, reason=reason)
    audit.record(session, actor, "shop.applicant_rejected", "technician", tech.id)
    session.commit()
    session.refresh(application)
    return _row(application, tech)


@dataclass(frozen=True)
class PendingTechnician:
    technician_id: int
    display_name: str
    years_experience: int
    applying_to_shop: bool  # a shop decides first; the platform may still approve
    created_at: datetime


def pending_technicians(session: Session, actor: Actor | None) -> list[PendingTechnician]:
    """The platform's queue: technicians waiting for approval, oldest first."""
    require_admin(session, actor, Permission.review_technicians)
    applying = (
        select(TechnicianApplication.technician_id)
        .where(TechnicianApplication.status == "pending")
        .scalar_subquery()
    )
    rows = session.exec(
        select(Technician, col(Technician.id).in_(applying))
        .where(Technician.status == "pending")
        .order_by(Technician.created_at, Technician.id)
    ).all()
    return [
        PendingTechnician(t.id, t.display_name, t.years_experience, bool(a), t.created_at)
        for t, a in rows
    ]


def platform_decide_technician(
    session: Session, actor: Actor | None, technician_id: int, approve: bool, reason: str = ""
) -> str:
    """An admin approves a pending (or rejected) technician as an independent, or rejects a
    pending one with a reason; returns the technician's status. Repeating it is harmless."""
    actor = require_admin(session, actor, Permission.review_technicians)
    reason = "" if approve else clean_reason(reason)
    status = "active" if approve else "rejected"
    allowed = ("pending", "rejected") if approve else ("pending",)
    changed = session.execute(
        update(Technician)
        .where(col(Technician.id) == technician_id, col(Technician.status).in_(allowed))
        .values(status=status)
    ).rowcount
    tech = session.get(Technician, technician_id)
    if tech is None:
        raise DomainError("technician.not_found")
    if not changed:
        session.rollback()
        session.refresh(tech)
        if tech.status != status:
            raise DomainError("applicant.already_decided")
        return tech.status
    key = "applicant.platform_approved_notice" if approve else "applicant.platform_rejected_notice"
    notify(session, tech.user_id, key, reason=reason)
    audit.record(session, actor, f"technician.{status}", "technician", tech.id, reason=reason)
    session.commit()
    return status
