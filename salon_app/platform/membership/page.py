"""/admin/membership: members per level (a chart), the levels table with its editor, and the
gift catalogue with its editor."""

from __future__ import annotations

import reflex as rx

from salon_app.components.charts import Series, bar_chart
from salon_app.components.data_table import scroll_table
from salon_app.components.form import error_callout, labelled
from salon_app.components.layout import section
from salon_app.i18n import t
from salon_app.platform.frame import admin_dashboard
from salon_app.platform.membership.state import AdminMembershipState as S

LEVEL_HEADERS = [
    "admin_membership.col.rank",
    "admin_membership.col.name",
    "admin_membership.col.threshold",
    "admin_membership.col.discount",
    "admin_membership.col.multiplier",
    "admin_membership.col.members",
    "table.actions",
]
GIFT_HEADERS = [
    "admin_membership.col.name",
    "admin_membership.col.description",
    "admin_membership.col.cost",
    "admin_membership.col.stock",
    "admin_membership.col.active",
    "table.actions",
]


def _field(label: str, name: str, value: rx.Var, **props: object) -> rx.Component:
    return labelled(label, rx.input(name=name, default_value=value, id=f"{name}-input", **props))


def _level_editor() -> rx.Component:
    e = S.editing_level
    return rx.card(
        rx.form(
            rx.vstack(
                rx.flex(
                    _field(t("admin_membership.col.name"), "name", e["name"]),
                    _field(
                        t("admin_membership.col.threshold"),
                        "threshold",
                        e["threshold"],
                        input_mode="numeric",
                    ),
                    _field(
                        t("admin_membership.col.discount"),
                        "discount",
                        e["discount"],
                        input_mode="numeric",
                    ),
                    _field(
                        t("admin_membership.col.multiplier"),
                        "multiplier",
                        e["multiplier"],
                        input_mode="numeric",
                    ),
                    gap="12px",
                    direction=rx.breakpoints(initial="column", sm="row"),
                    width="100%",
                ),
                rx.text(t("admin_membership.level_hint"), size="1", color_scheme="gray"),
                error_callout(S.level_error, "level-error"),
                rx.hstack(
                    rx.button(t("admin_membership.save"), type="submit", id="save-level"),
                    rx.button(
                        t("admin_membership.cancel"),
                        variant="soft",
                        type="button",
                        on_click=S.close_editors,
                    ),
                ),
                width="100%",
            ),
            on_submit=S.save_level,
            key=e["id"].to(str),
            width="100%",
        ),
        width="100%",
        id="level-editor",
    )


def _level_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["rank"]),
        rx.table.cell(r["name"], class_name="level-name"),
        rx.table.cell(r["threshold"], class_name="level-threshold"),
        rx.table.cell(r["discount"]),
        rx.table.cell(r["multiplier"]),
        rx.table.cell(r["members"]),
        rx.table.cell(
            rx.button(
                t("admin_membership.edit"),
                size="1",
                variant="soft",
                on_click=S.open_level(r["id"]),
                class_name="edit-level",
            )
        ),
        class_name="levels-row",
    )


def _gift_editor() -> rx.Component:
    e = S.editing_gift
    return rx.card(
        rx.form(
            rx.vstack(
                rx.flex(
                    _field(t("admin_membership.col.name"), "name", e["name"]),
                    _field(t("admin_membership.col.cost"), "cost", e["cost"], input_mode="numeric"),
                    _field(
                        t("admin_membership.col.stock"), "stock", e["stock"], input_mode="numeric"
                    ),
                    gap="12px",
                    direction=rx.breakpoints(initial="column", sm="row"),
                    width="100%",
                ),
                _field(t("admin_membership.col.description"), "description", e["description"]),
                rx.el.label(
                    rx.hstack(
                        rx.checkbox(name="active", default_checked=e["active"] != ""),
                        rx.text(t("admin_membership.col.active"), size="2"),
                        align="center",
                    )
                ),
                error_callout(S.gift_error, "gift-error"),
                rx.hstack(
                    rx.button(t("admin_membership.save"), type="submit", id="save-gift"),
                    rx.button(
                        t("admin_membership.cancel"),
                        variant="soft",
                        type="button",
                        on_click=S.close_editors,
                    ),
                ),
                width="100%",
            ),
            on_submit=S.save_gift,
            key=e["id"].to(str),
            width="100%",
        ),
        width="100%",
        id="gift-editor",
    )


def _gift_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["name"]),
        rx.table.cell(r["description"]),
        rx.table.cell(r["cost"]),
        rx.table.cell(r["stock"]),
        rx.table.cell(
            rx.badge(r["active_label"], color_scheme=rx.cond(r["active"] != "", "green", "gray"))
        ),
        rx.table.cell(
            rx.button(
                t("admin_membership.edit"),
                size="1",
                variant="soft",
                on_click=S.open_gift(r["id"]),
                class_name="edit-gift",
            )
        ),
        class_name="gifts-row",
    )


def admin_membership_page() -> rx.Component:
    return admin_dashboard(
        t("admin_membership.title"),
        bar_chart(
            S.chart,
            "name",
            [Series("members", "admin_membership.members")],
            "members-chart",
            t("admin_membership.members_chart"),
        ),
        section(
            t("admin_membership.levels"),
            rx.button(
                rx.icon("plus", size=16),
                t("admin_membership.new_level"),
                on_click=S.new_level,
                id="new-level",
            ),
            rx.cond(S.editing_level.length() > 0, _level_editor()),
            scroll_table(LEVEL_HEADERS, rx.foreach(S.levels, _level_row), "levels"),
        ),
        section(
            t("admin_membership.gifts"),
            rx.button(
                rx.icon("plus", size=16),
                t("admin_membership.new_gift"),
                on_click=S.new_gift,
                id="new-gift",
            ),
            rx.cond(S.editing_gift.length() > 0, _gift_editor()),
            scroll_table(GIFT_HEADERS, rx.foreach(S.gifts, _gift_row), "gifts"),
        ),
    )
