"""The customer's bottom tab bar on a phone (首页 / 订单 / 我的), as booking apps have it.

Shown only to customers and only below the tablet breakpoint; desktop keeps the header's links.
A spacer of the bar's height keeps the page's last lines above it.
"""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState
from salon_app.i18n import t

BAR_HEIGHT = "60px"
PHONE_ONLY = ["flex", "flex", "none"]
# (catalogue key, lucide icon, path, paths under it that light the tab)
TABS = (
    ("nav.home", "house", routes.HOME, ()),
    ("nav.orders", "clipboard-list", routes.ORDERS, ("/orders/",)),
    ("nav.me", "user-round", routes.ME, ("/me/",)),
)


def _tab(key: str, icon: str, href: str, under: tuple[str, ...]) -> rx.Component:
    path = SessionState.router.url.path
    active = path == href
    for prefix in under:
        active = active | path.startswith(prefix)
    colour = rx.cond(active, "var(--accent-11)", "var(--gray-11)")
    return rx.link(
        rx.vstack(
            rx.icon(icon, size=22),
            rx.text(t(key), size="1"),
            align="center",
            spacing="0",
        ),
        href=href,
        underline="none",
        color=colour,
        flex="1",
        display="flex",
        justify_content="center",
        padding_y="6px",
        aria_current=rx.cond(active, "page", "false"),
        id=f"tab-{key.removeprefix('nav.')}",
    )


def customer_tab_bar() -> rx.Component:
    return rx.cond(
        SessionState.user_role == "customer",
        rx.fragment(
            # Scrolling something into view keeps it above the bar (a click is not taken by it).
            rx.el.style(f"html {{ scroll-padding-bottom: {BAR_HEIGHT}; }}"),
            rx.box(height=BAR_HEIGHT, display=PHONE_ONLY),
            rx.flex(
                *(_tab(*tab) for tab in TABS),
                display=PHONE_ONLY,
                position="fixed",
                bottom="0",
                left="0",
                right="0",
                height=BAR_HEIGHT,
                z_index="20",
                background="var(--color-background)",
                border_top="1px solid var(--gray-a5)",
                padding_bottom="env(safe-area-inset-bottom)",
                id="customer-tab-bar",
                role="navigation",
                aria_label=t("tabs.label"),
            ),
        ),
    )
