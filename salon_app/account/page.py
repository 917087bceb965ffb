"""/account/password: one role-neutral page, linked from every role's menu."""

from __future__ import annotations

import reflex as rx

from salon_app.account.state import AccountState as A
from salon_app.auth.session_state import SessionState
from salon_app.components.form import error_callout, labelled
from salon_app.components.layout import guarded, page
from salon_app.i18n import t


def _password(label: str, name: str) -> rx.Component:
    return labelled(
        label,
        rx.input(name=name, id=name, type="password", size="3", width="100%", required=True),
    )


def account_password_page() -> rx.Component:
    return page(
        guarded(
            rx.card(
                rx.form(
                    rx.vstack(
                        rx.heading(t("account.title"), size="6", id="account-title"),
                        rx.text(t("account.hint"), size="2", color_scheme="gray"),
                        _password(t("account.old_password"), "old_password"),
                        _password(t("auth.new_password"), "new_password"),
                        _password(t("auth.new_password_again"), "new_password_again"),
                        error_callout(A.account_error, "account-error"),
                        rx.cond(
                            A.account_done != "",
                            rx.callout(A.account_done, icon="check", id="account-done"),
                        ),
                        rx.button(
                            t("account.change_button"),
                            type="submit",
                            size="3",
                            width="100%",
                            id="submit",
                        ),
                        rx.link(t("common.back_home"), href=SessionState.home_path),
                        spacing="4",
                    ),
                    on_submit=A.change_password,
                    reset_on_submit=True,
                ),
                width="100%",
                max_width="420px",
                margin_x="auto",
            )
        )
    )
