"""The complaints desk page: a status filter, and per complaint its photos and an answer form.

The shop's desk sits in the merchant dashboard; the platform's keeps the admin pages' frame."""

from __future__ import annotations

import reflex as rx

from salon_app.complaint_desk.mediation import mediation_panel
from salon_app.complaint_desk.state import ComplaintDeskState as D
from salon_app.components.complaint_view import complaint_item
from salon_app.components.layout import list_or_empty
from salon_app.core.services.feedback.desk import STATUSES
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.platform.frame import admin_dashboard


def _filter() -> rx.Component:
    choices = [("", t("desk.filter_all"))] + [(s, t(f"complaint.status.{s}")) for s in STATUSES]
    return rx.flex(
        *[
            rx.button(
                label,
                size="1",
                variant=rx.cond(D.status_filter == value, "solid", "outline"),
                on_click=D.filter_by(value),
                class_name=f"filter-{value or 'all'}",
            )
            for value, label in choices
        ],
        wrap="wrap",
        gap="8px",
        id="desk-filter",
    )


def _answer_form(c: rx.Var) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.input(type="hidden", name="id", value=c["id"]),
            rx.el.select(
                rx.el.option(t("desk.set_processing"), value="processing"),
                rx.el.option(t("desk.resolve"), value="resolved"),
                rx.el.option(t("desk.reject"), value="rejected"),
                name="status",
                class_name="desk-status",
            ),
            rx.text_area(
                name="resolution",
                placeholder=t("desk.resolution_placeholder"),
                max_length=1000,
                class_name="desk-resolution",
                width="100%",
            ),
            rx.cond(
                c["after_sales"] != "",
                rx.input(
                    name="refund_yuan",
                    placeholder=t("desk.refund_yuan"),
                    input_mode="decimal",
                    class_name="desk-refund",
                ),
            ),
            rx.button(t("common.submit"), type="submit", size="2", class_name="desk-submit"),
            spacing="2",
            width="100%",
        ),
        on_submit=D.act,
        reset_on_submit=True,
        width="100%",
    )


def _row(c: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(c["order"], weight="bold"),
                rx.badge(c["status"], class_name="desk-row-status"),
                rx.spacer(),
                rx.text(c["when"], size="1", color_scheme="gray"),
                width="100%",
            ),
            rx.text(
                c["services"],
                " · ",
                t("desk.technician"),
                " ",
                c["technician"],
                " · ",
                t("desk.customer"),
                " ",
                c["customer"],
                size="2",
            ),
            complaint_item(c, D),
            mediation_panel(c, D),
            rx.cond(c["final"] == "", _answer_form(c)),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="desk-row",
    )


def _desk() -> rx.Component:
    return rx.vstack(
        _filter(),
        list_or_empty(D.rows, _row, "desk-rows", empty=t("desk.none")),
        spacing="4",
        width="100%",
    )


def merchant_complaint_desk_page() -> rx.Component:
    """The shop's desk, inside the merchant dashboard."""
    return merchant_dashboard(t("desk.title"), _desk())


def admin_complaint_desk_page() -> rx.Component:
    """The platform's desk, inside the platform dashboard."""
    return admin_dashboard(t("desk.title"), _desk())
