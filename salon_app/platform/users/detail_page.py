"""One user (/admin/users/<id>): profile and figures, actions by permission, and their
orders, payments and refunds, complaints and account history."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState
from salon_app.components.data_table import scroll_table
from salon_app.components.layout import section, stat, stat_grid
from salon_app.core.services.admin_roles import Permission
from salon_app.i18n import t
from salon_app.platform.frame import admin_dashboard
from salon_app.platform.users.detail_state import UserDetailState as D

P = D.profile


def _may(permission: Permission, content: rx.Component) -> rx.Component:
    return rx.cond(SessionState.admin_rights.contains(permission.value), content)


def _phone() -> rx.Component:
    return rx.hstack(
        rx.cond(
            D.full_phone != "",
            rx.hstack(
                rx.text(D.full_phone, weight="bold", id="user-phone-full"),
                rx.text(t("users.revealed_note"), size="1", color_scheme="gray"),
                align="center",
            ),
            rx.hstack(
                rx.text(P["phone"], id="user-phone"),
                _may(
                    Permission.reveal_contact,
                    rx.button(
                        rx.icon("eye", size=14),
                        t("users.reveal"),
                        size="1",
                        variant="soft",
                        on_click=D.reveal_phone,
                        id="reveal-phone",
                    ),
                ),
                align="center",
            ),
        ),
        align="center",
    )


def _profile() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(P["name"], size="5", id="user-name"),
                rx.badge(P["role"], variant="soft", id="user-role"),
                rx.badge(
                    P["status"],
                    color_scheme=rx.cond(P["active"] != "", "green", "red"),
                    id="user-status",
                ),
                rx.cond(
                    P["must_change"] != "",
                    rx.badge(t("users.must_change_password"), color_scheme="amber"),
                ),
                wrap="wrap",
                align="center",
            ),
            _phone(),
            rx.text(P["joined"], " · ", P["last_login"], size="2", color_scheme="gray"),
            rx.text(P["source"], size="2", color_scheme="gray"),
            rx.cond(P["shop"] != "", rx.text(P["shop"], size="2")),
            spacing="2",
        ),
        width="100%",
    )


def _reason_form(action: str, on_submit: rx.EventHandler, confirm: str) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text_area(
                name="reason",
                placeholder=t("users.reason"),
                max_length=200,
                id="action-reason",
                width="100%",
            ),
            rx.hstack(
                rx.button(confirm, type="submit", color_scheme="red", id=f"confirm-{action}"),
                rx.button(t("users.cancel"), type="button", variant="soft", on_click=D.close_form),
            ),
            width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=False,
        width="100%",
        max_width="480px",
    )


def _forms() -> rx.Component:
    return rx.match(
        D.form,
        (
            "edit",
            rx.form(
                rx.hstack(
                    rx.input(
                        name="display_name",
                        default_value=P["name"],
                        max_length=20,
                        id="name-input",
                        aria_label=t("users.edit"),
                    ),
                    rx.button(t("users.save"), type="submit", id="save-name"),
                    rx.button(
                        t("users.cancel"), type="button", variant="soft", on_click=D.close_form
                    ),
                ),
                on_submit=D.save_name,
            ),
        ),
        ("disable", _reason_form("disable", D.disable, t("users.confirm_disable"))),
        ("enable", _reason_form("enable", D.enable, t("users.confirm_enable"))),
        (
            "reset",
            rx.callout(
                rx.vstack(
                    rx.text(t("users.reset_confirm")),
                    rx.hstack(
                        rx.button(
                            t("users.confirm_reset"),
                            color_scheme="red",
                            on_click=D.reset_password,
                            loading=D.busy,
                            id="confirm-reset",
                        ),
                        rx.button(t("users.cancel"), variant="soft", on_click=D.close_form),
                    ),
                ),
                icon="key-round",
                color_scheme="amber",
            ),
        ),
        rx.fragment(),
    )


def _actions() -> rx.Component:
    def button(label: str, form: str, button_id: str, **props: object) -> rx.Component:
        return rx.button(label, variant="soft", on_click=D.open_form(form), id=button_id, **props)

    return _may(
        Permission.manage_users,
        rx.vstack(
            rx.hstack(
                button(t("users.edit"), "edit", "edit-name"),
                rx.cond(
                    P["active"] != "",
                    button(t("users.disable"), "disable", "disable-user", color_scheme="red"),
                    button(t("users.enable"), "enable", "enable-user", color_scheme="green"),
                ),
                button(t("users.reset_password"), "reset", "reset-password", color_scheme="amber"),
                wrap="wrap",
            ),
            _forms(),
            rx.cond(
                D.temporary_password != "",
                rx.callout(
                    rx.vstack(
                        rx.text(t("users.temporary_password")),
                        rx.code(D.temporary_password, size="5", id="temporary-password"),
                        rx.button(t("users.close"), size="1", on_click=D.forget_password),
                    ),
                    icon="key-round",
                    color_scheme="green",
                ),
            ),
            width="100%",
        ),
    )


def _table(rows: rx.Var, keys: list[str], headers: list[str], table_id: str) -> rx.Component:
    def row(r: rx.Var) -> rx.Component:
        return rx.table.row(*[rx.table.cell(r[k]) for k in keys], class_name=f"{table_id}-row")

    return scroll_table(headers, rx.foreach(rows, row), table_id)


def _lists() -> list[rx.Component]:
    return [
        section(
            t("users.orders"),
            rx.text(P["orders_note"], size="1", color_scheme="gray"),
            _table(
                D.orders,
                ["code", "services", "status", "amount", "date"],
                ["users.col.code", "users.col.service", "users.col.order_status",
                 "users.col.amount", "users.col.date"],
                "user-orders",
            ),
        ),
        section(
            t("users.money"),
            rx.text(P["money_note"], size="1", color_scheme="gray"),
            _table(
                D.payments,
                ["kind", "code", "provider", "amount", "status", "date"],
                ["users.col.kind", "users.col.code", "users.col.provider", "users.col.amount",
                 "users.col.order_status", "users.col.date"],
                "user-money",
            ),
        ),
        section(
            t("users.complaints"),
            rx.text(P["complaints_note"], size="1", color_scheme="gray"),
            _table(
                D.complaints,
                ["code", "kind", "status", "reason", "date"],
                ["users.col.code", "users.col.kind", "users.col.order_status",
                 "users.col.reason", "users.col.date"],
                "user-complaints",
            ),
        ),
        section(
            t("users.history"),
            _table(
                D.history,
                ["at", "action", "by", "details"],
                ["users.col.date", "users.col.action", "users.col.by", "users.col.details"],
                "user-history",
            ),
        ),
    ]  # fmt: skip


def admin_user_page() -> rx.Component:
    return admin_dashboard(
        t("users.title"),
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=16), t("users.back"), align="center"),
            href=routes.ADMIN_USERS,
            id="back-to-users",
        ),
        _profile(),
        stat_grid(
            stat(t("users.orders_count"), P["orders_total"], "stat-user-orders"),
            stat(t("users.complaints_count"), P["complaints_total"], "stat-user-complaints"),
            stat(t("users.logins"), P["logins_total"], "stat-user-logins"),
            stat(t("users.logins_open"), P["logins_open"], "stat-user-logins-open"),
        ),
        _actions(),
        *_lists(),
        rx.box(display="none", on_unmount=D.leave),
    )
