"""The 团队 tab: the shop's technicians with posts, certificates and service areas, and the
shop's posts (岗位)."""

from __future__ import annotations

import reflex as rx

from salon_app.components.data_table import scroll_table
from salon_app.components.layout import empty_state, section
from salon_app.i18n import t
from salon_app.merchant.technicians.team_state import TeamState as T


def _post_choice(post: rx.Var) -> rx.Component:
    return rx.checkbox(
        post["name"],
        checked=T.chosen_posts.contains(post["id"]),
        on_change=lambda on: T.toggle_post(post["id"], on),
        class_name="post-choice",
    )


def _posts_cell(m: rx.Var) -> rx.Component:
    return rx.cond(
        T.editing_posts_for == m["id"],
        rx.vstack(
            rx.flex(rx.foreach(T.posts, _post_choice), wrap="wrap", gap="8px"),
            rx.hstack(
                rx.button(t("team.save"), on_click=T.save_posts, size="1", class_name="save-posts"),
                rx.button(t("team.cancel"), on_click=T.cancel_posts, size="1", variant="ghost"),
            ),
            spacing="2",
        ),
        rx.hstack(
            rx.text(m["posts"], size="2", class_name="member-posts"),
            rx.icon_button(
                rx.icon("pencil", size=14),
                on_click=T.edit_posts(m["id"]),
                size="1",
                variant="ghost",
                aria_label=t("team.edit_posts"),
                class_name="edit-posts",
            ),
            align="center",
        ),
    )


def _area(area: rx.Var) -> rx.Component:
    return rx.badge(
        area["label"],
        rx.icon(
            "x",
            size=12,
            cursor="pointer",
            on_click=T.remove_area(area["id"]),
            aria_label=t("team.remove_area"),
            class_name="remove-area",
        ),
        variant="soft",
        class_name="member-area",
    )


def _areas_cell(m: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.flex(rx.foreach(T.areas[m["id"]], _area), wrap="wrap", gap="4px"),
        rx.form(
            rx.el.input(type="hidden", name="technician_id", value=m["id"]),
            rx.hstack(
                rx.input(
                    name="address",
                    placeholder=t("team.area_address"),
                    size="1",
                    class_name="area-address",
                ),
                rx.input(
                    name="radius_km",
                    placeholder=t("team.area_radius"),
                    size="1",
                    width="64px",
                    class_name="area-radius",
                ),
                rx.button(t("team.add_area"), type="submit", size="1", class_name="add-area"),
                spacing="1",
            ),
            on_submit=T.add_area,
            reset_on_submit=True,
        ),
        spacing="1",
    )


def _member(m: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.hstack(
                rx.cond(
                    m["photo"] != "",
                    rx.avatar(src=m["photo"], size="3"),
                    rx.avatar(fallback=m["name"].to(str)[:1], size="3"),
                ),
                rx.text(m["name"], weight="medium", class_name="member-name"),
                align="center",
            )
        ),
        rx.table.cell(rx.badge(m["status_label"], class_name="member-status")),
        rx.table.cell(_posts_cell(m)),
        rx.table.cell(
            rx.text(
                m["certificates"],
                size="2",
                color=rx.cond(m["flagged"] != "", "var(--amber-11)", "inherit"),
                class_name="member-certificates",
            )
        ),
        rx.table.cell(_areas_cell(m)),
        class_name="member-row",
    )


def _post(post: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(post["name"], weight="medium"),
        rx.text(post["holders"], size="1", color_scheme="gray"),
        rx.icon_button(
            rx.icon("trash-2", size=14),
            on_click=T.remove_post(post["id"]),
            size="1",
            variant="ghost",
            color_scheme="red",
            aria_label=t("team.remove_post"),
            class_name="remove-post",
        ),
        align="center",
        class_name="post",
    )


def team_tab() -> rx.Component:
    headers = ["technician", "status", "posts", "certificates", "areas"]
    return rx.vstack(
        rx.cond(
            T.members.length() > 0,
            scroll_table(
                [f"team.col.{h}" for h in headers], rx.foreach(T.members, _member), "team"
            ),
            empty_state(t("team.no_members")),
        ),
        section(
            t("team.posts"),
            rx.flex(rx.foreach(T.posts, _post), wrap="wrap", gap="16px", id="posts"),
            rx.form(
                rx.hstack(
                    rx.input(name="name", placeholder=t("team.post_name"), id="post-name"),
                    rx.button(t("team.add_post"), type="submit", id="add-post"),
                ),
                on_submit=T.add_post,
                reset_on_submit=True,
            ),
        ),
        width="100%",
        spacing="4",
    )
