"""/admin/community and /merchant/community: the moderation queue as a table (search, sort,
pages) with each post's decisions, the figures and a chart, the word filter's editor; the
shop's page also has a new post form for its staff."""

from __future__ import annotations

import reflex as rx

from salon_app.community_desk.state import CommunityDeskState as D
from salon_app.components.charts import Series, bar_chart
from salon_app.components.data_table import Column, data_table
from salon_app.components.layout import section, stat, stat_grid
from salon_app.components.tabs import tab_bar
from salon_app.core.services import community
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.platform.frame import admin_dashboard

DECISIONS_FOR = {
    "pending": ("approve", "hide", "delete"),
    "published": ("hide", "delete"),
    "hidden": ("restore", "delete"),
}


def _title(r: rx.Var) -> rx.Component:
    return rx.link(r["title"], href=r["href"], class_name="desk-post-title")


def _status(r: rx.Var) -> rx.Component:
    colour = rx.match(r["status"], ("pending", "amber"), ("hidden", "red"), "green")
    return rx.badge(r["status_text"], color_scheme=colour, class_name="desk-status")


def _decisions(r: rx.Var) -> rx.Component:
    def buttons(decisions: tuple[str, ...]) -> rx.Component:
        return rx.hstack(
            *[
                rx.button(
                    t(f"community.decision.{d}"),
                    on_click=D.moderate(r["id"], d),
                    size="1",
                    variant="soft",
                    color_scheme="red" if d in ("hide", "delete") else "green",
                    class_name=f"desk-{d}",
                )
                for d in decisions
            ],
            spacing="1",
        )

    return rx.cond(
        D.can_moderate,
        rx.match(r["status"], *[(s, buttons(d)) for s, d in DECISIONS_FOR.items()], rx.fragment()),
    )


COLUMNS = [
    Column("title", "community.col.title", sortable=True, render=_title),
    Column("board", "community.col.board"),
    Column("author", "community.col.author"),
    Column("category", "community.col.category"),
    Column("status", "community.col.status", render=_status),
    Column("flags", "community.col.flags", sortable=True),
    Column("activity", "community.col.activity"),
    Column("created", "community.col.created", sortable=True),
]


def _queue() -> rx.Component:
    return rx.vstack(
        rx.cond(
            D.can_moderate,
            tab_bar(community.QUEUES, D.queue, D.choose_queue, "community.queue", "queue"),
        ),
        data_table(D, COLUMNS, D.rows, "community-table", actions=_decisions),
        width="100%",
        spacing="3",
    )


def _figures() -> rx.Component:
    return rx.vstack(
        stat_grid(
            rx.foreach(D.figures, lambda f: stat(f["label"], f["value"], "figure-" + f["key"]))
        ),
        bar_chart(
            D.chart,
            "day",
            [
                Series("posts", "community.chart.posts"),
                Series("comments", "community.chart.comments"),
            ],
            "community-chart",
            t("community.chart"),
        ),
        width="100%",
    )


def _words() -> rx.Component:
    return section(
        t("community.words"),
        rx.text(t("community.words_hint"), size="2", color_scheme="gray"),
        rx.form(
            rx.hstack(
                rx.input(name="word", placeholder=t("community.word_new"), id="word-input"),
                rx.button(t("community.word_add"), type="submit", id="word-add"),
            ),
            on_submit=D.add_word,
            reset_on_submit=True,
        ),
        rx.flex(
            rx.foreach(
                D.words,
                lambda w: rx.badge(
                    w["word"],
                    rx.icon_button(
                        rx.icon("x", size=12),
                        on_click=D.remove_word(w["id"]),
                        size="1",
                        variant="ghost",
                        aria_label=t("community.word_remove"),
                    ),
                    size="2",
                    class_name="blocked-word",
                ),
            ),
            gap="8px",
            wrap="wrap",
            id="blocked-words",
        ),
        id="word-filter",
    )


def _shop_post_form() -> rx.Component:
    return rx.cond(
        D.composing,
        rx.card(
            rx.form(
                rx.vstack(
                    rx.input(name="title", placeholder=t("community.post_title"), id="post-title"),
                    rx.text_area(name="body", placeholder=t("community.post_body"), id="post-body"),
                    rx.select.root(
                        rx.select.trigger(placeholder=t("community.category"), id="post-category"),
                        rx.select.content(
                            *[
                                rx.select.item(t(f"community.category.{c}"), value=c)
                                for c in community.CATEGORIES
                            ]
                        ),
                        name="category",
                    ),
                    rx.button(t("community.publish"), type="submit", id="post-submit"),
                    width="100%",
                ),
                on_submit=D.publish,
            ),
            width="100%",
            max_width="560px",
        ),
        rx.button(t("community.new_post"), on_click=D.toggle_compose, id="compose"),
    )


def admin_community_page() -> rx.Component:
    return admin_dashboard(
        t("community.admin_title"),
        _figures(),
        _queue(),
        _words(),
    )


def merchant_community_page() -> rx.Component:
    return merchant_dashboard(
        t("community.merchant_title"),
        rx.text(t("community.shop_board_hint"), size="2", color_scheme="gray"),
        _shop_post_form(),
        _queue(),
    )
