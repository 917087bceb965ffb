"""The alert queue page: counts and the unresolved alerts per rule, the live table with its
filters, and one alert opened with its notes and actions."""

from __future__ import annotations

import reflex as rx

from salon_app.components.charts import Series, bar_chart
from salon_app.components.data_table import Column, data_table
from salon_app.components.layout import section, stat, stat_grid
from salon_app.i18n import t
from salon_app.platform.alerts.opened import opened_alert
from salon_app.platform.alerts.state import RULES
from salon_app.platform.alerts.state import AlertsState as A
from salon_app.platform.frame import admin_dashboard

STATUSES = ("open", "acknowledged", "resolved")


def _select(
    choices: list[tuple[str, str]] | rx.Var,
    value: rx.Var,
    on_change: rx.EventHandler,
    select_id: str,
) -> rx.Component:
    return rx.el.select(
        *[rx.el.option(label, value=v) for v, label in choices],
        value=value,
        on_change=on_change,
        id=select_id,
        class_name="alert-filter",
    )


def _filters() -> rx.Component:
    return rx.flex(
        _select(
            [("", t("alert.filter.all_rules"))] + [(r, t(f"alert.rule.{r}")) for r in RULES],
            A.rule_filter,
            A.filter_rule,
            "filter-rule",
        ),
        _select(
            [("", t("alert.filter.all_statuses"))]
            + [(s, t(f"alert.status.{s}")) for s in STATUSES],
            A.status_filter,
            A.filter_status,
            "filter-status",
        ),
        rx.el.select(
            rx.el.option(t("alert.filter.all_shops"), value=""),
            rx.foreach(A.shop_options, lambda o: rx.el.option(o[1], value=o[0])),
            value=A.shop_filter,
            on_change=A.filter_shop,
            id="filter-shop",
            class_name="alert-filter",
        ),
        wrap="wrap",
        gap="8px",
    )


def _status(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.badge(
            row["status"],
            color_scheme=rx.match(
                row["status_key"], ("open", "red"), ("acknowledged", "amber"), "green"
            ),
            class_name="alert-status",
        ),
        rx.cond(row["handled"] != "", rx.text(row["handled"], size="1", color_scheme="gray")),
        spacing="1",
    )


def _what(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(row["what"], size="2", class_name="alert-what"),
        rx.text(row["order"], " · ", row["technician"], size="1", color_scheme="gray"),
        spacing="0",
        max_width="360px",
    )


COLUMNS = [
    Column("rule", "alert.col.rule", sortable=True),
    Column("what", "alert.col.what", render=_what),
    Column("shop", "alert.col.shop", sortable=True),
    Column("since", "alert.col.since", sortable=True),
    Column("raised", "alert.col.raised", sortable=False),
    Column("status", "alert.col.status", sortable=True, render=_status),
]


def _actions(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.button(
            t("alert.open"),
            size="1",
            variant="soft",
            on_click=A.open_alert(row["id"]),
            class_name="alert-open",
        ),
        rx.cond(
            (row["status_key"] == "open") & A.can_handle,
            rx.button(
                t("alert.acknowledge"),
                size="1",
                on_click=A.acknowledge(row["id"]),
                class_name="alert-acknowledge",
            ),
        ),
        spacing="2",
    )


def _summary() -> rx.Component:
    return rx.vstack(
        stat_grid(*[stat(t(f"alert.status.{s}"), A.counts[s], f"count-{s}") for s in STATUSES]),
        bar_chart(
            A.chart,
            "rule",
            [
                Series("open", "alert.status.open"),
                Series("acknowledged", "alert.status.acknowledged"),
            ],
            "chart-alert-rules",
            t("alert.chart.by_rule"),
            stacked=True,
        ),
        width="100%",
        spacing="3",
    )


def alerts_page() -> rx.Component:
    return admin_dashboard(
        t("alert.title"),
        _summary(),
        section(
            t("alert.queue"),
            _filters(),
            data_table(A, COLUMNS, A.rows, "alerts", _actions),
        ),
        rx.cond(A.opened.length() > 0, opened_alert()),
    )
