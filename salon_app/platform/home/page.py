"""Platform operator pages."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState
from salon_app.components.layout import section, stat, stat_grid
from salon_app.i18n import t
from salon_app.platform.frame import admin_dashboard
from salon_app.platform.home.state import AdminHomeState as S


def _quick_link(label: str, href: str, link_id: str, permission: str) -> rx.Component:
    return rx.cond(
        SessionState.admin_rights.contains(permission),
        rx.link(rx.button(label, variant="soft"), href=href, id=link_id),
    )


def admin_home_page() -> rx.Component:
    return admin_dashboard(
        t("admin.title"),
        rx.text(SessionState.user_name, id="admin-title", size="2", color_scheme="gray"),
        rx.hstack(
            _quick_link(t("admin.dispatch"), routes.ADMIN_DISPATCH, "dispatch-link", "dispatch"),
            _quick_link(
                t("desk.title"), routes.ADMIN_COMPLAINTS, "complaints-link", "handle_complaints"
            ),
            wrap="wrap",
        ),
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
    )
