"""The 证书审核 tab: certificates of the shop's technicians and applicants that need a look
(pending, expired, expiring), one scan at a time on request, verify or reject with a reason.

The scan is private: it reaches this browser as a data: URL after the service allowed the
viewer, never at a URL anyone could open.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from salon_app.auth.session_state import SessionState, error_text, error_toast
from salon_app.components.browser_input import row_id
from salon_app.components.data_table import TableMixin
from salon_app.components.photos import data_url
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import auth, merchants
from salon_app.i18n import t
from salon_app.merchant.technicians.rows import certificate_row


def _check_row(c: merchants.CertificateCheck) -> dict[str, str]:
    who = t("team.applicant") if c.applicant else t("team.member")
    return {**certificate_row(c.certificate), "technician": c.technician_name, "who": who}


def _read_scan(token: str, certificate_id: int) -> str:
    """The scan as a data: URL, "" when there is none (runs in a worker thread)."""
    with session_scope() as session:
        actor = auth.resolve(session, token)
        jpeg = merchants.shop_certificate_scan(session, actor, certificate_id)
    return data_url(jpeg) if jpeg else ""


class CertificateChecksState(TableMixin, SessionState):
    rows: list[dict[str, str]] = []
    checks_error: str = ""  # this role may not check certificates (e.g. front desk)
    rejecting: str = ""  # certificate id whose rejection reason is being written
    scan_for: str = ""  # certificate id whose scan is shown
    scan: str = ""  # its data: URL

    @rx.event
    def load(self) -> None:
        self.rejecting = self.scan_for = self.scan = ""
        self._load_table()

    def _load_table(self) -> None:
        try:
            with session_scope() as session:
                page = merchants.certificates_to_check(
                    session,
                    self._actor(session),
                    self._table_query(merchants.CHECK_SORTS, "expires_on"),
                )
        except DomainError as err:
            self.rows, self.checks_error = [], error_text(err)
            return
        self.checks_error = ""
        self.rows = [_check_row(c) for c in page.rows]
        self._show_page(page)

    @rx.event
    async def show_scan(self, certificate_id: str) -> list | None:
        wanted = row_id(certificate_id)
        try:
            url = await asyncio.to_thread(_read_scan, self.auth_token, wanted)
        except DomainError as err:
            return [error_toast(err)]
        self.scan_for, self.scan = str(wanted), url
        return None if url else [rx.toast.info(t("team.no_scan"))]

    @rx.event
    def hide_scan(self) -> None:
        self.scan_for = self.scan = ""

    @rx.event
    def verify(self, certificate_id: str) -> list:
        wanted = row_id(certificate_id)
        return self._run(
            lambda s, a: merchants.shop_verify_certificate(s, a, wanted),
            "team.certificate_verified",
            self._load_table,
        )

    @rx.event
    def start_reject(self, certificate_id: str) -> None:
        self.rejecting = str(row_id(certificate_id))

    @rx.event
    def cancel_reject(self) -> None:
        self.rejecting = ""

    @rx.event
    def reject(self, form: dict) -> list:
        wanted = row_id(form.get("certificate_id"))
        reason = str(form.get("reason", ""))
        return self._run(
            lambda s, a: merchants.shop_reject_certificate(s, a, wanted, reason),
            "team.certificate_rejected",
            self.cancel_reject,
            self._load_table,
        )
