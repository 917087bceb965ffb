"""/verify: the public check of a course certificate by its serial."""

from __future__ import annotations

import reflex as rx

from salon_app.certificate_check.state import VerifyState as V
from salon_app.components.layout import detail_line, page
from salon_app.i18n import t


def _result() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.badge(
                V.found["status_text"],
                color_scheme=rx.match(V.found["status"], ("valid", "grass"), "gray"),
                size="3",
                id="verify-status",
            ),
            detail_line(t("verify.serial"), V.found["serial"], "verify-serial"),
            detail_line(t("verify.course"), V.found["course"], "verify-course"),
            detail_line(t("verify.holder"), V.found["holder"], "verify-holder"),
            detail_line(t("verify.issued"), V.found["issued"], "verify-issued"),
            detail_line(t("verify.expires"), V.found["expires"], "verify-expires"),
            width="100%",
        ),
        width="100%",
        id="verify-result",
    )


def verify_page() -> rx.Component:
    return page(
        rx.heading(t("verify.title"), size="6"),
        rx.text(t("verify.hint"), size="2", color_scheme="gray"),
        rx.form(
            rx.hstack(
                rx.input(
                    name="serial",
                    default_value=V.serial,
                    placeholder=t("verify.serial"),
                    id="verify-input",
                    width="100%",
                    max_length=40,
                ),
                rx.button(t("verify.button"), type="submit", id="verify-button"),
                width="100%",
            ),
            on_submit=V.check,
        ),
        rx.cond(V.error != "", rx.callout(V.error, color_scheme="red", id="verify-error")),
        rx.cond(V.found.contains("serial"), _result()),
    )
