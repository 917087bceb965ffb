"""The technician's income: today, this month, in all; per day, per month, per order."""

from __future__ import annotations

import reflex as rx

from salon_app.components.layout import guarded, page, stat, stat_grid
from salon_app.i18n import t
from salon_app.technician.income.state import IncomeState


def _totals(title: str, rows: rx.Var, list_id: str) -> rx.Component:
    """Income per day or per month: label and amount, newest first."""
    return rx.vstack(
        rx.text(title, size="2", weight="medium"),
        rx.foreach(
            rows,
            lambda row: rx.hstack(
                rx.text(row["label"], size="1", color_scheme="gray"),
                rx.spacer(),
                rx.text(row["amount"], size="1"),
                width="100%",
                class_name="income-total-row",
            ),
        ),
        spacing="1",
        width="100%",
        id=list_id,
    )


def income_page() -> rx.Component:
    return page(
        guarded(
            rx.vstack(
                rx.heading(t("job.income"), size="6"),
                stat_grid(
                    stat(t("income.today"), IncomeState.today, "income-today"),
                    stat(t("income.month"), IncomeState.month, "income-month"),
                    stat(t("income.total"), IncomeState.total, "income-total"),
                ),
                rx.text(IncomeState.rate, size="2", id="income-rate"),
                rx.grid(
                    _totals(t("income.by_day"), IncomeState.days, "income-days"),
                    _totals(t("income.by_month"), IncomeState.months, "income-months"),
                    columns="2",
                    spacing="3",
                    width="100%",
                ),
                rx.vstack(
                    rx.foreach(
                        IncomeState.lines,
                        lambda line: rx.card(
                            rx.hstack(
                                rx.vstack(
                                    rx.cond(
                                        line["incentive"] != "",
                                        rx.hstack(
                                            rx.badge(
                                                t("incentive.income_line"), color_scheme="grass"
                                            ),
                                            rx.text(line["incentive"], size="1"),
                                            class_name="income-incentive",
                                        ),
                                        rx.hstack(
                                            rx.text(line["code"], size="1"),
                                            rx.cond(
                                                line["refund"] != "",
                                                rx.badge(line["refund"], color_scheme="orange"),
                                            ),
                                        ),
                                    ),
                                    rx.text(line["when"], size="1", color_scheme="gray"),
                                ),
                                rx.spacer(),
                                rx.vstack(
                                    rx.cond(
                                        line["incentive"] == "",
                                        rx.text(line["price"], " − ", line["commission"], size="1"),
                                    ),
                                    rx.text(
                                        line["share"], weight="bold", class_name="income-share"
                                    ),
                                    align="end",
                                ),
                                width="100%",
                            ),
                            width="100%",
                            class_name="income-line",
                        ),
                    ),
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
        ),
        subtitle=t("nav.tech_home"),
    )
