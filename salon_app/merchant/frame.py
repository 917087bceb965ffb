"""A merchant dashboard page: the shop sidebar around the page's content, or, for someone the
page's service refused, only the refusal (no shop menu for a customer or another role)."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState
from salon_app.components.dashboard import dashboard
from salon_app.components.layout import access_refused, page
from salon_app.i18n import t
from salon_app.merchant.nav import MERCHANT_NAV


def merchant_dashboard(title: str, *children: rx.Component) -> rx.Component:
    return rx.cond(
        SessionState.access_error != "",
        page(access_refused()),
        dashboard(MERCHANT_NAV, t("merchant.role"), title, *children),
    )
