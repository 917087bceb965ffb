"""The demand tab: a heat map of the coming week (weekday x hour, coloured by booked time
against time on shift, under- and over-staffed hours flagged) and the suggestions in words."""

from __future__ import annotations

import reflex as rx

from salon_app.components.layout import list_or_empty, section
from salon_app.i18n import t
from salon_app.merchant.rota import views
from salon_app.merchant.rota.state import RotaState as S

LEGEND = [
    ("var(--gray-3)", "rota.demand.legend.none"),
    ("var(--blue-5)", "rota.demand.legend.idle"),
    ("var(--green-6)", "rota.demand.legend.fine"),
    ("var(--amber-7)", "rota.demand.legend.busy"),
    ("var(--red-8)", "rota.demand.legend.short"),
]


def _flag_icon(flag: rx.Var) -> rx.Component:
    return rx.match(
        flag,
        ("under", rx.icon("triangle-alert", size=12, class_name="flag-icon")),
        ("over", rx.icon("circle-arrow-down", size=12, class_name="flag-icon")),
        rx.fragment(),
    )


def _cell(cell: views.DemandCellView) -> rx.Component:
    return rx.el.td(
        rx.hstack(
            _flag_icon(cell.flag),
            rx.text(cell.text, size="1"),
            spacing="1",
            align="center",
            justify="center",
        ),
        title=cell.title,
        aria_label=cell.title,
        background=cell.colour,
        border="1px solid var(--color-background)",
        padding="4px 2px",
        min_width="44px",
        text_align="center",
        class_name=f"demand-cell flag-{cell.flag}",
    )


def _row(row: views.DemandRowView) -> rx.Component:
    return rx.el.tr(
        rx.el.th(row.day, padding="4px 8px", text_align="left", white_space="nowrap"),
        rx.foreach(row.cells, _cell),
    )


def _legend() -> rx.Component:
    swatches = [
        rx.hstack(
            rx.box(width="14px", height="14px", border_radius="3px", background=colour),
            rx.text(t(key), size="1"),
            align="center",
            spacing="1",
        )
        for colour, key in LEGEND
    ]
    flags = [
        rx.hstack(rx.icon("triangle-alert", size=14), rx.text(t("rota.flag.under"), size="1")),
        rx.hstack(rx.icon("circle-arrow-down", size=14), rx.text(t("rota.flag.over"), size="1")),
    ]
    return rx.flex(*swatches, *flags, gap="12px", wrap="wrap", id="demand-legend")


def _suggestion(s: rx.Var) -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.cond(s["flag"] == "under", rx.icon("user-plus"), rx.icon("user-minus"))),
        rx.callout.text(s["text"]),
        color_scheme=rx.cond(s["flag"] == "under", "red", "blue"),
        size="1",
        class_name="demand-suggestion",
        width="100%",
    )


def demand_tab() -> rx.Component:
    return rx.vstack(
        rx.text(S.demand_week, size="2", color_scheme="gray", id="demand-week"),
        rx.text(t("rota.demand.explain"), size="1", color_scheme="gray"),
        _legend(),
        rx.box(
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th(""),
                        rx.foreach(
                            S.demand_hours, lambda h: rx.el.th(h, padding="2px", font_size="11px")
                        ),
                    )
                ),
                rx.el.tbody(rx.foreach(S.demand_rows, _row)),
                border_collapse="collapse",
                font_size="12px",
            ),
            overflow_x="auto",
            width="100%",
            id="demand-map",
        ),
        section(
            t("rota.demand.suggestions"),
            list_or_empty(
                S.suggestions, _suggestion, "suggestions", empty=t("rota.demand.balanced")
            ),
        ),
        spacing="3",
        width="100%",
    )
