"""/account/password: any logged-in user changes their password (the old one required); their
other logins end, this one stays. Argon2 runs off the event loop."""

from __future__ import annotations

import asyncio

import reflex as rx

from salon_app.auth.session_state import SessionState, error_text
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import auth
from salon_app.i18n import t


class AccountState(SessionState):
    account_error: str = ""
    account_done: str = ""

    @rx.event
    def load(self) -> list | None:
        self.account_error = self.account_done = ""
        _, events = self._guarded(lambda _session, actor: actor.user_id)
        return events

    @rx.event
    async def change_password(self, form: dict) -> list | None:
        old, new = str(form.get("old_password", "")), str(form.get("new_password", ""))
        again, token = str(form.get("new_password_again", "")), self.auth_token
        self.account_done = ""
        if new != again:
            self.account_error = t("auth.password_mismatch")
            return None

        def change() -> int:
            with session_scope() as session:
                return auth.change_password(session, self._actor(session), token, old, new)

        try:
            ended = await asyncio.to_thread(change)
        except DomainError as err:
            self.account_error = error_text(err)
            return None
        self.account_error = ""
        self.account_done = t("account.changed", count=ended)
        return [rx.toast.success(self.account_done)]
