"""Technicians and onboarding: the tab on screen and the 入驻申请 tab (applications, one
opened with its profile, certificate scans and cases, approve or reject with a reason).

The certificate checks and the team have their own states (certificates_state, team_state);
the team's load is the page's guard (any member of a shop may see its technicians).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import reflex as rx
from sqlmodel import Session

from salon_app.auth.session_state import SessionState, error_text, error_toast
from salon_app.components.browser_input import row_id
from salon_app.components.format import local_datetime
from salon_app.components.photos import data_url
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import merchants
from salon_app.core.services.access import Actor
from salon_app.i18n import t
from salon_app.merchant.technicians.rows import certificate_row
from salon_app.merchant.technicians.team_state import TeamState

TABS = ("applications", "certificates", "team")
FILTERS = ("pending", "all")
T = TypeVar("T")


def _applicant_row(a: merchants.ApplicantRow) -> dict[str, str]:
    return {
        "id": str(a.application_id),
        "name": a.display_name,
        "gender": t(f"tech.gender.{a.gender or 'unknown'}"),
        "years": t("tech.years", years=a.years_experience),
        "skills": "、".join(a.skills) or "-",
        "message": a.message or "-",
        "status": a.status,
        "status_label": t(f"applicant.status.{a.status}"),
        "reason": a.decision_reason,
        "applied": local_datetime(a.created_at),
    }


class TechniciansState(SessionState):
    tab: str = "applications"
    application_filter: str = "pending"
    applications: list[dict[str, str]] = []
    applications_error: str = ""  # this role may not review applicants (e.g. front desk)
    detail: dict[str, str] = {}  # the opened application; {} when none is open
    detail_certificates: list[dict[str, str]] = []
    detail_cases: list[dict[str, str]] = []

    def _as_shop(self, call: Callable[[Session, Actor | None], T]) -> T:
        with session_scope() as session:
            return call(session, self._actor(session))

    @rx.event
    def load(self) -> None:
        wanted = self._param("tab")
        self.tab = wanted if wanted in TABS else self.tab
        self.detail, self.detail_certificates, self.detail_cases = {}, [], []
        self._load_applications()

    def _load_applications(self) -> None:
        status = "" if self.application_filter == "all" else "pending"
        try:
            found = self._as_shop(lambda s, a: merchants.list_applications(s, a, status))
        except DomainError as err:
            self.applications, self.applications_error = [], error_text(err)
            return
        self.applications, self.applications_error = [_applicant_row(a) for a in found], ""

    @rx.event
    def choose_tab(self, tab: str) -> None:
        if tab in TABS:
            self.tab = tab

    @rx.event
    def choose_filter(self, status: str) -> None:
        if status in FILTERS:
            self.application_filter = status
            self._load_applications()

    @rx.event
    def open_application(self, application_id: str) -> list | None:
        try:
            detail, scans = self._as_shop(
                lambda s, a: _detail_with_scans(s, a, row_id(application_id))
            )
        except DomainError as err:
            return [error_toast(err)]
        tech = detail.applicant
        self.detail = {
            **_applicant_row(tech),
            "bio": detail.bio or "-",
            "photo": detail.photo_url,
            "birth": detail.birth_date.isoformat() if detail.birth_date else "-",
        }
        self.detail_certificates = [
            {**certificate_row(c), "scan": scans.get(c.id, "")} for c in detail.certificates
        ]
        self.detail_cases = [
            {
                "title": c.title,
                "service": c.service_name or "-",
                "before": c.before_url,
                "after": c.after_url,
            }
            for c in detail.case_studies
        ]
        return None

    @rx.event
    def close_application(self) -> None:
        self.detail, self.detail_certificates, self.detail_cases = {}, [], []

    @rx.event
    def approve(self, form: dict) -> list:
        application_id = row_id(form.get("application_id"))
        try:
            row = self._as_shop(lambda s, a: merchants.approve_application(s, a, application_id))
        except DomainError as err:
            return [error_toast(err)]
        self.close_application()
        self._load_applications()
        return [rx.toast.success(t("team.approved", name=row.display_name)), TeamState.load]

    @rx.event
    def reject(self, form: dict) -> list:
        application_id = row_id(form.get("application_id"))
        reason = str(form.get("reason", ""))
        try:
            row = self._as_shop(
                lambda s, a: merchants.reject_application(s, a, application_id, reason)
            )
        except DomainError as err:
            return [error_toast(err)]
        self.close_application()
        self._load_applications()
        return [rx.toast.success(t("team.rejected", name=row.display_name))]


def _detail_with_scans(
    session: Session, actor: Actor | None, application_id: int
) -> tuple[merchants.ApplicationDetail, dict[int, str]]:
    """The application, and its certificates' private scans as data: URLs (read through the
    shop's own permission check, never served at a URL)."""
    detail = merchants.application_detail(session, actor, application_id)
    scans = {}
    for c in detail.certificates:
        if c.has_scan:
            jpeg = merchants.shop_certificate_scan(session, actor, c.id)
            scans[c.id] = data_url(jpeg) if jpeg else ""
    return detail, scans
