"""Technician pages: the live job board (on /tech), one job, and income."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.components.complaint_view import complaint_item
from salon_app.components.layout import (
    access_refused,
    detail_line,
    empty_state,
    link_card,
    page,
    section,
    stat,
)
from salon_app.components.thread import thread_view
from salon_app.i18n import t
from salon_app.technician.home.board_state import TABS
from salon_app.technician.home.board_state import JobBoardState as B
from salon_app.technician.job.state import IncomeState, JobState


def _offer_card(o: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(o["services"], weight="bold"),
                rx.spacer(),
                rx.text(o["total"]),
                width="100%",
            ),
            rx.text(o["when"], size="2"),
            rx.text(o["place"], size="2", color_scheme="gray"),
            rx.text(o["expires"], size="1", color_scheme="amber"),
            rx.cond(
                B.rejecting == o["offer_id"],
                rx.form(
                    rx.hstack(
                        rx.input(
                            name="reason",
                            placeholder=t("job.reject_reason"),
                            id="reject-reason",
                            width="100%",
                        ),
                        rx.button(
                            t("job.reject"), type="submit", color_scheme="red", id="reject-confirm"
                        ),
                        width="100%",
                    ),
                    on_submit=B.reject,
                    width="100%",
                ),
                rx.hstack(
                    rx.button(
                        t("job.accept"), on_click=B.accept(o["offer_id"]), class_name="accept-offer"
                    ),
                    rx.button(
                        t("job.reject"),
                        on_click=B.start_reject(o["offer_id"]),
                        variant="soft",
                        color_scheme="red",
                        class_name="reject-offer",
                    ),
                ),
            ),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name="offer",
    )


def _job_row(j: rx.Var) -> rx.Component:
    return link_card(
        rx.vstack(
            rx.hstack(
                rx.text(j["services"], weight="bold"),
                rx.spacer(),
                rx.badge(j["status"]),
                width="100%",
            ),
            rx.text(j["when"], size="2"),
            rx.text(j["place"], " ", j["step"], size="1", color_scheme="gray"),
            spacing="1",
        ),
        href=j["href"],
        class_name="job-row",
    )


def job_board_section() -> rx.Component:
    return rx.vstack(
        section(
            t("job.inbox"),
            rx.cond(
                B.offers.length() > 0,
                rx.vstack(rx.foreach(B.offers, _offer_card), width="100%", id="offers"),
                empty_state(t("job.inbox_empty")),
            ),
        ),
        section(
            t("job.my_orders"),
            rx.hstack(
                *[
                    rx.button(
                        t(f"job.tab.{tab}"),
                        on_click=B.choose_tab(tab),
                        variant=rx.cond(B.tab == tab, "solid", "soft"),
                        size="1",
                        id=f"job-tab-{tab}",
                    )
                    for tab in TABS
                ]
            ),
            rx.cond(
                B.jobs.length() > 0,
                rx.vstack(rx.foreach(B.jobs, _job_row), width="100%", id="jobs"),
                empty_state(),
            ),
            rx.link(t("job.income"), href=routes.TECH_INCOME, id="income-link"),
        ),
        spacing="5",
        width="100%",
    )


def job_page() -> rx.Component:
    j = JobState.job
    return page(
        rx.cond(
            JobState.access_error != "",
            access_refused(),
            rx.vstack(
                rx.hstack(
                    rx.heading(j["services"], size="5"),
                    rx.spacer(),
                    rx.badge(j["status"], id="job-status"),
                    width="100%",
                ),
                rx.card(
                    rx.vstack(
                        detail_line(t("order.time"), j["when"], "job-when"),
                        detail_line(t("job.customer"), j["customer"], "job-customer"),
                        detail_line(t("job.phone"), j["phone"], "job-phone"),
                        detail_line(t("job.address"), j["address"], "job-address"),
                        detail_line(t("job.needs"), j["needs"], "job-needs"),
                        detail_line(t("order.progress"), j["step"], "job-step"),
                        detail_line(t("order.total"), j["total"], "job-total"),
                        spacing="2",
                    ),
                    width="100%",
                ),
                rx.cond(
                    JobState.next_step != "",
                    rx.button(
                        rx.match(
                            JobState.next_step,
                            *[
                                (s, t(f"job.step.{s}"))
                                for s in ("departed", "arrived", "started", "completed")
                            ],
                            "",
                        ),
                        on_click=JobState.advance,
                        loading=JobState.locating,
                        size="3",
                        width="100%",
                        id="next-step",
                    ),
                ),
                rx.cond(
                    JobState.locating,
                    rx.text(t("job.locating"), size="1", color_scheme="gray", id="locating"),
                ),
                section(
                    t("order.timeline"),
                    rx.foreach(
                        JobState.events,
                        lambda e: rx.hstack(
                            rx.text(e["what"], size="2"),
                            rx.text(e["where"], size="1", color_scheme="gray"),
                            rx.spacer(),
                            rx.text(e["when"], size="1"),
                            width="100%",
                            class_name="job-event",
                        ),
                    ),
                ),
                rx.cond(j["accepted"] == "1", thread_view(JobState.thread, JobState.send)),
                rx.cond(
                    JobState.complaint_rows.length() > 0,
                    section(
                        t("complaint.title"),
                        rx.foreach(JobState.complaint_rows, lambda c: complaint_item(c, JobState)),
                    ),
                ),
                spacing="4",
                width="100%",
            ),
        ),
        subtitle=t("nav.tech_home"),
    )


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
        rx.cond(
            IncomeState.access_error != "",
            access_refused(),
            rx.vstack(
                rx.heading(t("job.income"), size="6"),
                rx.flex(
                    stat(t("income.today"), IncomeState.today, "income-today"),
                    stat(t("income.month"), IncomeState.month, "income-month"),
                    stat(t("income.total"), IncomeState.total, "income-total"),
                    wrap="wrap",
                    gap="12px",
                    width="100%",
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
                                    rx.hstack(
                                        rx.text(line["code"], size="1"),
                                        rx.cond(
                                            line["refund"] != "",
                                            rx.badge(line["refund"], color_scheme="orange"),
                                        ),
                                    ),
                                    rx.text(line["when"], size="1", color_scheme="gray"),
                                ),
                                rx.spacer(),
                                rx.vstack(
                                    rx.text(line["price"], " − ", line["commission"], size="1"),
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
