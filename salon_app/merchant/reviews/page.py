"""Review replies (/merchant/reviews): the table, its filters, inline reply and report."""

from __future__ import annotations

import reflex as rx

from salon_app.components.data_table import Column, data_table
from salon_app.components.layout import guarded
from salon_app.components.photos import photo_row
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.merchant.reviews.state import ReviewsState as R


def _rating(r: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(
            r["stars"],
            color=rx.cond(r["low"] != "", "var(--red-10)", "var(--amber-10)"),
            class_name="stars",
        ),
        rx.text(r["scores"], size="1", color_scheme="gray"),
        spacing="0",
    )


def _review(r: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(r["text"], size="2", class_name="review-text"),
        rx.cond(r["photos"] != "", photo_row(r["photos"].split(" "), size="48px")),
        rx.text(
            r["customer"], " · ", r["technician"], " · ", r["code"], size="1", color_scheme="gray"
        ),
        spacing="1",
        max_width="360px",
    )


def _reply(r: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.cond(r["reply"] != "", rx.text(r["reply"], size="2", class_name="reply-text")),
        rx.text(r["reply_state"], size="1", color_scheme="gray", class_name="reply-state"),
        rx.cond(
            r["reported"] != "", rx.badge(t("reviews_desk.reported_badge"), color_scheme="red")
        ),
        spacing="1",
        max_width="280px",
    )


def _reply_form(r: rx.Var) -> rx.Component:
    return rx.form(
        rx.el.input(type="hidden", name="review_id", value=r["id"]),
        rx.text_area(
            name="reply",
            default_value=r["reply"],
            placeholder=t("reviews_desk.reply_placeholder"),
            class_name="reply-input",
            rows="3",
            width="280px",
        ),
        rx.hstack(
            rx.button(t("reviews_desk.send"), type="submit", size="1", class_name="send-reply"),
            rx.button(
                t("team.cancel"), type="button", size="1", variant="ghost", on_click=R.close_forms
            ),
        ),
        on_submit=R.reply,
    )


def _report_form(r: rx.Var) -> rx.Component:
    return rx.form(
        rx.el.input(type="hidden", name="review_id", value=r["id"]),
        rx.input(
            name="reason", placeholder=t("reviews_desk.report_reason"), class_name="report-reason"
        ),
        rx.hstack(
            rx.button(
                t("reviews_desk.report"),
                type="submit",
                size="1",
                color_scheme="red",
                class_name="send-report",
            ),
            rx.button(
                t("team.cancel"), type="button", size="1", variant="ghost", on_click=R.close_forms
            ),
        ),
        on_submit=R.report,
    )


def _actions(r: rx.Var) -> rx.Component:
    return rx.cond(
        R.replying == r["id"],
        _reply_form(r),
        rx.cond(
            R.reporting == r["id"],
            _report_form(r),
            rx.hstack(
                rx.button(
                    rx.cond(
                        r["replied"] != "", t("reviews_desk.edit_reply"), t("reviews_desk.reply")
                    ),
                    on_click=R.open_reply(r["id"]),
                    size="1",
                    class_name="open-reply",
                ),
                rx.cond(
                    r["reported"] == "",
                    rx.button(
                        t("reviews_desk.report"),
                        on_click=R.open_report(r["id"]),
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        class_name="open-report",
                    ),
                ),
                wrap="wrap",
                spacing="1",
            ),
        ),
    )


COLUMNS = [
    Column("date", "reviews_desk.col.date"),
    Column("stars", "reviews_desk.col.rating", render=_rating),
    Column("text", "reviews_desk.col.review", render=_review),
    Column("reply", "reviews_desk.col.reply", render=_reply),
]


def reviews_page() -> rx.Component:
    return merchant_dashboard(
        t("merchant.nav.reviews"),
        guarded(
            rx.vstack(
                rx.hstack(
                    rx.checkbox(
                        t("reviews_desk.unreplied_only"),
                        checked=R.unreplied_only,
                        on_change=R.set_unreplied_only,
                        id="filter-unreplied",
                    ),
                    rx.checkbox(
                        t("reviews_desk.low_only"),
                        checked=R.low_only,
                        on_change=R.set_low_only,
                        id="filter-low",
                    ),
                    spacing="4",
                    wrap="wrap",
                ),
                data_table(R, COLUMNS, R.rows, "reviews", _actions),
                width="100%",
                spacing="3",
            )
        ),
    )
