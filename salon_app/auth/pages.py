"""Log-in, sign-up (with the phone's SMS code) and forgotten-password pages."""

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


def _phone() -> rx.Component:
    """The phone field (on the code forms, the number the send-code button sends)."""
    return _field(t("auth.phone"), "phone", t("auth.phone_placeholder"), "tel")


def _password(name: str = "password", label: str = "auth.password") -> rx.Component:
    return _field(t(label), name, t("auth.password_placeholder"), "password")


def _submit(label: str) -> rx.Component:
    return rx.button(label, type="submit", size="3", width="100%", id="submit")


def _form_card(on_submit: rx.EventHandler, *children: rx.Component) -> rx.Component:
    """One narrow card holding a form, its fields in a column."""
    return page(
        rx.card(
            rx.form(rx.vstack(*children, spacing="4"), on_submit=on_submit),
            width="100%",
            max_width="420px",
            margin_x="auto",
        )
    )


PHONE_VALUE = "document.getElementById('phone').value"


def _code_row(send: rx.EventHandler) -> rx.Component:
    """The code field with its send button (which sends the phone field's value), and where
    the code went once it was sent."""
    return rx.vstack(
        labelled(
            t("auth.code"),
            rx.hstack(
                rx.input(
                    name="code",
                    id="code",
                    input_mode="numeric",
                    auto_complete="one-time-code",
                    max_length=6,
                    placeholder=t("auth.code_placeholder"),
                    size="3",
                    flex="1",
                ),
                rx.button(
                    t("auth.send_code"),
                    type="button",
                    size="3",
                    variant="soft",
                    on_click=rx.call_script(PHONE_VALUE, callback=send),
                    id="send-code",
                ),
                width="100%",
            ),
        ),
        rx.cond(
            AuthFormState.code_notice != "",
            rx.text(AuthFormState.code_notice, size="2", color_scheme="green", id="code-notice"),
        ),
        spacing="1",
        width="100%",
    )


def login_page() -> rx.Component:
    return _form_card(
        AuthFormState.log_in,
        rx.heading(t("auth.login_title"), size="6"),
        _notice(),
        _phone(),
        _password(),
        rx.cond(AuthFormState.login_code_needed, _code_row(AuthFormState.send_login_code)),
        _form_error(),
        _submit(t("auth.login_button")),
        rx.hstack(
            rx.link(t("auth.to_signup"), href=routes.SIGNUP),
            rx.link(t("auth.forgot_link"), href=routes.FORGOT, id="to-forgot"),
            justify="between",
            width="100%",
        ),
    )


def signup_page() -> rx.Component:
    return _form_card(
        AuthFormState.sign_up,
        rx.heading(t("auth.signup_title"), size="6"),
        _phone(),
        _code_row(AuthFormState.send_signup_code),
        _password(),
        _field(t("auth.display_name"), "display_name", t("auth.display_name_placeholder")),
        rx.text(t("auth.role"), size="2", weight="medium"),
        rx.radio_cards.root(
            rx.radio_cards.item(t("auth.role_customer"), value="customer", id="role-customer"),
            rx.radio_cards.item(
                t("auth.role_technician"), value="technician", id="role-technician"
            ),
            name="role",
            default_value="customer",
            columns="2",
            width="100%",
        ),
        _form_error(),
        _submit(t("auth.signup_button")),
        rx.link(t("auth.to_login"), href=routes.LOGIN),
    )


def forgot_page() -> rx.Component:
    """Phone, then the code sent to it and a new password (twice)."""
    return _form_card(
        AuthFormState.reset_password,
        rx.heading(t("auth.forgot_title"), size="6"),
        _phone(),
        _code_row(AuthFormState.send_reset_code),
        _password("new_password", "auth.new_password"),
        _password("new_password_again", "auth.new_password_again"),
        _form_error(),
        _submit(t("auth.reset_button")),
        rx.link(t("auth.to_login"), href=routes.LOGIN),
    )
