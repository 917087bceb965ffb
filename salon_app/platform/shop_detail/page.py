"""/admin/shops/<id>: a shop's details and its commission rates."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.components.data_table import scroll_table
from salon_app.components.layout import section
from salon_app.i18n import t
from salon_app.platform.frame import admin_dashboard
from salon_app.platform.shop_detail.state import AdminShopDetailState as S


def _rate_form(category_id: rx.Var | str, current: rx.Var, form_id: rx.Var | str) -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(type="hidden", name="category_id", value=category_id),
            rx.input(
                name="rate",
                default_value=current,
                key=current,
                placeholder=t("commission.follows"),
                width="90px",
                class_name="rate-input",
            ),
            rx.text("%"),
            rx.button(t("commission.save"), type="submit", size="1", class_name="rate-save"),
            align="center",
        ),
        on_submit=S.save_rate,
        id=form_id,
    )


def _category(c: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(c["name"], " ", rx.cond(c["offered"] != "", rx.badge(c["offered"]))),
        rx.table.cell(_rate_form(c["id"], c["own"], "rate-category-" + c["id"])),
        rx.table.cell(c["effective"], class_name="rate-effective"),
        class_name="category-rate",
    )


def admin_shop_detail_page() -> rx.Component:
    return admin_dashboard(
        t("commission.title"),
        rx.link(t("shop_review.back"), href=routes.ADMIN_SHOPS),
        rx.card(
            rx.vstack(
                rx.heading(S.shop_name, size="5", id="shop-detail-name"),
                rx.text(S.shop_place, size="2", color_scheme="gray"),
                rx.text(S.contact_phone, size="2"),
            ),
            width="100%",
        ),
        section(
            t("commission.rates"),
            rx.text(t("commission.rule"), size="2", color_scheme="gray"),
            rx.text(t("commission.platform_default"), " ", S.platform_rate, id="detail-platform"),
            rx.hstack(
                rx.text(t("commission.shop_default")),
                _rate_form("", S.shop_rate, "rate-shop-default"),
                align="center",
            ),
            scroll_table(
                ["commission.category", "commission.own_rate", "commission.effective"],
                rx.foreach(S.categories, _category),
                "category-rates",
            ),
        ),
    )
