"""Pieces several customer pages share: the search bar, the service card, a review, the
address form."""

from __future__ import annotations

import reflex as rx

from salon_app.components.layout import link_card
from salon_app.components.photos import photo_row, picture
from salon_app.customer.browse.state import SearchState
from salon_app.i18n import t


def search_bar(default: rx.Var | str = "") -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                name="q",
                id="search-input",
                placeholder=t("search.placeholder"),
                default_value=default,
                width="100%",
                size="3",
            ),
            rx.button(
                rx.icon("search"),
                type="submit",
                size="3",
                id="search-submit",
                aria_label=t("search.submit"),
            ),
            width="100%",
        ),
        on_submit=SearchState.submit,
        width="100%",
    )


def cover(row: rx.Var, key: str = "thumb", side: str = "top", eager: bool = False) -> rx.Component:
    """A catalogue row's cover across the top of its card (4:3, the room kept while it loads);
    `eager` for cards on the first screen (fetched at once, not when scrolled near)."""
    return rx.cond(
        row[key] != "",
        rx.inset(
            picture(row[key], row["name"], eager=eager), side=side, pb="current", class_name="cover"
        ),
    )


def service_card(service: rx.Var, extra: rx.Var) -> rx.Component:
    return link_card(
        cover(service),
        rx.vstack(
            rx.hstack(
                rx.text(service["name"], weight="bold", size="3"),
                rx.badge(service["category"], variant="outline"),
                align="center",
                wrap="wrap",
            ),
            rx.text(
                service["summary"],
                size="2",
                color_scheme="gray",
                style={
                    "display": "-webkit-box",
                    "-webkit-line-clamp": "2",
                    "-webkit-box-orient": "vertical",
                    "overflow": "hidden",
                },
            ),
            rx.hstack(
                rx.text(service["price"], color_scheme="crimson", weight="medium", size="2"),
                rx.text(service["duration"], size="1", color_scheme="gray"),
                rx.text(service["mode"], size="1", color_scheme="gray"),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            rx.text(extra, size="1", color_scheme="gray"),
            spacing="1",
        ),
        href=service["href"],
        class_name="service-card",
    )


def review_item(r: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(r["who"], weight="medium"),
            rx.text(r["scores"], size="1"),
            rx.spacer(),
            rx.text(r["date"], size="1", color_scheme="gray"),
            width="100%",
        ),
        rx.text(r["text"], size="2"),
        rx.cond(r["photos"] != "", photo_row(r["photos"].split(" "), size="64px")),
        rx.cond(
            r["reply"] != "",
            rx.text(t("review.shop_reply"), "：", r["reply"], size="1", color_scheme="gray"),
        ),
        spacing="1",
        width="100%",
        class_name="review",
    )


def address_form(on_submit: rx.EventHandler, id_prefix: str, *below: rx.Component) -> rx.Component:
    """Where an at-home service should happen: the address and 定位 (`on_submit` locates it)."""
    return rx.form(
        rx.hstack(
            rx.input(
                name="address",
                id=f"{id_prefix}address",
                placeholder=t("booking.address"),
                width="100%",
            ),
            rx.button(t("booking.locate"), type="submit", id=f"{id_prefix}locate"),
            width="100%",
        ),
        *below,
        on_submit=on_submit,
        width="100%",
    )
