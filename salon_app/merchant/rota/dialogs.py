"""The rota page's dialogs: one day set by hand, and the booked orders an edit would leave
uncovered, each with the manager's choice (keep / re-dispatch / cancel with full refund)."""

from __future__ import annotations

import reflex as rx

from salon_app.i18n import t
from salon_app.merchant.rota.state import RotaState as S

CHOICES = ("keep", "redispatch", "cancel")


def day_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.day_tech_name, " · ", S.day_date, id="day-title"),
            rx.dialog.description(t("rota.day.hint"), size="2"),
            rx.vstack(
                rx.input(
                    value=S.day_shifts,
                    on_change=S.set_day_shifts,
                    placeholder=t("rota.pattern.slot_placeholder"),
                    disabled=S.day_off,
                    id="day-shifts",
                    width="100%",
                ),
                rx.checkbox(
                    t("rota.day.off"),
                    checked=S.day_off,
                    on_change=S.set_day_off,
                    id="day-off",
                ),
                rx.hstack(
                    rx.button(t("rota.day.save"), on_click=S.save_day, id="day-save"),
                    rx.cond(
                        S.day_by_hand,
                        rx.button(
                            t("rota.day.clear"),
                            on_click=S.clear_day,
                            variant="soft",
                            id="day-clear",
                        ),
                    ),
                    rx.cond(
                        S.day_time_off != "",
                        rx.button(
                            t("rota.time_off.remove"),
                            on_click=S.remove_time_off,
                            variant="soft",
                            color_scheme="red",
                            id="day-remove-time-off",
                        ),
                    ),
                    rx.button(
                        t("rota.day.cancel"),
                        on_click=S.close_day,
                        variant="soft",
                        color_scheme="gray",
                        id="day-cancel",
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="3",
                padding_top="12px",
            ),
            max_width="440px",
        ),
        open=S.day_open,
        on_open_change=S.day_dialog_change,
    )


def _choice(c: rx.Var, choice: str) -> rx.Component:
    return rx.button(
        t(f"rota.choice.{choice}"),
        size="1",
        variant=rx.cond(c["decision"] == choice, "solid", "outline"),
        color_scheme="red" if choice == "cancel" else None,
        on_click=S.decide(c["id"], choice),
        class_name=f"choice-{choice}",
    )


def _target(c: rx.Var) -> rx.Component:
    return rx.el.select(
        rx.el.option(t("rota.target.auto"), value=""),
        rx.foreach(
            S.technicians,
            lambda x: rx.cond(
                x["id"] != c["technician_id"], rx.el.option(x["name"], value=x["id"])
            ),
        ),
        value=c["target"],
        on_change=lambda v: S.choose_target(c["id"], v),
        class_name="conflict-target",
        style={"padding": "4px", "border_radius": "6px", "max_width": "100%"},
    )


def _conflict(c: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(c["code"], weight="bold", class_name="conflict-code"),
                rx.spacer(),
                rx.text(c["when"], size="2"),
                width="100%",
                wrap="wrap",
            ),
            rx.text(
                c["service"],
                " · ",
                t("rota.conflict.customer"),
                " ",
                c["customer"],
                " · ",
                t("rota.technician"),
                " ",
                c["technician"],
                size="2",
                color_scheme="gray",
            ),
            rx.flex(*[_choice(c, choice) for choice in CHOICES], gap="6px", wrap="wrap"),
            rx.cond(
                c["decision"] == "redispatch",
                rx.flex(
                    rx.text(t("rota.target.label"), size="2", white_space="nowrap"),
                    _target(c),
                    align="center",
                    gap="8px",
                    wrap="wrap",
                    width="100%",
                ),
            ),
            rx.cond(
                c["decision"] == "cancel",
                rx.text(t("rota.conflict.refund"), c["refund"], size="2", color_scheme="red"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="conflict-row",
        id=f"conflict-{c['code']}",
    )


def conflict_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("rota.conflict.title"), id="conflicts-title"),
            rx.dialog.description(t("rota.conflict.explain"), size="2"),
            rx.vstack(
                rx.foreach(S.conflicts, _conflict),
                spacing="2",
                width="100%",
                padding_y="12px",
                id="conflict-list",
            ),
            rx.hstack(
                rx.button(t("rota.conflict.confirm"), on_click=S.confirm, id="conflicts-confirm"),
                rx.button(
                    t("rota.conflict.drop"),
                    on_click=S.drop_change,
                    variant="soft",
                    color_scheme="gray",
                    id="conflicts-drop",
                ),
                spacing="2",
            ),
            max_width="560px",
        ),
        open=S.conflicts_open,
        on_open_change=S.conflict_dialog_change,
    )
