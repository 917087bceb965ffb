"""A platform dashboard page: the operator sidebar around the page's content, or, for someone
the page's service refused, only the refusal (no platform menu for anyone else)."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState
from salon_app.components.dashboard import dashboard
from salon_app.components.layout import access_refused, page
from salon_app.i18n import t
from salon_app.platform.nav import ADMIN_NAV


def admin_dashboard(title: str, *children: rx.Component) -> rx.Component:
    return rx.cond(
        SessionState.access_error != "",
        page(access_refused()),
        dashboard(ADMIN_NAV, t("admin.role"), title, *children),
    )
