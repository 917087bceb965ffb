"""The log-in, sign-up and forgotten-password forms.

Codes are sent (slow network I/O in production) and passwords hashed and checked (argon2) off
the event loop.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import auth, marketing, merchants
from salon_app.i18n import t


class DeviceState(rx.State):
    """The browser's device tokens (services/auth/devices.py): outside SessionState on purpose,
    so logging out (which resets that whole tree) keeps the browser a known device."""

    tokens: str = rx.LocalStorage("", name="salon_device", sync=True)


class AuthFormState(SessionState):
    form_error: str = ""
    login_code_needed: bool = False  # the platform-wide ceiling is reached: log-in needs a code
    _error_path: str = ""  # the page whose form gave form_error
    code_notice: str = ""  # "code sent to 139****5678", once a code was sent
    _code_path: str = ""  # the page whose form it was sent from

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
        code_needed = self.login_code_needed and here
        # A code sent from this page before its on_load ran (the load's events queue behind the
        # first clicks of a fast typist) stays announced.
        sent = (
            (self.code_notice, self._code_path)
            if self._code_path == self.router.url.path
            else ("", "")
        )
        await self._forget_tab()
        self.notice, self.form_error, self._error_path = kept
        self.code_notice, self._code_path = sent
        self.login_code_needed = code_needed
        return None

    def _refused(self, err: DomainError) -> None:
        self.form_error, self._error_path = error_text(err), self.router.url.path

    async def _devices(self) -> str:
        tokens = (await self.get_state(DeviceState)).tokens
        return tokens[:600] if isinstance(tokens, str) else ""

    async def _begin(self, result: auth.LoginResult) -> list:
        await self._forget_tab()  # nothing of the tab's previous user is kept for the new one
        (await self.get_state(DeviceState)).tokens = result.devices
        self.auth_token = result.token
        self.user_name, self.user_role = result.actor.display_name, result.actor.role
        if result.must_change_password:  # a temporary password from support: replace it first
            return [
                rx.toast.warning(t("auth.change_temporary_password"), id="must-change"),
                rx.redirect(routes.ACCOUNT_PASSWORD),
            ]
        return [
            rx.toast.success(t("auth.welcome", name=result.actor.display_name)),
            rx.redirect(routes.ROLE_HOME[result.actor.role]),
        ]

    @rx.event
    async def log_in(self, form: dict) -> list | None:
        phone, password = str(form.get("phone", "")), str(form.get("password", ""))
        code = form.get("code")  # None while the code row is not shown
        code = code[:12] if isinstance(code, str) else ""
        client, devices = self._client(), await self._devices()

        def check() -> auth.LoginResult:
            with session_scope() as session:
                return auth.log_in(
                    session, phone, password, client=client, devices=devices, code=code
                )

        try:
            result = await asyncio.to_thread(check)  # argon2
        except DomainError as err:
            self.login_code_needed = self.login_code_needed or err.key == "auth.login_code_needed"
            self._refused(err)
            return None
        return await self._begin(result)

    def _client(self) -> str:
        return str(self.router.session.client_ip or "")

    async def _send_code(self, phone: object, purpose: auth.Purpose, sent_key: str) -> None:
        """Send a code to the phone typed in the form (read from the page when the button is
        pressed: anything may arrive, the service checks it)."""
        phone = phone[:20] if isinstance(phone, str) else ""
        client = self._client()

        def send() -> auth.CodeSent:
            with session_scope() as session:
                return auth.send_code(session, phone, purpose, client)

        try:
            sent = await asyncio.to_thread(send)
        except DomainError as err:
            self._refused(err)
            return
        self.form_error = ""
        self.code_notice = t(sent_key, phone=sent.phone_masked, minutes=sent.valid_minutes)
        self._code_path = self.router.url.path

    @rx.event
    async def send_signup_code(self, phone: str) -> None:
        await self._send_code(phone, auth.Purpose.signup, "auth.code_sent")

    @rx.event
    async def send_reset_code(self, phone: str) -> None:
        await self._send_code(phone, auth.Purpose.reset_password, "auth.reset_code_sent")

    @rx.event
    async def send_login_code(self, phone: str) -> None:
        await self._send_code(phone, auth.Purpose.login, "auth.login_code_sent")

    @rx.event
    async def sign_up(self, form: dict) -> list | None:
        """A new account is logged in straight away, as users expect. The phone is proven by
        the code sent to it. A phone a shop invited joins that shop (the service decides:
        merchants.sign_up_or_join)."""
        phone, password = str(form.get("phone", "")), str(form.get("password", ""))
        name, role = str(form.get("display_name", "")), str(form.get("role", "customer"))
        code, source = str(form.get("code", "")), self._entry_source()
        invite = self._param("invite")  # 邀请有礼: the link's code
        client, devices = self._client(), await self._devices()

        def open_and_log_in() -> auth.LoginResult:
            with session_scope() as session:
                actor = merchants.sign_up_or_join(
                    session, phone, password, name, role=role, source=source, code=code
                )
                marketing.after_sign_up(session, actor, invite)
                return auth.log_in(session, phone, password, client=client, devices=devices)

        try:
            result = await asyncio.to_thread(open_and_log_in)
        except DomainError as err:
            self._refused(err)
            return None
        return await self._begin(result)

    @rx.event
    async def reset_password(self, form: dict) -> list | None:
        """A forgotten password: the reset code and a new password (twice); every login of
        the account ends, and the person logs in again with the new password."""
        phone, code = str(form.get("phone", "")), str(form.get("code", ""))
        new, again = str(form.get("new_password", "")), str(form.get("new_password_again", ""))
        client = self._client()
        if new != again:
            self._refused(DomainError("auth.password_mismatch"))
            return None

        def reset() -> None:
            with session_scope() as session:
                auth.reset_password(session, phone, code, new, client)

        try:
            await asyncio.to_thread(reset)
        except DomainError as err:
            self._refused(err)
            return None
        await self._forget_tab()
        self.notice = t("auth.password_reset_done")
        return [rx.redirect(routes.LOGIN)]
