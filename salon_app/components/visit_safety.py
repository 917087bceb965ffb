"""The SOS panel of a visit, shared by the technician's job page and the customer's order page.

The page state mixes in SosPanel, has `code` and calls `_load_sos` when it (re)loads; the service
(services/safety) decides whether SOS is offered and what pressing it does. The button first
asks the browser for its position (a courtesy: without one the SOS still goes out).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from salon_app.auth.session_state import error_toast
from salon_app.components.geolocation import CURRENT_POSITION_JS
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import safety
from salon_app.core.settings import get_settings
from salon_app.i18n import t


class SosPanel(rx.State, mixin=True):
    sos_open: bool = False  # the visit is on: the button shows
    sos_sending: bool = False
    sos_result: str = ""  # what happened after a press, shown above the numbers

    def _load_sos(self) -> None:
        """Whether the visit is on for the current user (on every load and live refresh)."""
        try:
            with session_scope() as session:
                self.sos_open = safety.sos_open(session, self._actor(session), self.code)
        except DomainError:
            self.sos_open = False

    @rx.event
    def press_sos(self) -> list | None:
        """Ask for the position first; send_sos sends the SOS with whatever comes back."""
        if not self.sos_open or self.sos_sending:
            return None
        self.sos_sending = True
        return [rx.call_script(CURRENT_POSITION_JS, callback=type(self).send_sos)]

    @rx.event
    def send_sos(self, position: Any) -> list | None:
        """The SOS, with the browser's position or null (the service checks it)."""
        if not self.sos_sending:
            return None
        self.sos_sending = False
        fix = position if isinstance(position, dict) else {}
        try:
            with session_scope() as session:
                actor = self._actor(session)
                done = safety.sos(session, actor, self.code, fix.get("lat"), fix.get("lng"))
        except DomainError as err:
            return [error_toast(err)]
        self.sos_result = t("safety.sos_sent") if done.alerted else t("safety.sos_again")
        return [rx.toast.warning(self.sos_result, id="sos-toast")]


def sos_panel(state: type) -> rx.Component:
    """The SOS button and the emergency numbers, while the visit is on."""
    line = get_settings().visits.safety_line
    return rx.cond(
        state.sos_open,
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.icon("shield-alert", color="var(--red-9)"),
                    rx.heading(t("safety.sos_title"), size="3"),
                    align="center",
                ),
                rx.text(t("safety.sos_hint"), size="2"),
                rx.button(
                    rx.icon("siren"),
                    t("safety.sos_button"),
                    on_click=state.press_sos,
                    loading=state.sos_sending,
                    color_scheme="red",
                    size="3",
                    width="100%",
                    id="sos-button",
                ),
                rx.cond(
                    state.sos_result != "",
                    rx.callout(state.sos_result, color_scheme="red", id="sos-result"),
                ),
                rx.hstack(
                    rx.link(
                        t("safety.call_police", number=safety.EMERGENCY_NUMBER),
                        href=f"tel:{safety.EMERGENCY_NUMBER}",
                        id="sos-police",
                    ),
                    rx.link(
                        t("safety.safety_line", line=line),
                        href=f"tel:{line}",
                        id="sos-line",
                    ),
                    spacing="4",
                    wrap="wrap",
                ),
                spacing="2",
                width="100%",
            ),
            width="100%",
            id="sos-panel",
        ),
    )
