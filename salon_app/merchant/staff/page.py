"""/merchant/staff: who works in the shop, in which role, and who is invited."""

from __future__ import annotations

import reflex as rx

from salon_app.components.form import error_callout, labelled
from salon_app.components.layout import guarded, list_or_empty, section
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.merchant.staff.state import ROLES
from salon_app.merchant.staff.state import StaffState as S


def _role_select(name: str | None = None, **props: object) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(),
        rx.select.content(
            *(rx.select.item(t(f"staff.role.{r}"), value=r) for r in ROLES),
        ),
        **({"name": name} if name else {}),
        **props,
    )


def _member_row(m: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(m["name"]),
        rx.table.cell(m["phone"]),
        rx.table.cell(
            rx.cond(
                S.can_manage,
                _role_select(
                    value=m["role"],
                    on_change=lambda role: S.change_role(m["user_id"], role),
                    size="1",
                    aria_label=t("staff_page.change_role"),
                ),
                rx.badge(m["role_label"], variant="soft"),
            ),
            class_name="staff-role",
        ),
        rx.cond(
            S.can_manage,
            rx.table.cell(
                rx.button(
                    t("staff_page.remove"),
                    size="1",
                    variant="ghost",
                    color_scheme="red",
                    on_click=S.remove(m["user_id"]),
                    class_name="remove-staff",
                )
            ),
        ),
        class_name="staff-row",
    )


def _members() -> rx.Component:
    return rx.card(
        section(
            t("staff_page.members"),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("staff_page.col_name")),
                        rx.table.column_header_cell(t("staff_page.col_phone")),
                        rx.table.column_header_cell(t("staff_page.col_role")),
                        rx.cond(S.can_manage, rx.table.column_header_cell(t("table.actions"))),
                    )
                ),
                rx.table.body(rx.foreach(S.members, _member_row)),
                width="100%",
                id="staff-table",
            ),
        ),
        width="100%",
        overflow_x="auto",
    )


def _invite_row(i: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon("mail", size=16),
        rx.text(i["phone"], weight="medium"),
        rx.badge(i["role_label"], variant="soft"),
        rx.text(t("staff_page.invited_at"), " ", i["at"], size="1", color_scheme="gray"),
        rx.spacer(),
        rx.cond(
            S.can_manage,
            rx.button(
                t("staff_page.revoke"),
                size="1",
                variant="ghost",
                on_click=S.revoke(i["id"]),
                class_name="revoke-invite",
            ),
        ),
        width="100%",
        align="center",
        wrap="wrap",
        class_name="invitation",
    )


def _invite_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(t("staff_page.invite_hint"), size="1", color_scheme="gray"),
            rx.flex(
                labelled(
                    t("staff_page.phone"),
                    rx.input(name="phone", input_mode="tel", id="invite-phone"),
                ),
                labelled(
                    t("staff_page.role"),
                    _role_select("role", default_value="front_desk", id="invite-role"),
                ),
                rx.button(t("staff_page.send_invite"), type="submit", id="invite-submit"),
                gap="8px",
                align="end",
                wrap="wrap",
                width="100%",
            ),
            error_callout(S.invite_error, "invite-error"),
            width="100%",
        ),
        on_submit=S.invite,
        reset_on_submit=True,
        width="100%",
    )


def _invitations() -> rx.Component:
    return rx.card(
        section(
            t("staff_page.invitations"),
            rx.cond(S.can_manage, _invite_form()),
            list_or_empty(
                S.invitations, _invite_row, "invitations", empty=t("staff_page.invitations_none")
            ),
        ),
        width="100%",
    )


def staff_page() -> rx.Component:
    return merchant_dashboard(
        t("staff_page.title"),
        guarded(
            rx.cond(
                S.loaded,
                rx.vstack(
                    rx.cond(
                        ~S.can_manage,
                        rx.callout(t("staff_page.read_only"), icon="eye", id="read-only"),
                    ),
                    _members(),
                    _invitations(),
                    spacing="4",
                    width="100%",
                ),
                rx.spinner(),
            )
        ),
    )
