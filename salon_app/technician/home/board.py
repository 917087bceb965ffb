"""The technician's live job board on /tech: offers to answer, my jobs by tab, income link."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.components.layout import link_card, list_or_empty, section
from salon_app.components.tabs import tab_bar
from salon_app.i18n import t
from salon_app.technician.home.board_state import TABS
from salon_app.technician.home.board_state import JobBoardState as B


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
            list_or_empty(B.offers, _offer_card, "offers", empty=t("job.inbox_empty")),
        ),
        section(
            t("job.my_orders"),
            tab_bar(TABS, B.tab, B.choose_tab, "job.tab", "job-tab", size="1"),
            list_or_empty(B.jobs, _job_row, "jobs"),
            rx.link(t("job.income"), href=routes.TECH_INCOME, id="income-link"),
        ),
        spacing="5",
        width="100%",
    )
