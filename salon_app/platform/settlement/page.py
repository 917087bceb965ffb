"""/admin/settlement: a month or a range, the totals, the payees' table, the largest payable
amounts as a chart, one payee's lines, and the xlsx."""

from __future__ import annotations

import reflex as rx

from salon_app.components.charts import Series, bar_chart
from salon_app.components.data_table import Column, data_table, scroll_table
from salon_app.components.date_range import date_range
from salon_app.components.layout import section, stat, stat_grid
from salon_app.i18n import t
from salon_app.platform.frame import admin_dashboard
from salon_app.platform.settlement.state import SettlementState as S

FIGURES = ("orders", "gross", "refunds", "commission", "incentives", "payable")
COLUMNS = [
    Column("name", "settlement.col.payee", sortable=True),
    Column("kind", "settlement.col.kind"),
    *(Column(f, f"settlement.col.{f}", sortable=True) for f in FIGURES),
]
LINE_KEYS = ("at", "kind", "order", "technician", "price", "commission", "payable", "incentive")


def _toolbar() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.select(
                S.month_choices,
                value=S.month,
                on_change=S.choose_month,
                placeholder=t("settlement.month"),
                id="settlement-month",
            ),
            rx.badge(
                S.frozen_text,
                color_scheme=rx.cond(S.frozen, "green", "amber"),
                id="settlement-status",
            ),
            rx.spacer(),
            rx.button(
                rx.icon("download", size=16),
                t("settlement.export"),
                on_click=S.export,
                loading=S.exporting,
                variant="soft",
                id="settlement-export",
            ),
            width="100%",
            align="center",
            wrap="wrap",
        ),
        date_range(S, "settlement-range"),
        width="100%",
    )


def _totals() -> rx.Component:
    return stat_grid(
        stat(t("settlement.col.payees"), S.totals["payees"], "total-payees"),
        *(stat(t(f"settlement.col.{f}"), S.totals[f], f"total-{f}") for f in FIGURES),
    )


def _line(line: rx.Var) -> rx.Component:
    return rx.table.row(*(rx.table.cell(line[k]) for k in LINE_KEYS), class_name="settlement-line")


def _detail() -> rx.Component:
    sums = rx.table.row(
        rx.table.cell(t("settlement.total"), col_span=4),
        *(
            rx.table.cell(S.detail[k], id=f"detail-{k}")
            for k in ("gross", "commission", "payable", "incentives")
        ),
        class_name="settlement-line-total",
    )
    return rx.cond(
        S.detail_payee != "",
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(S.detail["name"], size="4", id="detail-name"),
                    rx.badge(S.detail["kind"]),
                    rx.spacer(),
                    rx.button(t("shop_review.close"), variant="ghost", on_click=S.close_payee),
                    width="100%",
                ),
                rx.text(
                    t("settlement.detail_sum"),
                    " ",
                    S.detail["gross"],
                    " − ",
                    S.detail["refunds"],
                    " − ",
                    S.detail["commission"],
                    " = ",
                    rx.text.strong(S.detail["payable"], id="detail-payable-sum"),
                    size="2",
                ),
                scroll_table(
                    [f"settlement.col.line_{k}" for k in LINE_KEYS],
                    rx.fragment(rx.foreach(S.lines, _line), sums),
                    "settlement-lines",
                ),
                width="100%",
            ),
            width="100%",
            id="settlement-detail",
        ),
    )


def _open(row: rx.Var) -> rx.Component:
    return rx.button(
        t("settlement.open"),
        size="1",
        variant="soft",
        on_click=S.open_payee(row["payee"]),
        class_name="open-payee",
    )


def settlement_page() -> rx.Component:
    return admin_dashboard(
        t("admin.nav.settlement"),
        _toolbar(),
        rx.text(t("settlement.rule"), size="1", color_scheme="gray"),
        _totals(),
        bar_chart(
            S.top,
            "name",
            [Series("payable", "settlement.col.payable")],
            "settlement-chart",
            t("settlement.chart"),
        ),
        section(
            t("settlement.payees"),
            data_table(S, COLUMNS, S.payees, "payees", actions=_open),
        ),
        _detail(),
    )
