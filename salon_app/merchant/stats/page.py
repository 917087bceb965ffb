"""The shop's statistics: range and basis, figures against the previous period, charts, the
technicians' table, and the xlsx of what is on screen."""

from __future__ import annotations

import reflex as rx

from salon_app.components.charts import Series, bar_chart, line_chart, pie_chart
from salon_app.components.data_table import Column, data_table
from salon_app.components.date_range import date_range
from salon_app.components.layout import section
from salon_app.core.services.stats import BASES
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.merchant.stats.state import MerchantStatsState as S

TREND_COLOUR = {"up": "grass", "down": "red", "flat": "gray", "none": "gray"}

TECH_TABLE = [
    Column("name", "stats.col.technician", sortable=True),
    Column("orders", "stats.col.orders", sortable=True),
    Column("revenue", "stats.col.revenue", sortable=True),
    Column("rating", "stats.col.rating", sortable=True),
    Column("utilisation", "stats.col.utilisation", sortable=True),
    Column("rebooking", "stats.col.rebooking", sortable=True),
    Column("on_time", "stats.col.on_time", sortable=True),
    Column("complaints", "stats.col.complaints", sortable=True),
]


def _toolbar() -> rx.Component:
    return rx.flex(
        date_range(S, "stats-range"),
        rx.segmented_control.root(
            *(rx.segmented_control.item(t(f"stats.basis.{b}"), value=b) for b in BASES),
            value=S.basis,
            on_change=S.choose_basis,
            id="stats-basis",
        ),
        rx.button(
            rx.icon("download", size=16),
            t("stats.export"),
            on_click=S.export,
            loading=S.exporting,
            disabled=S.loading,
            variant="outline",
            id="stats-export",
        ),
        wrap="wrap",
        gap="12px",
        align="center",
        width="100%",
    )


def _kpi_card(kpi: rx.Var) -> rx.Component:
    colour = rx.match(kpi["trend"], *((k, v) for k, v in TREND_COLOUR.items()), "gray")
    return rx.card(
        rx.vstack(
            rx.text(kpi["label"], size="2", color_scheme="gray"),
            rx.heading(kpi["value"], size="6", class_name="kpi-value"),
            rx.hstack(
                rx.text(kpi["previous"], size="1", color_scheme="gray"),
                rx.badge(
                    kpi["change"], color_scheme=colour, variant="soft", class_name="kpi-change"
                ),
                align="center",
                wrap="wrap",
            ),
            spacing="1",
        ),
        id=kpi["id"],
        class_name="kpi",
        min_width="160px",
        flex="1",
    )


def _charts() -> rx.Component:
    return rx.grid(
        line_chart(
            S.daily, "day",
            [Series("orders", "stats.col.orders"),
             Series("previous_orders", "stats.col.previous_orders")],
            "chart-orders", t("stats.chart.orders"),
        ),
        line_chart(
            S.daily, "day",
            [Series("revenue", "stats.col.revenue"),
             Series("previous_revenue", "stats.col.previous_revenue")],
            "chart-revenue", t("stats.chart.revenue"),
        ),
        bar_chart(
            S.daily, "day",
            [Series("new_customers", "stats.col.new_customers"),
             Series("returning_customers", "stats.col.returning_customers")],
            "chart-customers", t("stats.chart.customers"), stacked=True,
        ),
        bar_chart(
            S.hours, "hour",
            [Series("orders", "stats.col.orders"),
             Series("previous_orders", "stats.col.previous_orders")],
            "chart-hours", t("stats.chart.hours"),
        ),
        pie_chart(S.order_sources, "name", "count", "chart-order-sources",
                  t("stats.chart.order_sources")),
        pie_chart(S.signup_sources, "name", "count", "chart-signup-sources",
                  t("stats.chart.signup_sources")),
        bar_chart(
            S.services, "name",
            [Series("orders", "stats.col.orders"),
             Series("previous_orders", "stats.col.previous_orders")],
            "chart-services", t("stats.chart.services"),
        ),
        columns=rx.breakpoints(initial="1", lg="2"),
        spacing="4",
        width="100%",
    )  # fmt: skip


def _content() -> rx.Component:
    return rx.vstack(
        _toolbar(),
        rx.hstack(
            rx.text(S.shop_name, weight="bold", id="stats-shop"),
            rx.text(S.period_text, size="2", color_scheme="gray", id="stats-period"),
            rx.cond(
                S.loading,
                rx.hstack(
                    rx.spinner(size="2"),
                    rx.text(t("stats.loading"), size="2"),
                    id="stats-loading",
                    align="center",
                ),
            ),
            wrap="wrap",
            align="center",
            spacing="3",
        ),
        rx.box(
            rx.vstack(
                rx.flex(rx.foreach(S.kpis, _kpi_card), wrap="wrap", gap="12px", width="100%"),
                _charts(),
                section(
                    t("stats.sheet.technicians"),
                    data_table(S, TECH_TABLE, S.technicians, "stats-technicians"),
                ),
                spacing="5",
                width="100%",
            ),
            opacity=rx.cond(S.loading, "0.5", "1"),
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def merchant_stats_page() -> rx.Component:
    return merchant_dashboard(t("stats.title"), _content())
