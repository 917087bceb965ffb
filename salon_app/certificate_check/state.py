"""/verify?serial=…: anyone checks a course certificate (no login)."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text
from salon_app.components.format import local_date
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import learning
from salon_app.i18n import t


class VerifyState(SessionState):
    serial: str = ""
    error: str = ""
    found: dict[str, str] = {}

    @rx.event
    def load(self) -> None:
        self.serial = str(self.router.url.query_parameters.get("serial", "") or "")[:40]
        self.found, self.error = {}, ""
        if not self.serial.strip():
            return
        try:
            with session_scope() as session:
                check = learning.verify_certificate(session, self.serial)
        except DomainError as err:
            self.error = error_text(err)
            return
        self.found = {
            "serial": check.serial,
            "course": check.course,
            "holder": check.holder,
            "issued": local_date(check.issued_at),
            "expires": local_date(check.expires_at)
            if check.expires_at
            else t("learn.never_expires"),
            "status": check.status,
            "status_text": t(f"learn.status.{check.status}"),
        }

    @rx.event
    def check(self, form: dict) -> rx.event.EventSpec:
        serial = str(form.get("serial", "") if isinstance(form, dict) else "")[:40]
        return rx.redirect(f"{routes.VERIFY_CERTIFICATE}?{urlencode({'serial': serial.strip()})}")
