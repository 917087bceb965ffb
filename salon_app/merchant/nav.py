"""The shop dashboard's sidebar: one line per page, in the order the shop works through them."""

from __future__ import annotations

from salon_app import routes
from salon_app.components.dashboard import NavItem

MERCHANT_NAV: list[NavItem] = [
    NavItem("merchant.nav.home", "layout-dashboard", routes.MERCHANT_HOME, "nav-home"),
    NavItem("merchant.nav.shop", "store", routes.MERCHANT_SHOP, "nav-shop"),
    NavItem("merchant.nav.staff", "users", routes.MERCHANT_STAFF, "nav-staff"),
]
