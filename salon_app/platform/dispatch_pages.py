"""The admin dispatch page."""

from __future__ import annotations

import reflex as rx

from salon_app.components.layout import access_refused, empty_state, page
from salon_app.i18n import t
from salon_app.platform.dispatch_state import DispatchState as D


def _waiting(w: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(w["code"], weight="bold"),
                rx.badge(w["state"]),
                rx.spacer(),
                rx.text(w["when"], size="2"),
                width="100%",
            ),
            rx.text(w["mode"], " · ", w["technician"], size="2"),
            rx.text(t("admin.candidates"), size="1", color_scheme="gray"),
            rx.foreach(
                D.candidates[w["code"]],
                lambda c: rx.vstack(
                    rx.text(c["label"], size="2"),
                    rx.text(c["why"], size="1", color_scheme="gray"),
                    spacing="0",
                ),
            ),
            rx.form(
                rx.hstack(
                    rx.el.input(type="hidden", name="code", value=w["code"]),
                    rx.input(
                        name="technician_id",
                        placeholder=t("admin.assign_to"),
                        class_name="assign-tech",
                    ),
                    rx.button(t("admin.assign"), type="submit", class_name="assign-submit"),
                ),
                on_submit=D.assign,
                reset_on_submit=True,
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="waiting-order",
    )


def dispatch_page() -> rx.Component:
    return page(
        rx.cond(
            D.access_error != "",
            access_refused(),
            rx.vstack(
                rx.heading(t("admin.dispatch"), size="6", id="dispatch-title"),
                rx.cond(
                    D.waiting.length() > 0,
                    rx.vstack(rx.foreach(D.waiting, _waiting), width="100%", id="waiting"),
                    empty_state(t("admin.dispatch_none")),
                ),
                spacing="4",
                width="100%",
            ),
        ),
        subtitle=t("nav.admin_home"),
    )
