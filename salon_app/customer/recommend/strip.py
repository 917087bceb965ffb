"""猜你喜欢 as one horizontal strip of picture cards: `recommend_strip()` is the one line a page
adds (it loads itself when shown)."""

from __future__ import annotations

import reflex as rx

from salon_app.components.photos import avatar, picture
from salon_app.components.skeleton import skeleton_box, when_loaded
from salon_app.customer.recommend.state import RecommendState as R
from salon_app.i18n import t

CARD_WIDTH = "150px"
STRIP_HEIGHT = "204px"  # the title and a row of cards: kept free until the first answer


def _picture(src: rx.Var, icon: str, alt: rx.Var) -> rx.Component:
    return rx.cond(
        src != "",
        picture(src, alt, 240, 160, style={"height": "96px", "border_radius": "8px"}),
        rx.center(
            rx.icon(icon, size=28, color="var(--accent-9)"),
            width="100%",
            height="96px",
            border_radius="8px",
            background="var(--accent-3)",
        ),
    )


def _service(card: rx.Var) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                _picture(card["image"], "sparkles", card["name"]),
                rx.text(
                    card["name"],
                    weight="bold",
                    size="2",
                    color="var(--gray-12)",
                    class_name="recommend-name",
                ),
                rx.hstack(
                    rx.badge(card["category"], variant="soft", size="1"),
                    rx.text(card["price"], size="1", color_scheme="crimson"),
                    spacing="2",
                    align="center",
                ),
                spacing="1",
            ),
            width=CARD_WIDTH,
        ),
        href=card["href"],
        underline="none",
        flex_shrink="0",
        class_name="recommend-service",
    )


def _technician(card: rx.Var) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                avatar(card["photo"], card["name"], "5"),
                rx.text(
                    card["name"],
                    weight="bold",
                    size="2",
                    color="var(--gray-12)",
                    class_name="recommend-name",
                ),
                rx.hstack(
                    rx.text(card["rating"], size="1", color_scheme="gray"),
                    rx.cond(card["before"] != "", rx.badge(card["before"], size="1")),
                    spacing="2",
                ),
                align="center",
                spacing="1",
            ),
            width="120px",
        ),
        href=card["href"],
        underline="none",
        flex_shrink="0",
        class_name="recommend-technician",
    )


def recommend_strip(service_slug: rx.Var | None = None) -> rx.Component:
    """The strip; on a service page, pass its slug (what is booked with it comes first)."""
    shown = rx.cond(
        R.services.length() > 0,
        rx.vstack(
            rx.hstack(
                rx.heading(t("recommend.title"), size="4"),
                rx.text(R.basis, size="1", color_scheme="gray", id="recommend-basis"),
                align="baseline",
                spacing="3",
                wrap="wrap",
            ),
            rx.hstack(
                rx.foreach(R.services, _service),
                rx.foreach(R.technicians, _technician),
                spacing="3",
                overflow_x="auto",
                width="100%",
                padding_bottom="4px",
            ),
            width="100%",
            spacing="2",
            id="recommend",
        ),
    )
    # Before the first answer: the strip's room, so the page under it does not move.
    shown = when_loaded(R.loaded, shown, skeleton_box(STRIP_HEIGHT))
    if service_slug is None:  # loads again whenever the page is shown
        return rx.box(shown, on_mount=R.load(""), width="100%")
    # Only once the page knows its service; another service page remounts it (its key).
    return rx.cond(
        service_slug != "",
        rx.box(shown, on_mount=R.load(service_slug), width="100%", key=service_slug),
    )
