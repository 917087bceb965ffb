"""Platform operator pages."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.components.layout import guarded, page, section, stat, stat_grid
from salon_app.i18n import t
from salon_app.platform.home.state import AdminHomeState as S


def admin_home_page() -> rx.Component:
    return page(
        guarded(
            rx.vstack(
                rx.heading(t("admin.title"), size="6", id="admin-title"),
                rx.link(t("admin.dispatch"), href=routes.ADMIN_DISPATCH, id="dispatch-link"),
                rx.link(t("desk.title"), href=routes.ADMIN_COMPLAINTS, id="complaints-link"),
                stat_grid(
                    stat(t("admin.merchants"), S.merchants, "stat-merchants"),
                    stat(t("admin.technicians"), S.technicians, "stat-technicians"),
                    stat(t("admin.orders"), S.orders, "stat-orders"),
                    stat(t("merchant.orders_30d"), S.paid_orders_30d, "stat-paid-30d"),
                ),
                section(
                    t("admin.users"),
                    stat_grid(rx.foreach(S.users, lambda u: stat(u["role"], u["count"]))),
                ),
                spacing="5",
                width="100%",
            ),
        ),
        subtitle=t("nav.admin_home"),
    )
