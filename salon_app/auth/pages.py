"""Log-in and sign-up pages."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.state import AuthFormState
from salon_app.components.form import labelled
from salon_app.components.layout import page
from salon_app.i18n import t


def _field(label: str, name: str, placeholder: str, kind: str = "text") -> rx.Component:
    return labelled(
        label,
        rx.input(
            name=name,
            id=name,
            type=kind,
            placeholder=placeholder,
            size="3",
            width="100%",
            required=True,
        ),
    )


def _form_error() -> rx.Component:
    return rx.cond(
        AuthFormState.form_error != "",
        rx.callout(
            AuthFormState.form_error, icon="triangle-alert", color_scheme="red", id="form-error"
        ),
    )


def _notice() -> rx.Component:
    return rx.cond(
        AuthFormState.notice != "",
        rx.callout(AuthFormState.notice, icon="info", id="notice"),
    )


def _phone_and_password() -> list[rx.Component]:
    return [
        _field(t("auth.phone"), "phone", t("auth.phone_placeholder"), "tel"),
        _field(t("auth.password"), "password", t("auth.password_placeholder"), "password"),
    ]


def login_page() -> rx.Component:
    return page(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(t("auth.login_title"), size="6"),
                    _notice(),
                    *_phone_and_password(),
                    _form_error(),
                    rx.button(
                        t("auth.login_button"), type="submit", size="3", width="100%", id="submit"
                    ),
                    rx.link(t("auth.to_signup"), href=routes.SIGNUP),
                    spacing="4",
                ),
                on_submit=AuthFormState.log_in,
            ),
            width="100%",
            max_width="420px",
            margin_x="auto",
        )
    )


def signup_page() -> rx.Component:
    return page(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(t("auth.signup_title"), size="6"),
                    *_phone_and_password(),
                    _field(
                        t("auth.display_name"), "display_name", t("auth.display_name_placeholder")
                    ),
                    rx.text(t("auth.role"), size="2", weight="medium"),
                    rx.radio_cards.root(
                        rx.radio_cards.item(
                            t("auth.role_customer"), value="customer", id="role-customer"
                        ),
                        rx.radio_cards.item(
                            t("auth.role_technician"), value="technician", id="role-technician"
                        ),
                        name="role",
                        default_value="customer",
                        columns="2",
                        width="100%",
                    ),
                    _form_error(),
                    rx.button(
                        t("auth.signup_button"), type="submit", size="3", width="100%", id="submit"
                    ),
                    rx.link(t("auth.to_login"), href=routes.LOGIN),
                    spacing="4",
                ),
                on_submit=AuthFormState.sign_up,
            ),
            width="100%",
            max_width="420px",
            margin_x="auto",
        )
    )
