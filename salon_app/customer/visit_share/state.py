"""Share-my-visit (/visit/<token>): anyone with the link follows the visit, without logging in.
What they see is services/safety.shared_visit's (no address, no phone); the page polls a cheap
version while it is open so the step changes without reload."""

from __future__ import annotations

import asyncio

import reflex as rx

from salon_app.auth.session_state import SessionState, error_text
from salon_app.components.format import local_datetime, local_time
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import safety
from salon_app.i18n import t

POLL_SECONDS = 5
POLL_MINUTES = 60


def _read(token: str) -> safety.SharedVisit:
    with session_scope() as session:
        return safety.shared_visit(session, None, token)


def _version(token: str) -> str:
    with session_scope() as session:
        return safety.shared_visit_version(session, None, token)


class SharedVisitState(SessionState):
    visit: dict[str, str] = {}
    steps: list[dict[str, str]] = []
    problem: str = ""  # unknown or dead link, in words
    _token: str = ""
    _polling: bool = False

    @rx.event
    def load(self) -> list | None:
        self._token = self._param("visit_token")
        self._show()
        return None if self.problem else [SharedVisitState.follow]

    def _show(self) -> None:
        try:
            seen = _read(self._token)
        except DomainError as err:
            self.problem, self.visit, self.steps = error_text(err), {}, []
            return
        self.problem = ""
        self.visit = {
            "technician": seen.technician_name,
            "photo": seen.photo_url,
            "services": "、".join(seen.service_names),
            "when": f"{local_datetime(seen.starts_at)} – {local_time(seen.ends_at)}",
            "step": t(f"order.step.{seen.service_step}")
            if seen.service_step
            else t("share.waiting"),
            "until": t("share.valid_until", at=local_datetime(seen.expires_at)),
        }
        self.steps = [
            {"what": t(f"order.event.{kind}"), "when": local_datetime(at)}
            for kind, at in seen.steps
        ]

    @rx.event(background=True)
    async def follow(self) -> None:
        """Refresh while the page is open (one poller per tab, for POLL_MINUTES at most)."""
        async with self:
            if self._polling:
                return
            self._polling, token = True, self._token
        last = ""
        try:
            for _ in range(POLL_MINUTES * 60 // POLL_SECONDS):
                await asyncio.sleep(POLL_SECONDS)
                async with self:
                    if not self.router.url.path.startswith("/visit/") or self._token != token:
                        return
                try:
                    current = await asyncio.to_thread(_version, token)
                except DomainError:
                    current = "gone"
                if current != last:
                    async with self:
                        self._show()
                last = current
        finally:
            async with self:
                self._polling = False
