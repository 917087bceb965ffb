"""The log-in and sign-up forms."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import auth, merchants
from salon_app.i18n import t


class AuthFormState(SessionState):
    form_error: str = ""
    _error_path: str = ""  # the page whose form gave form_error

    @rx.event
    async def open_page(self) -> list | None:
        """Someone already logged in goes straight to their home. Otherwise the tab is wiped
        (a login that expired leaves its user's pages behind), keeping why the user is here:
        the notice, and an error given on this page (on_load may run again right after a
        refused submit, and the message must not vanish); one from the other form is cleared."""
        with session_scope() as session:
            if self._actor(session) is not None:
                return [rx.redirect(routes.ROLE_HOME[self.user_role])]
        here = self._error_path == self.router.url.path
        kept = self.notice, self.form_error if here else "", self._error_path if here else ""
        await self._forget_tab()
        self.notice, self.form_error, self._error_path = kept
        return None

    def _refused(self, err: DomainError) -> None:
        self.form_error, self._error_path = error_text(err), self.router.url.path

    async def _begin(self, result: auth.LoginResult) -> list:
        await self._forget_tab()  # nothing of the tab's previous user is kept for the new one
        self.auth_token = result.token
        self.user_name, self.user_role = result.actor.display_name, result.actor.role
        return [
            rx.toast.success(t("auth.welcome", name=result.actor.display_name)),
            rx.redirect(routes.ROLE_HOME[result.actor.role]),
        ]

    @rx.event
    async def log_in(self, form: dict) -> list | None:
        try:
            with session_scope() as session:
                result = auth.log_in(
                    session, str(form.get("phone", "")), str(form.get("password", ""))
                )
        except DomainError as err:
            self._refused(err)
            return None
        return await self._begin(result)

    @rx.event
    async def sign_up(self, form: dict) -> list | None:
        """A new account is logged in straight away, as users expect. A phone a shop invited
        joins that shop (the service decides: merchants.sign_up_or_join)."""
        phone, password = str(form.get("phone", "")), str(form.get("password", ""))
        try:
            with session_scope() as session:
                merchants.sign_up_or_join(
                    session,
                    phone,
                    password,
                    str(form.get("display_name", "")),
                    role=str(form.get("role", "customer")),
                    source=self._entry_source(),
                )
                result = auth.log_in(session, phone, password)
        except DomainError as err:
            self._refused(err)
            return None
        return await self._begin(result)
