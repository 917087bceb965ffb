"""Announcements (/merchant/announcements): the list, the editor, and each one's actions."""

from __future__ import annotations

import reflex as rx

from salon_app.components.data_table import scroll_table
from salon_app.components.layout import empty_state, guarded
from salon_app.i18n import t
from salon_app.merchant.announcements.state import AUDIENCES
from salon_app.merchant.announcements.state import AnnouncementsState as A
from salon_app.merchant.frame import merchant_dashboard


def _editor() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(
                rx.cond(A.editing == "new", t("notice_board.new"), t("notice_board.edit")),
                size="4",
            ),
            rx.input(
                value=A.title,
                on_change=A.set_title,
                placeholder=t("field.announcement_title"),
                id="announcement-title",
                width="100%",
            ),
            rx.text_area(
                value=A.body,
                on_change=A.set_body,
                placeholder=t("field.announcement_body"),
                id="announcement-body",
                rows="5",
                width="100%",
            ),
            rx.hstack(
                rx.text(t("notice_board.audience"), size="2"),
                rx.radio_group.root(
                    rx.hstack(
                        *[
                            rx.radio_group.item(
                                t(f"announcement.audience.{a}"), value=a, id=f"audience-{a}"
                            )
                            for a in AUDIENCES
                        ]
                    ),
                    value=A.audience,
                    on_change=A.set_audience,
                    disabled=A.audience_fixed,
                ),
                align="center",
                wrap="wrap",
            ),
            rx.hstack(
                rx.text(t("notice_board.expires_at"), size="2"),
                rx.input(
                    type="datetime-local",
                    value=A.expires,
                    on_change=A.set_expires,
                    id="announcement-expires",
                ),
                rx.checkbox(
                    t("notice_board.pin"),
                    checked=A.pinned,
                    on_change=A.set_pinned,
                    id="announcement-pinned",
                ),
                align="center",
                wrap="wrap",
            ),
            rx.hstack(
                rx.button(t("notice_board.save"), on_click=A.save, id="announcement-save"),
                rx.button(t("team.cancel"), on_click=A.cancel, variant="ghost"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="announcement-editor",
    )


def _actions(a: rx.Var) -> rx.Component:
    def button(label: str, event: rx.EventSpec, name: str, **props: object) -> rx.Component:
        return rx.button(label, on_click=event, size="1", variant="soft", class_name=name, **props)

    return rx.hstack(
        rx.cond(a["state"] != "expired", button(t("notice_board.edit"), A.edit(a["id"]), "edit")),
        rx.cond(
            a["state"] == "draft",
            button(t("notice_board.publish"), A.publish(a["id"]), "publish", color_scheme="green"),
        ),
        rx.cond(
            a["pinned"] == "1",
            button(t("notice_board.unpin"), A.pin(a["id"], False), "unpin"),
            button(t("notice_board.pin"), A.pin(a["id"], True), "pin"),
        ),
        rx.cond(
            a["state"] == "published",
            button(t("notice_board.expire"), A.expire(a["id"]), "expire", color_scheme="amber"),
        ),
        rx.cond(
            a["state"] == "draft",
            button(t("notice_board.delete"), A.delete(a["id"]), "delete", color_scheme="red"),
        ),
        wrap="wrap",
        spacing="1",
    )


def _row(a: rx.Var) -> rx.Component:
    colour = rx.match(a["state"], ("published", "green"), ("draft", "gray"), "amber")
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.hstack(
                    rx.cond(a["pinned"] == "1", rx.icon("pin", size=14, class_name="pinned")),
                    rx.text(a["title"], weight="medium", class_name="announcement-title"),
                    align="center",
                ),
                rx.text(a["body"], size="1", color_scheme="gray", trim="end", max_width="360px"),
                spacing="0",
            )
        ),
        rx.table.cell(
            rx.badge(a["state_label"], color_scheme=colour, class_name="announcement-state")
        ),
        rx.table.cell(a["audience_label"]),
        rx.table.cell(a["published"]),
        rx.table.cell(a["expires"]),
        rx.table.cell(a["notified"]),
        rx.table.cell(_actions(a)),
        class_name="announcement-row",
    )


def announcements_page() -> rx.Component:
    headers = ["title", "state", "audience", "published", "expires", "notified", "actions"]
    return merchant_dashboard(
        t("merchant.nav.announcements"),
        guarded(
            rx.vstack(
                rx.cond(
                    A.editing == "",
                    rx.button(
                        rx.icon("plus", size=16),
                        t("notice_board.new"),
                        on_click=A.new_draft,
                        id="new-announcement",
                    ),
                    _editor(),
                ),
                rx.cond(
                    A.rows.length() > 0,
                    scroll_table(
                        [f"notice_board.col.{h}" for h in headers],
                        rx.foreach(A.rows, _row),
                        "announcements",
                    ),
                    empty_state(t("notice_board.none")),
                ),
                width="100%",
                spacing="4",
            )
        ),
    )
