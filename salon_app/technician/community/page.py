"""The community (/tech/community), phone first: boards as tabs, search, category chips, the
post list with pages, and the new post form with pictures."""

from __future__ import annotations

import reflex as rx

from salon_app.components.form import error_callout
from salon_app.components.layout import guarded, link_card, list_or_empty, page
from salon_app.components.photos import image_picker
from salon_app.components.tabs import tab_bar
from salon_app.core.services import community
from salon_app.i18n import t
from salon_app.technician.community.state import CATEGORY_TABS
from salon_app.technician.community.state import CommunityState as C


def status_badge(r: rx.Var) -> rx.Component:
    return rx.cond(
        r["status"] != "published",
        rx.badge(
            r["status_text"],
            color_scheme=rx.cond(r["status"] == "pending", "amber", "red"),
            class_name="post-status",
        ),
    )


def _post_card(r: rx.Var) -> rx.Component:
    return link_card(
        rx.hstack(
            rx.vstack(
                rx.hstack(
                    rx.badge(r["category"], variant="soft"),
                    status_badge(r),
                    rx.cond(
                        r["answered"] != "",
                        rx.badge(t("community.answered"), color_scheme="green"),
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
                rx.text(r["title"], weight="bold", class_name="post-title"),
                rx.text(r["excerpt"], size="2", color_scheme="gray", class_name="post-excerpt"),
                rx.hstack(
                    rx.text(r["by"], size="1", color_scheme="gray"),
                    rx.spacer(),
                    rx.text(r["likes"], " · ", r["comments"], size="1", color_scheme="gray"),
                    width="100%",
                ),
                spacing="1",
                width="100%",
                min_width="0",
            ),
            rx.cond(
                r["cover"] != "",
                rx.image(
                    src=r["cover"],
                    width="64px",
                    height="64px",
                    object_fit="cover",
                    border_radius="8px",
                    flex_shrink="0",
                ),
            ),
            width="100%",
            align="start",
        ),
        href=r["href"],
        class_name="post-card",
    )


def _board_tabs() -> rx.Component:
    return rx.hstack(
        rx.foreach(
            C.boards,
            lambda b: rx.button(
                rx.cond(b == "shop", t("community.board.shop"), t("community.board.platform")),
                on_click=C.choose_board(b),
                variant=rx.cond(C.board == b, "solid", "soft"),
                id="board-" + b,
            ),
        ),
        spacing="2",
    )


def _search() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                name="search",
                default_value=C.search,
                placeholder=t("community.search"),
                id="post-search",
                flex="1",
            ),
            rx.button(t("community.search"), type="submit", variant="soft", id="search-submit"),
            width="100%",
        ),
        on_submit=C.search_posts,
        width="100%",
    )


def _image_previews() -> rx.Component:
    return rx.flex(
        rx.foreach(
            C.previews,
            lambda url, i: rx.vstack(
                rx.image(src=url, width="64px", height="64px", object_fit="cover", radius="6px"),
                rx.button(
                    "×",
                    type="button",
                    size="1",
                    variant="ghost",
                    color_scheme="red",
                    on_click=C.remove_image(i),
                ),
                spacing="1",
                align="center",
            ),
        ),
        gap="8px",
        wrap="wrap",
        id="post-previews",
    )


def _new_post_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.input(
                    name="title",
                    placeholder=t("community.post_title"),
                    id="post-title",
                    max_length=community.TITLE_MAX,
                    width="100%",
                ),
                rx.text_area(
                    name="body",
                    placeholder=t("community.post_body"),
                    id="post-body",
                    rows="6",
                    width="100%",
                ),
                rx.select.root(
                    rx.select.trigger(
                        placeholder=t("community.category"), id="post-category", width="100%"
                    ),
                    rx.select.content(
                        *[
                            rx.select.item(t(f"community.category.{c}"), value=c)
                            for c in community.CATEGORIES
                        ]
                    ),
                    name="category",
                ),
                image_picker(
                    "post-images",
                    t("community.add_images", max=community.IMAGES_MAX),
                    C.add_images,
                    C.images_rejected,
                    max_files=community.IMAGES_MAX,
                ),
                _image_previews(),
                error_callout(C.form_error, "post-error"),
                rx.button(t("community.publish"), type="submit", id="post-submit", width="100%"),
                spacing="3",
                width="100%",
            ),
            on_submit=C.publish,
            reset_on_submit=False,
        ),
        width="100%",
        id="new-post",
    )


def _pager() -> rx.Component:
    return rx.hstack(
        rx.button(
            t("community.previous"),
            on_click=C.previous_page,
            disabled=C.page <= 1,
            variant="soft",
            size="1",
            id="posts-previous",
        ),
        rx.spacer(),
        rx.text(t("community.page", page=C.page, pages=C.pages), size="2", color_scheme="gray"),
        rx.spacer(),
        rx.button(
            t("community.next"),
            on_click=C.next_page,
            disabled=C.page >= C.pages,
            variant="soft",
            size="1",
            id="posts-next",
        ),
        width="100%",
        align="center",
    )


def community_page() -> rx.Component:
    return page(
        guarded(
            rx.vstack(
                rx.hstack(
                    rx.heading(t("community.title"), size="6"),
                    rx.spacer(),
                    rx.button(
                        rx.icon("square-pen", size=16),
                        t("community.new_post"),
                        on_click=C.toggle_compose,
                        id="compose",
                    ),
                    width="100%",
                    align="center",
                ),
                _board_tabs(),
                rx.cond(C.composing, _new_post_form()),
                _search(),
                rx.box(
                    tab_bar(
                        CATEGORY_TABS,
                        C.category,
                        C.choose_category,
                        "community.category",
                        "category",
                        size="1",
                    ),
                    overflow_x="auto",
                    width="100%",
                ),
                list_or_empty(C.rows, _post_card, "posts"),
                _pager(),
                spacing="4",
                width="100%",
            )
        ),
        subtitle=t("nav.tech_home"),
    )
