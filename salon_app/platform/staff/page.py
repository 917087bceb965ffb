"""/admin/staff: add an operator, then the table of operators with their sub-role and status."""

from __future__ import annotations

import reflex as rx

from salon_app.components.data_table import Column, data_table
from salon_app.components.form import error_callout, labelled
from salon_app.components.layout import section
from salon_app.i18n import t
from salon_app.platform.frame import admin_dashboard
from salon_app.platform.staff.state import ROLES
from salon_app.platform.staff.state import OperatorsState as S


def _role_select(name: str | None = None, **props: object) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(),
        rx.select.content(*(rx.select.item(t(f"admin.sub_role.{r}"), value=r) for r in ROLES)),
        **({"name": name} if name else {}),
        **props,
    )


def _role_cell(row: rx.Var) -> rx.Component:
    return rx.box(
        _role_select(
            value=row["role"],
            on_change=lambda role: S.change_role(row["id"], role),
            size="1",
            aria_label=t("operators.change_role"),
        ),
        class_name="operator-role",
    )


def _status_cell(row: rx.Var) -> rx.Component:
    return rx.badge(
        row["status"],
        color_scheme=rx.cond(row["active"] != "", "green", "gray"),
        variant="soft",
        class_name="operator-status",
    )


def _actions(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["me"] != "",
        rx.fragment(),
        rx.cond(
            row["active"] != "",
            rx.button(
                t("operators.disable"),
                size="1",
                variant="soft",
                color_scheme="red",
                on_click=S.disable(row["id"]),
                class_name="disable-operator",
            ),
            rx.button(
                t("operators.enable"),
                size="1",
                variant="soft",
                on_click=S.enable(row["id"]),
                class_name="enable-operator",
            ),
        ),
    )


COLUMNS = [
    Column("name", "operators.col_name", sortable=True),
    Column("phone", "operators.col_phone"),
    Column("admin_role", "operators.col_role", sortable=True, render=_role_cell),
    Column("active", "operators.col_active", sortable=True, render=_status_cell),
    Column("last_login", "operators.col_last_login", sortable=True),
]


def _create_form() -> rx.Component:
    return rx.card(
        section(
            t("operators.create_title"),
            rx.form(
                rx.flex(
                    labelled(
                        t("operators.phone"),
                        rx.input(name="phone", input_mode="tel", id="operator-phone"),
                    ),
                    labelled(
                        t("operators.name"), rx.input(name="display_name", id="operator-name")
                    ),
                    labelled(
                        t("operators.role"),
                        _role_select("admin_role", default_value="support", id="operator-role"),
                    ),
                    labelled(
                        t("operators.password"),
                        rx.input(name="password", type="password", id="operator-password"),
                    ),
                    gap="8px",
                    columns=rx.breakpoints(initial="1", sm="2", lg="4"),
                    width="100%",
                ),
                rx.button(
                    t("operators.create_button"),
                    type="submit",
                    id="operator-submit",
                    margin_top="8px",
                ),
                error_callout(S.create_error, "operator-error"),
                on_submit=S.create,
                reset_on_submit=True,
                width="100%",
            ),
            rx.cond(
                S.new_password != "",
                rx.callout(
                    rx.vstack(
                        rx.text(t("operators.initial_password", name=S.new_password_for)),
                        rx.code(S.new_password, size="4", id="initial-password"),
                        rx.text(t("operators.initial_password_hint"), size="1"),
                        rx.button(
                            t("operators.hide_password"),
                            size="1",
                            variant="soft",
                            on_click=S.hide_password,
                            id="hide-password",
                        ),
                        spacing="2",
                    ),
                    icon="key-round",
                    color_scheme="amber",
                    width="100%",
                ),
            ),
        ),
        width="100%",
    )


def admin_staff_page() -> rx.Component:
    return admin_dashboard(
        t("operators.title"),
        _create_form(),
        rx.card(
            section(
                t("operators.list"),
                data_table(S, COLUMNS, S.rows, "operators", actions=_actions),
            ),
            width="100%",
        ),
        rx.box(display="none", on_unmount=S.hide_password),  # the password goes with the page
    )
