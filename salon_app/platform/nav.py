"""The platform dashboard's sidebar: every operator page, each shown to the sub-roles whose
permission set opens it (services/admin_roles.py; the services check it again).

One line per page: `_page(name, lucide icon, path, *permissions)` (any one opens it); its
label is the catalogue key admin.nav.<name> and its link's element id nav-admin-<name>.
"""

from __future__ import annotations

from salon_app import routes
from salon_app.components.dashboard import NavItem
from salon_app.core.services.admin_roles import Permission as P


def _page(name: str, icon: str, href: str, *permissions: P) -> NavItem:
    return NavItem(f"admin.nav.{name}", icon, href, f"nav-admin-{name}", permissions)


ADMIN_NAV: list[NavItem] = [
    _page("home", "layout-dashboard", routes.ADMIN_HOME, P.view_overview),
    _page("alerts", "siren", routes.ADMIN_ALERTS, P.handle_alerts, P.issue_refunds),
    _page("dispatch", "route", routes.ADMIN_DISPATCH, P.dispatch),
    _page("complaints", "shield-alert", routes.ADMIN_COMPLAINTS, P.handle_complaints),
    _page("users", "users", routes.ADMIN_USERS, P.view_users),
    _page("shops", "store", routes.ADMIN_SHOPS, P.review_shops),
    _page("catalogue", "images", routes.ADMIN_CATALOGUE, P.manage_catalogue),
    _page("segments", "tags", routes.ADMIN_SEGMENTS, P.manage_segments),
    _page("coupons", "ticket-percent", routes.ADMIN_COUPONS, P.manage_marketing),
    _page("membership", "crown", routes.ADMIN_MEMBERSHIP, P.manage_marketing),
    _page("promotions", "badge-percent", routes.ADMIN_PROMOTIONS, P.manage_marketing),
    _page("campaigns", "megaphone", routes.ADMIN_CAMPAIGNS, P.manage_marketing),
    _page("courses", "graduation-cap", routes.ADMIN_COURSES, P.manage_learning),
    _page("community", "messages-square", routes.ADMIN_COMMUNITY, P.moderate_community),
    _page(
        "course_requirements", "graduation-cap", routes.ADMIN_COURSE_REQUIREMENTS, P.manage_learning
    ),
    _page("settlement", "wallet", routes.ADMIN_SETTLEMENT, P.view_settlement),
    _page("events", "calendar-check", routes.ADMIN_EVENTS, P.manage_learning),
    _page("staff", "user-cog", routes.ADMIN_STAFF, P.manage_staff),
    _page("audit", "scroll-text", routes.ADMIN_AUDIT, P.view_audit),
    _page("backups", "database-backup", routes.ADMIN_BACKUPS, P.manage_backups),
]
