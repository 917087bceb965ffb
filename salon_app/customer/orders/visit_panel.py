"""The customer's side of a visit on the order page: confirm the technician's arrival, and
share the visit with someone they trust (a link to /visit/<token>). The rules are services'
(orders.confirm_arrival, safety.create_share / revoke_share); this only shows and asks."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import error_toast
from salon_app.components.format import local_datetime
from salon_app.components.layout import section
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import orders, safety
from salon_app.core.settings import get_settings
from salon_app.i18n import t

CONFIRMABLE = ("departed", "arrived", "started")
SHAREABLE = ("pending_service", "in_service")


class VisitPanel(rx.State, mixin=True):
    arrival: str = ""  # how the arrival stands, in words ("" before it)
    can_confirm: bool = False
    can_share: bool = False
    share_link: str = ""
    share_until: str = ""

    def _load_visit(self, status: str, step: str, has_technician: bool) -> None:
        """What the visit panel shows for the order just loaded (self.code)."""
        with session_scope() as session:
            actor = self._actor(session)
            order = orders.own_order(session, actor, self.code)
            state = orders.arrival_state(session, order)
            link = safety.my_share(session, actor, self.code)
        self.arrival = t(f"visit.arrival.{state}") if state else ""
        self.can_confirm = status == "in_service" and step in CONFIRMABLE and state != "customer"
        self.can_share = status in SHAREABLE and has_technician
        self._show_link(link)

    def _show_link(self, link: safety.ShareLink | None) -> None:
        base = get_settings().public_url
        self.share_link = f"{base}{routes.visit(link.token)}" if link else ""
        self.share_until = (
            t("share.valid_until", at=local_datetime(link.expires_at)) if link else ""
        )

    @rx.event
    def confirm_arrival(self) -> list | None:
        try:
            with session_scope() as session:
                orders.confirm_arrival(session, self._actor(session), self.code)
        except DomainError as err:
            return [error_toast(err)]
        return [rx.toast.success(t("visit.arrival_confirmed")), *(self._reload() or [])]

    @rx.event
    def create_share(self) -> list | None:
        try:
            with session_scope() as session:
                link = safety.create_share(session, self._actor(session), self.code)
        except DomainError as err:
            return [error_toast(err)]
        self._show_link(link)
        return [rx.toast.success(t("share.created"))]

    @rx.event
    def revoke_share(self) -> list | None:
        try:
            with session_scope() as session:
                safety.revoke_share(session, self._actor(session), self.code)
        except DomainError as err:
            return [error_toast(err)]
        self._show_link(None)
        return [rx.toast.success(t("share.revoked"))]


def visit_panel(state: type) -> rx.Component:
    """Arrival confirmation and the share link, when they apply."""
    return rx.vstack(
        rx.cond(
            state.arrival != "",
            rx.callout(state.arrival, icon="map-pin", size="1", id="arrival-state"),
        ),
        rx.cond(
            state.can_confirm,
            rx.card(
                rx.vstack(
                    rx.text(t("visit.confirm_hint"), size="2"),
                    rx.button(
                        t("visit.confirm_arrival"),
                        on_click=state.confirm_arrival,
                        width="100%",
                        id="confirm-arrival",
                    ),
                    width="100%",
                ),
                width="100%",
            ),
        ),
        rx.cond(
            state.can_share | (state.share_link != ""),
            section(
                t("share.title"),
                rx.text(t("share.hint"), size="1", color_scheme="gray"),
                rx.cond(
                    state.share_link != "",
                    rx.vstack(
                        rx.code(state.share_link, id="share-link", word_break="break-all"),
                        rx.text(state.share_until, size="1", color_scheme="gray"),
                        rx.hstack(
                            rx.button(
                                rx.icon("copy"),
                                t("share.copy"),
                                on_click=rx.set_clipboard(state.share_link),
                                variant="soft",
                            ),
                            rx.button(
                                t("share.revoke"),
                                on_click=state.revoke_share,
                                variant="outline",
                                color_scheme="gray",
                                id="revoke-share",
                            ),
                        ),
                        width="100%",
                    ),
                    rx.button(
                        rx.icon("share-2"),
                        t("share.create"),
                        on_click=state.create_share,
                        variant="soft",
                        width="100%",
                        id="create-share",
                    ),
                ),
            ),
        ),
        width="100%",
        spacing="3",
    )
