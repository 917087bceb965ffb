"""The shop dashboard's sidebar: one entry per merchant page."""

from __future__ import annotations

from salon_app import routes
from salon_app.components.dashboard import NavItem

MERCHANT_NAV: list[NavItem] = [
    NavItem("merchant.nav.home", "layout-dashboard", routes.MERCHANT_HOME, "nav-home"),
    NavItem("merchant.nav.stats", "chart-line", routes.MERCHANT_STATS, "nav-stats"),
    NavItem("merchant.nav.incentives", "gift", routes.MERCHANT_INCENTIVES, "nav-incentives"),
]
