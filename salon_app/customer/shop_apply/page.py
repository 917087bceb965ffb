"""商家入驻: a customer applies for a shop, sees the review's status, applies again after a
rejection; a visitor is asked to log in or sign up first."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState
from salon_app.components.form import error_callout, labelled
from salon_app.components.layout import page, section
from salon_app.components.photos import image_picker
from salon_app.customer.shop_apply.state import ShopApplyState as S
from salon_app.i18n import t


def _field(key: str, name: str, **props: object) -> rx.Component:
    return labelled(t(key), rx.input(name=name, id=f"apply-{name}", width="100%", **props))


def _category(c: rx.Var) -> rx.Component:
    return rx.checkbox(
        c["name"],
        checked=S.chosen.contains(c["id"]),
        on_change=lambda on: S.toggle_category(c["id"], on),
        class_name="apply-category",
    )


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _field("field.shop_name", "shop_name", max_length=60),
            _field("field.licence_number", "licence_number", max_length=30),
            labelled(
                t("shop_apply.licence_scan"),
                rx.hstack(
                    image_picker(
                        "licence-scan", t("shop_apply.choose_scan"), S.stage_scan, S.upload_rejected
                    ),
                    rx.cond(
                        S.scan_preview != "",
                        rx.image(src=S.scan_preview, height="64px", id="apply-scan-preview"),
                    ),
                    align="center",
                ),
            ),
            _field("field.address", "address", max_length=200),
            _field("shop_apply.contact_phone", "contact_phone", max_length=20),
            labelled(
                t("shop_apply.categories"),
                rx.flex(rx.foreach(S.categories, _category), wrap="wrap", gap="12px"),
            ),
            labelled(
                t("field.shop_intro"),
                rx.text_area(name="intro", id="apply-intro", max_length=2000, width="100%"),
            ),
            error_callout(S.form_error, "apply-error"),
            rx.button(t("shop_apply.submit"), type="submit", loading=S.sending, id="apply-submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.submit,
        width="100%",
    )


def _status() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(S.applied_shop, weight="bold"),
                rx.badge(S.status_text, id="apply-status"),
                align="center",
            ),
            rx.text(t("shop_apply.applied_at"), " ", S.applied_at, size="2", color_scheme="gray"),
            rx.cond(
                S.status == "rejected",
                rx.callout.root(
                    rx.callout.icon(rx.icon("circle-x")),
                    rx.callout.text(t("shop_apply.rejected_because"), " ", S.reason),
                    color_scheme="red", id="apply-reason",
                ),
            ),
            rx.cond(S.status == "pending", rx.text(t("shop_apply.pending_note"), size="2")),
            rx.cond(
                S.status == "approved",
                rx.link(
                    rx.button(t("shop_apply.open_dashboard")),
                    href=routes.MERCHANT_HOME,
                    id="apply-dashboard",
                ),
            ),
            spacing="2",
        ),
        width="100%",
    )  # fmt: skip


def _visitor() -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.text(t("shop_apply.login_first")),
            rx.hstack(
                rx.link(rx.button(t("auth.login_title")), href=routes.LOGIN),
                rx.link(rx.button(t("auth.signup_title"), variant="soft"), href=routes.SIGNUP),
            ),
        ),
        icon="info",
        id="apply-login-first",
        width="100%",
    )


def shop_apply_page() -> rx.Component:
    return page(
        section(
            t("shop_apply.title"),
            rx.text(t("shop_apply.intro"), size="2", color_scheme="gray"),
            rx.cond(~SessionState.logged_in, _visitor()),
            rx.cond(S.status != "", _status()),
            rx.cond(
                SessionState.logged_in & (SessionState.user_role != "customer") & (S.status == ""),
                rx.callout(t("shop_apply.customers_only"), icon="info", id="apply-not-customer"),
            ),
            rx.cond(S.may_apply, _form()),
        )
    )
