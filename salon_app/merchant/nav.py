"""The merchant dashboard's sidebar: every page of the shop side, in the order shops use them.

One line per page: `_page(name, lucide icon, path)`; its label is the catalogue key
merchant.nav.<name> and its link's element id nav-merchant-<name>.
"""

from __future__ import annotations

from salon_app import routes
from salon_app.components.dashboard import NavItem


def _page(name: str, icon: str, href: str) -> NavItem:
    return NavItem(f"merchant.nav.{name}", icon, href, f"nav-merchant-{name}")


MERCHANT_NAV: list[NavItem] = [
    _page("home", "layout-dashboard", routes.MERCHANT_HOME),
    _page("shop", "store", routes.MERCHANT_SHOP),
    _page("staff", "users", routes.MERCHANT_STAFF),
    _page("technicians", "user-check", routes.MERCHANT_TECHNICIANS),
    _page("rota", "calendar-days", routes.MERCHANT_ROTA),
    _page("live", "map", routes.MERCHANT_LIVE),
    _page("stats", "chart-column", routes.MERCHANT_STATS),
    _page("incentives", "gift", routes.MERCHANT_INCENTIVES),
    _page("coupons", "ticket-percent", routes.MERCHANT_COUPONS),
    _page("promotions", "badge-percent", routes.MERCHANT_PROMOTIONS),
    _page("campaigns", "megaphone", routes.MERCHANT_CAMPAIGNS),
    _page("courses", "graduation-cap", routes.MERCHANT_COURSES),
    _page("announcements", "megaphone", routes.MERCHANT_ANNOUNCEMENTS),
    _page("community", "messages-square", routes.MERCHANT_COMMUNITY),
    _page("course_assignments", "graduation-cap", routes.MERCHANT_COURSE_ASSIGNMENTS),
    _page("reviews", "message-square-reply", routes.MERCHANT_REVIEWS),
    _page("complaints", "shield-alert", routes.MERCHANT_COMPLAINTS),
    _page("events", "calendar-check", routes.MERCHANT_EVENTS),
]
