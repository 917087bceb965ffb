"""The shop dashboard's sidebar: one entry per merchant page."""

from __future__ import annotations

from salon_app import routes
from salon_app.components.dashboard import NavItem

MERCHANT_NAV: list[NavItem] = [
    NavItem("merchant.nav.home", "layout-dashboard", routes.MERCHANT_HOME, "nav-home"),
    NavItem(
        "merchant.nav.technicians", "user-check", routes.MERCHANT_TECHNICIANS, "nav-technicians"
    ),
    NavItem(
        "merchant.nav.announcements",
        "megaphone",
        routes.MERCHANT_ANNOUNCEMENTS,
        "nav-announcements",
    ),
    NavItem("merchant.nav.reviews", "message-square-reply", routes.MERCHANT_REVIEWS, "nav-reviews"),
]
