"""/admin/coupons and /merchant/coupons: figures, the templates table and the template form."""

from __future__ import annotations

import reflex as rx

from salon_app.components.charts import Series, bar_chart
from salon_app.components.data_table import Column, data_table
from salon_app.components.form import labelled
from salon_app.components.layout import section
from salon_app.coupon_desk.state import KINDS, SCOPES
from salon_app.coupon_desk.state import CouponDeskState as S
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.platform.frame import admin_dashboard


def _field(label: str, name: str, **props: object) -> rx.Component:
    return labelled(
        label,
        rx.input(name=name, id=f"coupon-{name}", default_value=S.form[name], width="100%", **props),
    )


def _tick(label: str, name: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(
            type="checkbox", name=name, id=f"coupon-{name}", default_checked=S.form[name] != ""
        ),
        rx.text(label, size="2", as_="span", margin_left="6px"),
        display="flex",
        align_items="center",
    )


def _value_fields() -> rx.Component:
    return rx.grid(
        rx.cond(
            S.kind == "percent",
            rx.fragment(
                _field(t("coupon.field.discount"), "discount", input_mode="decimal"),
                _field(t("coupon.field.cap"), "cap", input_mode="decimal"),
            ),
            _field(t("coupon.field.amount"), "amount", input_mode="decimal"),
        ),
        rx.cond(
            S.kind != "no_threshold",
            _field(t("coupon.field.threshold"), "threshold", input_mode="decimal"),
        ),
        columns=rx.breakpoints(initial="1", md="3"),
        spacing="3",
        width="100%",
    )


def _scope_fields() -> rx.Component:
    return rx.vstack(
        rx.text(t("coupon.field.scope"), size="2", weight="medium"),
        rx.select.root(
            rx.select.trigger(id="coupon-scope"),
            rx.select.content(*(rx.select.item(t(f"coupon.scope.{s}"), value=s) for s in SCOPES)),
            value=S.scope,
            on_change=S.choose_scope,
        ),
        rx.cond(
            S.scope != "all",
            rx.vstack(
                rx.flex(
                    rx.foreach(
                        S.options,
                        lambda o: rx.badge(
                            o["name"],
                            variant=rx.cond(o["on"] != "", "solid", "outline"),
                            on_click=S.toggle_option(o["id"]),
                            cursor="pointer",
                            size="2",
                            class_name="coupon-scope-option",
                        ),
                    ),
                    wrap="wrap",
                    gap="6px",
                    max_height="160px",
                    overflow_y="auto",
                    id="coupon-scope-options",
                ),
                _tick(t("coupon.field.scope_exclude"), "scope_exclude"),
                width="100%",
            ),
        ),
        width="100%",
        spacing="2",
    )


def _validity_fields() -> rx.Component:
    return rx.vstack(
        rx.text(t("coupon.field.validity"), size="2", weight="medium"),
        rx.segmented_control.root(
            rx.segmented_control.item(t("coupon.validity.days"), value="days"),
            rx.segmented_control.item(t("coupon.validity.dates"), value="dates"),
            value=S.validity,
            on_change=S.choose_validity,
            id="coupon-validity",
        ),
        rx.grid(
            rx.cond(
                S.validity == "days",
                _field(t("coupon.field.valid_days"), "valid_days", input_mode="numeric"),
            ),
            _field(t("coupon.field.valid_from"), "valid_from", type="date"),
            _field(t("coupon.field.valid_until"), "valid_until", type="date"),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="3",
            width="100%",
        ),
        rx.cond(
            S.validity == "days",
            rx.text(t("coupon.validity_hint"), size="1", color_scheme="gray"),
        ),
        width="100%",
        spacing="2",
    )


def _form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(
                    rx.cond(
                        S.editing != "", t("coupon.edit", name=S.editing_name), t("coupon.new")
                    ),
                    size="3",
                ),
                rx.segmented_control.root(
                    *(rx.segmented_control.item(t(f"coupon.kind.{k}"), value=k) for k in KINDS),
                    value=S.kind,
                    on_change=S.choose_kind,
                    id="coupon-kind",
                ),
                _field(t("field.coupon_name"), "name", max_length=30),
                _value_fields(),
                _scope_fields(),
                _validity_fields(),
                rx.grid(
                    _field(t("coupon.field.stock"), "total_stock", input_mode="numeric"),
                    _field(t("coupon.field.per_user"), "per_user_limit", input_mode="numeric"),
                    _field(t("coupon.field.per_day"), "per_day_limit", input_mode="numeric"),
                    rx.cond(
                        S.platform,
                        _field(t("coupon.field.points_cost"), "points_cost", input_mode="numeric"),
                    ),
                    columns=rx.breakpoints(initial="1", md="4"),
                    spacing="3",
                    width="100%",
                ),
                _tick(t("coupon.field.claimable"), "claimable"),
                rx.cond(
                    S.form_error != "",
                    rx.callout(
                        S.form_error, icon="triangle-alert", color_scheme="red", id="coupon-error"
                    ),
                ),
                rx.hstack(
                    rx.cond(
                        S.editing != "",
                        rx.fragment(
                            rx.button(t("coupon.save"), type="submit", id="coupon-save"),
                            rx.button(
                                t("coupon.cancel_edit"),
                                type="button",
                                variant="soft",
                                on_click=S.cancel_edit,
                                id="coupon-cancel",
                            ),
                        ),
                        rx.fragment(
                            _tick(t("coupon.save_publish"), "publish"),
                            rx.button(t("coupon.save_draft"), type="submit", id="coupon-save"),
                        ),
                    ),
                    align="center",
                    spacing="3",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=S.save,
            key=S.form_key,
            width="100%",
        ),
        width="100%",
        id="coupon-form",
    )


def _actions(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(
            row["editable"] != "",
            rx.button(
                t("coupon.edit_button"),
                on_click=S.edit(row["id"]),
                size="1",
                variant="soft",
                class_name="coupon-edit",
            ),
        ),
        rx.cond(
            (row["status"] == "draft") & (row["editable"] != ""),
            rx.button(
                t("coupon.activate"),
                on_click=S.activate(row["id"]),
                size="1",
                class_name="coupon-activate",
            ),
        ),
        rx.cond(
            row["status"] != "ended",
            rx.button(
                t("coupon.end"),
                on_click=S.end(row["id"]),
                size="1",
                variant="soft",
                color_scheme="red",
                class_name="coupon-end",
            ),
        ),
        spacing="2",
    )


COLUMNS = [
    Column("name", "coupon.col.name", sortable=True),
    Column("value", "coupon.col.value"),
    Column("funded", "coupon.col.funded"),
    Column(
        "status",
        "coupon.col.status",
        sortable=True,
        render=lambda r: rx.badge(
            r["status_text"],
            color_scheme=rx.match(r["status"], ("active", "grass"), ("draft", "amber"), "gray"),
        ),
    ),
    Column("issued", "coupon.col.issued", sortable=True),
    Column("used", "coupon.col.used", sortable=True),
    Column("cost", "coupon.col.cost", sortable=True),
    Column("created", "coupon.col.created", sortable=True),
]


def _desk() -> rx.Component:
    return rx.vstack(
        section(
            t("coupon.desk_title"),
            data_table(S, COLUMNS, S.rows, "coupon-templates", actions=_actions),
        ),
        bar_chart(
            S.chart,
            "name",
            [Series("issued", "coupon.series.issued"), Series("used", "coupon.series.used")],
            "coupon-chart",
            t("coupon.chart"),
        ),
        _form(),
        spacing="5",
        width="100%",
    )


def admin_coupons_page() -> rx.Component:
    return admin_dashboard(t("coupon.desk_title"), _desk())


def merchant_coupons_page() -> rx.Component:
    return merchant_dashboard(t("coupon.desk_title"), _desk())
