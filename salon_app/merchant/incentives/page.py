"""The shop's incentive rules, a form for a new one, and the awards by month."""

from __future__ import annotations

import reflex as rx

from salon_app.components.data_table import scroll_table
from salon_app.components.form import labelled
from salon_app.components.layout import empty_state, section
from salon_app.core.services.incentives import KINDS
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.merchant.incentives.state import MerchantIncentivesState as S


def _field(label: str, name: str, kind: str = "text", **props: object) -> rx.Component:
    return labelled(
        label, rx.input(name=name, id=f"incentive-{name}", type=kind, width="100%", **props)
    )


def _form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("incentive.new"), size="3"),
                rx.text(t("incentive.field.kind"), size="2", weight="medium"),
                rx.segmented_control.root(
                    *(rx.segmented_control.item(t(f"incentive.kind.{k}"), value=k) for k in KINDS),
                    value=S.kind,
                    on_change=S.choose_kind,
                    id="incentive-kind",
                ),
                rx.grid(
                    _field(t("field.incentive_name"), "name", max_length=40),
                    _field(t("incentive.field.amount"), "amount", input_mode="decimal"),
                    rx.cond(
                        S.kind == "order_bonus",
                        _field(t("incentive.field.threshold"), "threshold", input_mode="numeric"),
                    ),
                    rx.cond(
                        S.kind == "rating_bonus",
                        _field(t("incentive.field.min_rating"), "min_rating", input_mode="decimal"),
                    ),
                    rx.cond(
                        S.kind == "rating_bonus",
                        _field(
                            t("incentive.field.min_reviews"), "min_reviews", input_mode="numeric"
                        ),
                    ),
                    _field(t("incentive.field.cap"), "cap", input_mode="decimal"),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                rx.cond(
                    S.form_error != "",
                    rx.callout(
                        S.form_error,
                        icon="triangle-alert",
                        color_scheme="red",
                        id="incentive-error",
                    ),
                ),
                rx.button(t("incentive.create"), type="submit", id="incentive-create"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.create,
            key=S.form_key,
            width="100%",
        ),
        width="100%",
    )


def _rule_row(rule: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rule["name"]),
        rx.table.cell(rule["kind"]),
        rx.table.cell(rule["condition"]),
        rx.table.cell(rule["cap"]),
        rx.table.cell(
            rx.badge(rule["status"], color_scheme=rx.cond(rule["active"] != "", "grass", "gray"))
        ),
        rx.table.cell(
            rx.cond(
                rule["active"] != "",
                rx.button(
                    t("incentive.disable"),
                    on_click=S.disable(rule["id"]),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    class_name="incentive-disable",
                ),
            )
        ),
        class_name="incentive-rule",
    )


def _rules() -> rx.Component:
    return section(
        t("incentive.rules"),
        rx.cond(
            S.rules.length() > 0,
            scroll_table(
                [
                    "field.incentive_name",
                    "incentive.field.kind",
                    "incentive.col.condition",
                    "incentive.col.cap",
                    "incentive.col.status",
                    "table.actions",
                ],
                rx.foreach(S.rules, _rule_row),
                "incentive-rules",
            ),
            empty_state(),
        ),
    )


def _awards() -> rx.Component:
    return section(
        t("incentive.awards"),
        rx.hstack(
            rx.text(t("incentive.month"), size="2"),
            rx.select.root(
                rx.select.trigger(id="incentive-month"),
                rx.select.content(
                    rx.foreach(S.months, lambda m: rx.select.item(m["label"], value=m["value"]))
                ),
                value=S.month,
                on_change=S.choose_month,
            ),
            align="center",
        ),
        rx.cond(
            S.awards.length() > 0,
            scroll_table(
                [
                    "incentive.col.period",
                    "incentive.col.technician",
                    "incentive.col.rule",
                    "incentive.col.amount",
                    "incentive.col.at",
                ],
                rx.foreach(
                    S.awards,
                    lambda a: rx.table.row(
                        *(
                            rx.table.cell(a[k])
                            for k in ("period", "technician", "rule", "amount", "at")
                        ),
                        class_name="incentive-award",
                    ),
                ),
                "incentive-awards",
            ),
            empty_state(),
        ),
    )


def merchant_incentives_page() -> rx.Component:
    return merchant_dashboard(
        t("incentive.title"), rx.vstack(_form(), _rules(), _awards(), spacing="5", width="100%")
    )
