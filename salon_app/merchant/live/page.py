"""The live map page: the city drawn offline as SVG with the shop's technicians (coloured by live
status, greyed when their position is stale) and today's orders, and a list beside it."""

from __future__ import annotations

import reflex as rx

from salon_app.components.city_map import city_map, svg
from salon_app.components.layout import empty_state, section
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.merchant.live.drawing import STALE_COLOUR
from salon_app.merchant.live.state import LiveMapState as S


def _order(o: rx.Var) -> rx.Component:
    return svg.rect(
        svg.title(o["title"]),
        x=o["x"],
        y=o["y"],
        width="10",
        height="10",
        fill="var(--violet-9)",
        stroke="white",
        stroke_width="1.5",
        class_name="map-order",
    )


def _technician(m: rx.Var) -> rx.Component:
    return rx.cond(
        m["on_map"] != "",
        svg.circle(
            svg.title(m["title"]),
            cx=m["x"],
            cy=m["y"],
            r="9",
            fill=m["fill"],
            stroke=rx.cond(m["stale"] != "", m["colour"], "white"),
            stroke_width="3",
            stroke_dasharray=rx.cond(m["stale"] != "", "3 2", "none"),
            class_name=f"map-technician status-{m['status']}",
            custom_attrs={"data-technician": m["id"]},
        ),
    )


def _shop() -> rx.Component:
    return svg.g(
        svg.title(S.shop["name"]),
        svg.rect(
            x=S.shop["corner_x"],
            y=S.shop["corner_y"],
            width="22",
            height="22",
            rx="4",
            fill="var(--accent-9)",
            stroke="white",
            stroke_width="2",
        ),
        svg.text(
            t("live.shop_mark"),
            x=S.shop["x"],
            y=S.shop["text_y"],
            text_anchor="middle",
            font_size="15px",
            fill="white",
        ),
        id="map-shop",
    )


def _map() -> rx.Component:
    return city_map(
        S.districts,
        S.view_box,
        rx.foreach(S.orders, _order),
        rx.foreach(S.techs, _technician),
        _shop(),
        map_id="live-map",
        label=t("live.map_label"),
        tiles=S.tiles,
    )


def _swatch(colour: str | rx.Var, shape: str = "50%") -> rx.Component:
    return rx.box(width="12px", height="12px", border_radius=shape, background=colour)


def _legend() -> rx.Component:
    return rx.flex(
        rx.foreach(
            S.counts,
            lambda c: rx.hstack(
                _swatch(c["colour"]),
                rx.text(c["label"], " ", c["count"], size="1"),
                align="center",
                spacing="1",
                class_name=f"legend-{c['status']}",
            ),
        ),
        rx.hstack(
            _swatch(STALE_COLOUR), rx.text(t("live.stale"), size="1"), align="center", spacing="1"
        ),
        rx.hstack(
            _swatch("var(--violet-9)", "2px"),
            rx.text(t("live.today_orders"), " ", S.orders.length(), size="1"),
            align="center",
            spacing="1",
        ),
        rx.hstack(
            _swatch("var(--accent-9)", "3px"), rx.text(t("live.shop"), size="1"), align="center"
        ),
        gap="12px",
        wrap="wrap",
        id="live-legend",
    )


def _tech_row(m: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.text(m["name"], size="2"), padding="6px"),
        rx.el.td(
            rx.hstack(
                _swatch(m["colour"]),
                rx.text(m["status_label"], size="2", class_name="live-status"),
                align="center",
                spacing="1",
            ),
            padding="6px",
        ),
        rx.el.td(
            rx.text(
                m["seen"],
                rx.cond(m["stale"] != "", " · " + t("live.stale"), ""),
                size="2",
                color=rx.cond(m["stale"] != "", "var(--gray-10)", "inherit"),
            ),
            padding="6px",
        ),
        rx.el.td(rx.text(m["district"], size="2"), padding="6px"),
        class_name="live-row",
        custom_attrs={"data-technician": m["id"]},
        border_top="1px solid var(--gray-a4)",
    )


def _tech_table() -> rx.Component:
    heads = ("technician", "status", "seen", "district")
    return rx.cond(
        S.techs.length() > 0,
        rx.box(
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        *[
                            rx.el.th(t(f"live.col.{h}"), padding="6px", text_align="left")
                            for h in heads
                        ]
                    )
                ),
                rx.el.tbody(rx.foreach(S.techs, _tech_row)),
                width="100%",
                border_collapse="collapse",
            ),
            overflow_x="auto",
            width="100%",
            id="live-technicians",
        ),
        empty_state(t("rota.no_technicians")),
    )


def live_map_page() -> rx.Component:
    return merchant_dashboard(
        t("live.title"),
        rx.hstack(
            rx.icon("refresh-cw", size=14),
            rx.text(t("live.updated"), " ", S.updated, size="1", id="live-updated"),
            color="var(--gray-10)",
            align="center",
        ),
        _legend(),
        rx.flex(
            rx.box(_map(), flex="3", min_width="280px"),
            rx.box(section(t("live.list"), _tech_table()), flex="2", min_width="260px"),
            gap="16px",
            wrap="wrap",
            width="100%",
        ),
    )
