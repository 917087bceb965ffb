"""The audit log (/admin/audit): actor, action prefix, target, date range; the table newest
first; the xlsx export of the filtered rows."""

from __future__ import annotations

import reflex as rx

from salon_app.components.data_table import Column, data_table
from salon_app.components.date_range import date_range
from salon_app.components.form import error_callout
from salon_app.i18n import t
from salon_app.platform.audit.state import AuditState as A
from salon_app.platform.filter_form import filter_form, filter_input
from salon_app.platform.frame import admin_dashboard


def _input(name: str, value: rx.Var, label: str, width: str = "180px") -> rx.Component:
    return filter_input("audit", A.set_filter, name, value, label, width)


def _filters() -> rx.Component:
    return filter_form(
        "audit",
        "audit.search",
        A.apply_filters,
        A.clear_filters,
        _input("actor", A.filter_actor, "audit.filter_actor", "220px"),
        _input("action", A.filter_action, "audit.filter_action"),
        _input("target_type", A.filter_target_type, "audit.filter_target_type", "120px"),
        _input("target_id", A.filter_target_id, "audit.filter_target_id", "110px"),
    )


def _action(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(row["action"], weight="medium", class_name="audit-action"),
        rx.code(row["code"], size="1", variant="ghost"),
        spacing="0",
    )


def _details(row: rx.Var) -> rx.Component:
    return rx.text(row["details"], size="1", max_width="420px", class_name="audit-details")


COLUMNS = [
    Column("at", "audit.col.at", sortable=True),
    Column("actor", "audit.col.actor", sortable=True),
    Column("action", "audit.col.action", sortable=True, render=_action),
    Column("target", "audit.col.target"),
    Column("details", "audit.col.details", render=_details),
]


def admin_audit_page() -> rx.Component:
    return admin_dashboard(
        t("audit.title"),
        rx.flex(
            date_range(A, "audit-range"),
            rx.button(
                rx.icon("download", size=16),
                rx.cond(A.exporting, t("audit.exporting"), t("audit.export")),
                on_click=A.export,
                loading=A.exporting,
                variant="soft",
                id="audit-export",
            ),
            wrap="wrap",
            gap="8px",
            align="center",
            width="100%",
        ),
        _filters(),
        error_callout(A.filter_error, "audit-filter-error"),
        data_table(A, COLUMNS, A.rows, "audit", searchable=False),
    )
