"""Placeholders that hold the room of content still on its way (the page never jumps).

The production build sends each page as HTML drawn with empty state; what a page's load
handler fetches arrives a moment later over the socket. Until then a page shows these grey
boxes, each the size of what will replace it, so nothing under them moves when it arrives
(Lighthouse's layout shift; a thumb about to tap a link).
"""

from __future__ import annotations

import reflex as rx

from salon_app.components.layout import header

BOX = {"background": "var(--gray-a3)", "border_radius": "12px"}


def skeleton_box(height: str, **props: object) -> rx.Component:
    """One grey box, the full width of its column, `height` high."""
    return rx.box(width="100%", height=height, aria_hidden="true", **{**BOX, **props})


def skeleton_grid(count: int, height: str, columns: str | rx.Var, **props: object) -> rx.Component:
    """`count` boxes in the grid a list of cards will fill (same columns, same gap)."""
    return rx.grid(
        *[skeleton_box(height) for _ in range(count)],
        columns=columns,
        spacing="3",
        width="100%",
        class_name="skeleton",
        **props,
    )


def when_loaded(loaded: rx.Var, content: rx.Component, placeholder: rx.Component) -> rx.Component:
    """`content` once the page's data is there, `placeholder` (same size) before."""
    return rx.cond(loaded, content, placeholder)


def skeleton_page(*heights: str) -> rx.Component:
    """A page's body while its load handler runs: boxes of the given heights (a cover, a card,
    ...), together taller than a phone's screen. When the data arrives it replaces them whole,
    so nothing that was on the screen moves (a new element is not a layout shift; a moved one
    is)."""
    return rx.vstack(
        *[skeleton_box(h) for h in heights or PAGE_HEIGHTS],
        spacing="4",
        width="100%",
        class_name="skeleton",
    )


PAGE_HEIGHTS = ("240px", "120px", "320px", "320px")  # with the gaps: more than a phone's 844px


def loading_page() -> rx.Component:
    """A page not drawn at build time (a service, a technician, an order: their address holds
    an id) until its scripts have run: the header and placeholders, sent as the HTML itself
    (the app's `hydrate_fallback`), so a phone shows the frame at once instead of a blank
    screen. Nothing here reads state: it is drawn before there is any."""
    return rx.box(
        header("", rx.box()),
        rx.container(skeleton_page(), size="3", padding_x="16px", padding_y="16px"),
        min_height="100vh",
    )
