"""/shop/<id>: a shop as customers meet it, on a phone first: photos, hours, its technicians,
services and reviews."""

from __future__ import annotations

import reflex as rx

from salon_app.components.city_map import city_map, svg
from salon_app.components.layout import empty_state, link_card, list_or_empty, page, section
from salon_app.components.photos import avatar
from salon_app.customer.shop.state import ShopPageState as S
from salon_app.i18n import t


def _gallery() -> rx.Component:
    """The photos side by side, scrolling sideways (the first is the cover)."""
    return rx.cond(
        S.photos.length() > 0,
        rx.flex(
            rx.foreach(
                S.photos,
                lambda m: rx.image(
                    src=m["url"],
                    alt=m["caption"],
                    height="220px",
                    min_width="300px",
                    max_width="85%",
                    object_fit="cover",
                    border_radius="12px",
                    class_name="shop-photo",
                ),
            ),
            gap="8px",
            overflow_x="auto",
            scroll_snap_type="x mandatory",
            width="100%",
            id="shop-gallery",
        ),
    )


def _videos() -> rx.Component:
    return rx.cond(
        S.videos.length() > 0,
        section(
            t("shop_public.videos"),
            rx.foreach(
                S.videos,
                lambda v: rx.el.video(
                    rx.el.source(src=v["url"], type=v["type"]),
                    controls=True,
                    preload="metadata",
                    plays_inline=True,
                    width="100%",
                    border_radius="12px",
                    class_name="shop-video",
                ),
            ),
        ),
    )


def _head() -> rx.Component:
    s = S.shop
    return rx.vstack(
        rx.heading(s["name"], size="7", id="shop-name"),
        rx.hstack(
            rx.icon("star", size=16, color="var(--amber-9)"),
            rx.text(s["rating"], size="2", id="shop-rating"),
            align="center",
        ),
        rx.hstack(
            rx.icon("map-pin", size=16),
            rx.text(s["address"], size="2", id="shop-address"),
            align="center",
        ),
        rx.cond(s["phone"] != "", rx.text(s["phone"], size="2", color_scheme="gray")),
        rx.cond(s["intro"] != "", rx.text(s["intro"], size="2", white_space="pre-wrap")),
        spacing="2",
        width="100%",
    )


def _location() -> rx.Component:
    """Where the shop is in the city: a pin on the offline district map, its district named."""
    pin = S.map_pin
    return section(
        t("shop_public.location"),
        city_map(
            S.map_districts,
            S.map_view_box,
            svg.g(
                svg.title(S.shop["name"]),
                svg.line(
                    x1=pin["x"],
                    y1=pin["head_y"],
                    x2=pin["x"],
                    y2=pin["y"],
                    stroke="var(--accent-11)",
                    stroke_width="4",
                ),
                svg.circle(
                    cx=pin["x"],
                    cy=pin["head_y"],
                    r="16",
                    fill="var(--accent-9)",
                    stroke="white",
                    stroke_width="4",
                ),
                id="shop-map-pin",
            ),
            map_id="shop-map",
            label=t("shop_public.location"),
            tiles=S.map_tiles,
        ),
        rx.text(S.shop["district"], " · ", S.shop["address"], size="2", color_scheme="gray"),
    )


def _day(d: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(d["label"], weight=rx.cond(d["today"] != "", "bold", "regular"), min_width="40px"),
        rx.cond(d["today"] != "", rx.badge(t("shop_public.today"), size="1")),
        rx.spacer(),
        rx.text(
            d["text"],
            size="2",
            color=rx.cond(d["closed"] != "", "var(--gray-10)", "inherit"),
            class_name="day-hours",
        ),
        width="100%",
        padding_x="8px",
        padding_y="4px",
        border_radius="6px",
        background=rx.cond(d["today"] != "", "var(--accent-a3)", "transparent"),
        id="hours-day-" + d["weekday"],
        aria_current=rx.cond(d["today"] != "", "date", "false"),
    )


def _hours() -> rx.Component:
    return section(
        t("shop_public.hours"),
        rx.cond(
            S.shop["hours_unset"] != "",
            rx.text(t("shop_public.hours_unset"), size="2", color_scheme="gray"),
            rx.vstack(rx.foreach(S.week, _day), spacing="0", width="100%", id="shop-hours"),
        ),
        rx.cond(
            S.closures.length() > 0,
            rx.vstack(
                rx.text(t("shop_public.closures"), size="2", weight="medium"),
                rx.foreach(
                    S.closures,
                    lambda c: rx.hstack(
                        rx.icon("calendar-off", size=14),
                        rx.text(c["span"], size="2"),
                        rx.text(c["reason"], size="2", color_scheme="gray"),
                        class_name="shop-closure",
                    ),
                ),
                spacing="1",
                width="100%",
            ),
        ),
    )


def _announcements() -> rx.Component:
    return rx.cond(
        S.announcements.length() > 0,
        section(
            t("shop_public.announcements"),
            rx.foreach(
                S.announcements,
                lambda a: rx.card(
                    rx.vstack(
                        rx.hstack(
                            rx.cond(
                                a["pinned"] != "",
                                rx.badge(t("shop_public.pinned"), color_scheme="orange"),
                            ),
                            rx.text(a["title"], weight="bold"),
                            rx.spacer(),
                            rx.text(a["at"], size="1", color_scheme="gray"),
                            width="100%",
                            align="center",
                        ),
                        rx.text(a["body"], size="2", white_space="pre-wrap"),
                        spacing="1",
                    ),
                    width="100%",
                    class_name="shop-announcement",
                ),
            ),
        ),
    )


def _technician(c: rx.Var) -> rx.Component:
    return link_card(
        rx.vstack(
            avatar(c["photo"], c["name"], "5"),
            rx.text(c["name"], weight="bold"),
            rx.text(c["rating"], size="1"),
            rx.text(c["years"], size="1", color_scheme="gray"),
            rx.cond(c["posts"] != "", rx.text(c["posts"], size="1", color_scheme="gray")),
            align="center",
            spacing="1",
        ),
        href=c["href"],
        class_name="shop-technician",
        min_width="140px",
        max_width="160px",
    )


def _technicians() -> rx.Component:
    return section(
        t("shop_public.technicians"),
        rx.cond(
            S.technicians.length() > 0,
            rx.flex(
                rx.foreach(S.technicians, _technician),
                gap="8px",
                overflow_x="auto",
                width="100%",
                id="shop-technicians",
            ),
            empty_state(),
        ),
    )


def _service(s: rx.Var) -> rx.Component:
    return link_card(
        rx.hstack(
            rx.vstack(
                rx.text(s["name"], weight="bold"),
                rx.text(
                    s["category"],
                    " · ",
                    s["duration"],
                    " · ",
                    s["modes"],
                    size="1",
                    color_scheme="gray",
                ),
                spacing="1",
            ),
            rx.spacer(),
            rx.text(s["price"], weight="bold", color="var(--accent-11)"),
            width="100%",
            align="center",
        ),
        href=s["href"],
        class_name="shop-service",
    )


def _services() -> rx.Component:
    return section(
        t("shop_public.services"),
        list_or_empty(S.services, _service, "shop-services"),
    )


def _review(r: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(r["customer"], weight="bold", size="2"),
                rx.text(r["technician"], size="1", color_scheme="gray"),
                rx.spacer(),
                rx.text(r["at"], size="1", color_scheme="gray"),
                width="100%",
            ),
            rx.text(r["scores"], size="1", color_scheme="gray"),
            rx.text(r["text"], size="2"),
            rx.cond(
                r["reply"] != "",
                rx.box(
                    rx.text(
                        t("shop_public.reply"),
                        r["reply"],
                        r["edited"],
                        size="2",
                        class_name="shop-reply",
                    ),
                    background="var(--gray-a3)",
                    padding="8px",
                    border_radius="8px",
                    width="100%",
                ),
            ),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name="shop-review",
    )


def _reviews() -> rx.Component:
    return section(
        t("shop_public.reviews"),
        list_or_empty(S.reviews, _review),
        rx.cond(
            S.more_reviews,
            rx.button(
                t("shop_public.more_reviews"),
                on_click=S.load_more_reviews,
                variant="soft",
                width="100%",
                id="more-reviews",
            ),
        ),
    )


def shop_page() -> rx.Component:
    return page(
        rx.cond(
            S.found,
            rx.vstack(
                _gallery(),
                _head(),
                _announcements(),
                _hours(),
                _location(),
                _videos(),
                _technicians(),
                _services(),
                _reviews(),
                spacing="5",
                width="100%",
            ),
            empty_state(t("shop_public.not_found")),
        )
    )
