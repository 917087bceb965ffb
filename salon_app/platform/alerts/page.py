"""The alert queue page: counts and the unresolved alerts per rule, the live table with its
filters, and one alert opened with its notes and actions."""

from __future__ import annotations

import reflex as rx

from salon_app.components.charts import Series, bar_chart
from salon_app.components.data_table import Column, data_table
from salon_app.components.layout import section, stat, stat_grid
from salon_app.i18n import t
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


def _candidate(c: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.hstack(
                rx.text(c["label"], size="2"),
                rx.badge(c["live"], variant="soft"),
                wrap="wrap",
                spacing="2",
            ),
            rx.text(c["why"], size="1", color_scheme="gray"),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond(
            c["current"] == "",
            rx.button(
                t("admin.assign_candidate"),
                size="1",
                variant="outline",
                on_click=A.reassign(c["id"]),
                class_name="alert-reassign",
            ),
            rx.badge(t("admin.current_technician"), color_scheme="gray"),
        ),
        width="100%",
        align="center",
        class_name="alert-candidate",
    )


def _text_form(
    name: str, placeholder: str, button: str, handler: rx.EventHandler, form_id: str
) -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(name=name, placeholder=placeholder, max_length=500, width="100%"),
            rx.button(button, type="submit", size="2"),
            width="100%",
        ),
        on_submit=handler,
        reset_on_submit=True,
        id=form_id,
        width="100%",
    )


def _refund_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.input(type="hidden", name="sequence", value=A.opened["sequence"]),
            rx.text(t("alert.refundable", amount=""), A.opened["refundable"], size="1"),
            rx.hstack(
                rx.input(
                    name="amount",
                    placeholder=t("alert.refund_amount"),
                    input_mode="decimal",
                    disabled=~A.can_refund,
                ),
                rx.input(
                    name="reason", placeholder=t("alert.refund_reason"), disabled=~A.can_refund
                ),
                rx.button(
                    t("alert.refund"),
                    type="submit",
                    size="2",
                    color_scheme="red",
                    disabled=~A.can_refund,
                    id="alert-refund-submit",
                ),
                wrap="wrap",
            ),
            rx.cond(
                ~A.can_refund,
                rx.text(
                    t("alert.refund_finance_only"),
                    size="1",
                    color_scheme="gray",
                    id="refund-finance-only",
                ),
            ),
            spacing="1",
        ),
        on_submit=A.refund,
        reset_on_submit=True,
        id="alert-refund",
    )


def _note(n: rx.Var) -> rx.Component:
    return rx.text(
        n["at"], " · ", n["author"], " · ", n["kind"],
        rx.cond(n["text"] != "", rx.fragment("：", n["text"])),
        size="2",
        class_name="alert-note",
    )  # fmt: skip


def _header() -> rx.Component:
    o = A.opened
    return rx.vstack(
        rx.hstack(
            rx.heading(o["rule"], size="4"),
            rx.badge(o["status"], id="opened-status"),
            rx.spacer(),
            rx.button(t("alert.close"), size="1", variant="ghost", on_click=A.close_alert),
            width="100%",
        ),
        rx.text(o["what"], id="opened-what"),
        rx.text(
            t("alert.order"), " ", o["order"], " · ", o["shop"], " · ", o["technician"], size="2"
        ),
        rx.text(
            t("alert.since"), " ", o["since"], " · ", t("alert.starts"), " ", o["starts"],
            size="2", color_scheme="gray",
        ),
        rx.cond(o["handled"] != "", rx.text(o["handled"], size="2", id="opened-handled")),
        rx.cond(
            o["resolution"] != "",
            rx.text(t("alert.resolution"), "：", o["resolution"], size="2"),
        ),
        rx.cond(
            (o["status_key"] == "open") & A.can_handle,
            rx.button(
                t("alert.acknowledge"), on_click=A.acknowledge(o["id"]), id="opened-acknowledge"
            ),
        ),
        spacing="2",
        width="100%",
    )  # fmt: skip


def _interventions() -> rx.Component:
    """Re-assign (the dispatch page's candidates) and a call through the privacy number."""
    return rx.vstack(
        rx.text(t("alert.reassign"), weight="bold", size="2"),
        rx.cond(
            A.reassign_note != "", rx.text(A.reassign_note, size="1", color_scheme="gray")
        ),
        rx.foreach(A.candidates, _candidate),
        rx.text(t("alert.call"), weight="bold", size="2"),
        rx.hstack(
            rx.button(
                t("alert.call_customer"), size="1", variant="outline",
                on_click=A.request_call("customer"), id="call-customer",
            ),
            rx.button(
                t("alert.call_technician"), size="1", variant="outline",
                on_click=A.request_call("technician"), id="call-technician",
            ),
        ),
        rx.text(t("alert.call_hint"), size="1", color_scheme="gray"),
        width="100%",
        spacing="2",
    )  # fmt: skip


def _opened() -> rx.Component:
    o = A.opened
    unresolved = o["status_key"] != "resolved"
    note_form = _text_form(
        "text", t("alert.note_placeholder"), t("alert.add_note"), A.add_note, "alert-note-form"
    )
    resolve_form = _text_form(
        "resolution",
        t("alert.resolution_placeholder"),
        t("alert.resolve"),
        A.resolve,
        "alert-resolve-form",
    )
    return rx.card(
        rx.vstack(
            _header(),
            rx.cond(unresolved & (o["has_order"] != "") & A.can_handle, _interventions()),
            rx.cond(unresolved & (o["has_order"] != ""), _refund_form()),
            rx.text(t("alert.notes"), weight="bold", size="2"),
            rx.vstack(rx.foreach(A.notes, _note), spacing="1", id="alert-notes"),
            rx.cond(A.can_handle, note_form),
            rx.cond(unresolved & A.can_handle, resolve_form),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="opened-alert",
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
        rx.cond(A.opened.length() > 0, _opened()),
    )
