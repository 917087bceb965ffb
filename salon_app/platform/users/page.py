"""User management (/admin/users): filters (phone, name, role, status) and the user table."""

from __future__ import annotations

import reflex as rx

from salon_app.components.data_table import Column, data_table
from salon_app.components.form import error_callout
from salon_app.core.models import Role
from salon_app.core.services.users import STATUSES
from salon_app.i18n import t
from salon_app.platform.filter_form import filter_form, filter_input
from salon_app.platform.frame import admin_dashboard
from salon_app.platform.users.state import UsersState as U


def _choice(name: str, value: rx.Var, choices: list[tuple[str, str]], label: str) -> rx.Component:
    return rx.el.select(
        rx.el.option(t(f"users.any_{name}"), value=""),
        *[rx.el.option(text, value=v) for v, text in choices],
        name=name,
        value=value,
        on_change=lambda v: U.set_filter(name, v),
        aria_label=label,
        id=f"users-filter-{name}",
        style={"padding": "6px 8px", "border_radius": "6px", "border": "1px solid var(--gray-a7)"},
    )


def _filters() -> rx.Component:
    roles = [(r.value, t(f"admin.role_{r.value}")) for r in Role]
    statuses = [(s, t(f"users.status.{s}")) for s in STATUSES]
    return filter_form(
        "users",
        "users.search",
        U.apply_filters,
        U.clear_filters,
        filter_input(
            "users",
            U.set_filter,
            "phone",
            U.filter_phone,
            "users.filter_phone",
            "200px",
            type="tel",
        ),
        filter_input("users", U.set_filter, "name", U.filter_name, "users.filter_name", "160px"),
        _choice("role", U.filter_role, roles, t("users.filter_role")),
        _choice("status", U.filter_status, statuses, t("users.filter_status")),
    )


def _name(row: rx.Var) -> rx.Component:
    return rx.link(row["name"], href=row["href"], class_name="user-name", weight="medium")


def _status(row: rx.Var) -> rx.Component:
    return rx.badge(
        row["status"],
        color_scheme=rx.cond(row["active"] != "", "green", "red"),
        class_name="user-status",
    )


COLUMNS = [
    Column("name", "users.col.name", sortable=True, render=_name),
    Column("phone", "users.col.phone"),
    Column("role", "users.col.role", sortable=True),
    Column("status", "users.col.status", render=_status),
    Column("created_at", "users.col.created_at", sortable=True),
    Column("last_login_at", "users.col.last_login_at", sortable=True),
]


def _open(row: rx.Var) -> rx.Component:
    return rx.link(
        rx.button(t("users.open"), size="1", variant="soft"),
        href=row["href"],
        class_name="open-user",
    )


def admin_users_page() -> rx.Component:
    return admin_dashboard(
        t("users.title"),
        _filters(),
        error_callout(U.filter_error, "users-filter-error"),
        data_table(U, COLUMNS, U.rows, "users", _open, searchable=False),
    )
