"""The admin dispatch page: open any order by its code, or pick one waiting for dispatch."""

from __future__ import annotations

import reflex as rx

from salon_app.components.layout import empty_state, section
from salon_app.i18n import t
from salon_app.platform.dispatch.state import DispatchState as D
from salon_app.platform.frame import admin_dashboard


def _candidate(code: rx.Var, c: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.hstack(
                rx.text(c["label"], size="2"),
                rx.badge(c["live"], variant="soft", class_name="candidate-live"),
                wrap="wrap",
                spacing="2",
            ),
            rx.text(c["why"], size="1", color_scheme="gray"),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond(
            c["current"] == "",
            rx.button(
                t("admin.assign_candidate"),
                on_click=D.assign_candidate(code, c["id"]),
                size="1",
                variant="outline",
                class_name="assign-candidate",
            ),
            rx.badge(t("admin.current_technician"), color_scheme="gray"),
        ),
        width="100%",
        align="center",
        class_name="candidate",
    )


def _order_card(o: rx.Var, candidates: rx.Var, class_name: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(o["code"], weight="bold"),
                rx.badge(o["state"]),
                rx.spacer(),
                rx.text(o["when"], size="2"),
                width="100%",
            ),
            rx.text(o["mode"], " · ", o["technician"], size="2"),
            rx.text(t("admin.candidates"), size="1", color_scheme="gray"),
            rx.foreach(candidates, lambda c: _candidate(o["code"], c)),
            rx.form(
                rx.hstack(
                    rx.el.input(type="hidden", name="code", value=o["code"]),
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
        class_name=class_name,
    )


def _open_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(name="code", placeholder=t("admin.open_order_code"), id="open-code"),
            rx.button(t("admin.open_order"), type="submit", id="open-submit"),
        ),
        on_submit=D.open_order,
    )


def dispatch_page() -> rx.Component:
    return admin_dashboard(
        t("admin.dispatch"),
        section(
            t("admin.opened_order"),
            _open_form(),
            rx.foreach(D.opened, lambda o: _order_card(o, D.opened_candidates, "opened-order")),
        ),
        section(
            t("admin.dispatch_waiting"),
            rx.cond(
                D.waiting.length() > 0,
                rx.vstack(
                    rx.foreach(
                        D.waiting,
                        lambda w: _order_card(w, D.candidates[w["code"]], "waiting-order"),
                    ),
                    width="100%",
                    id="waiting",
                ),
                empty_state(t("admin.dispatch_none")),
            ),
        ),
    )
