"""The shop dashboard's home (概览): the shop's figures and its pending applications."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.components.layout import list_or_empty, section, stat, stat_grid
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.merchant.home.state import MerchantHomeState as S


def _pending_row(p: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(p["name"], weight="bold"),
                rx.text(p["message"], size="2", color_scheme="gray"),
                spacing="1",
            ),
            rx.spacer(),
            rx.vstack(
                rx.text(p["years"], size="1"), rx.text(p["at"], size="1", color_scheme="gray")
            ),
            width="100%",
        ),
        width="100%",
    )


def merchant_home_page() -> rx.Component:
    return merchant_dashboard(
        t("merchant.title"),
        rx.hstack(
            rx.heading(S.shop_name, size="4", id="shop-name"),
            rx.spacer(),
            rx.link(t("desk.title"), href=routes.MERCHANT_COMPLAINTS, id="complaints-link"),
            width="100%",
            align="center",
            wrap="wrap",
        ),
        stat_grid(
            stat(t("merchant.technicians"), S.technicians, "stat-technicians"),
            stat(t("merchant.orders_30d"), S.orders_30d, "stat-orders"),
            stat(t("merchant.revenue_30d"), S.revenue_30d, "stat-revenue"),
            stat(t("merchant.rating"), S.rating, "stat-rating"),
        ),
        section(
            t("merchant.pending_applications"),
            list_or_empty(S.pending, _pending_row),
        ),
    )
