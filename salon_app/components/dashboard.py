"""The dashboard frame of the shop and the platform: a sidebar of the role's pages on a desktop,
folded behind a menu button on a phone, and the page's title bar above its content."""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from dataclasses import dataclass

import reflex as rx

from salon_app import routes
from salon_app.auth.login_watch import login_watch
from salon_app.auth.session_state import SessionState
from salon_app.i18n import t

SIDEBAR_WIDTH = "232px"


@dataclass(frozen=True)
class NavItem:
    """One page of a role's sidebar: catalogue key of its name, lucide icon, path, element id,
    and the platform permissions that open it (shown only to operators holding one; () = all)."""

    label: str
    icon: str
    href: str
    item_id: str
    permissions: tuple[str, ...] = ()


def _nav_link(item: NavItem) -> rx.Component:
    link = _link(item)
    if not item.permissions:
        return link
    held = [SessionState.admin_rights.contains(p) for p in item.permissions]
    return rx.cond(functools.reduce(operator.or_, held), link)


def _link(item: NavItem) -> rx.Component:
    active = SessionState.router.url.path == item.href
    return rx.link(
        rx.hstack(rx.icon(item.icon, size=18), rx.text(t(item.label), size="2"), align="center"),
        href=item.href,
        id=item.item_id,
        underline="none",
        color=rx.cond(active, "var(--accent-11)", "var(--gray-12)"),
        background=rx.cond(active, "var(--accent-a3)", "transparent"),
        border_radius="8px",
        padding_x="12px",
        padding_y="8px",
        width="100%",
        aria_current=rx.cond(active, "page", "false"),
    )


def _sidebar(nav: Sequence[NavItem], role_title: str, prefix: str) -> rx.Component:
    return rx.vstack(
        rx.link(
            rx.hstack(
                rx.icon("sparkles", size=20),
                rx.heading(t("app.name"), size="4"),
                align="center",
            ),
            href=routes.HOME,
            underline="none",
            color="inherit",
        ),
        rx.badge(role_title, variant="soft"),
        rx.vstack(*(_nav_link(item) for item in nav), spacing="1", width="100%"),
        rx.spacer(),
        rx.text(SessionState.user_name, size="2", color_scheme="gray", id=f"{prefix}user"),
        rx.link(t("nav.account"), href=routes.ACCOUNT_PASSWORD, size="2", id=f"{prefix}account"),
        rx.button(
            t("nav.logout"),
            on_click=SessionState.log_out,
            variant="soft",
            size="1",
            id=f"{prefix}logout",
        ),
        height="100%",
        padding="16px",
        spacing="4",
        width="100%",
        align="start",
    )


def _phone_bar(nav: Sequence[NavItem], role_title: str) -> rx.Component:
    """Below the desktop width the sidebar folds into a drawer behind a menu button."""
    return rx.hstack(
        rx.drawer.root(
            rx.drawer.trigger(
                rx.icon_button(
                    rx.icon("menu"), variant="ghost", aria_label=t("nav.menu"), id="nav-menu"
                )
            ),
            rx.drawer.overlay(z_index="20"),
            rx.drawer.portal(
                rx.drawer.content(
                    _sidebar(nav, role_title, "drawer-"),
                    height="100%",
                    overflow_y="auto",  # a long menu scrolls on a short phone screen
                    width="260px",
                    background="var(--color-panel-solid)",
                    z_index="30",
                )
            ),
            direction="left",
        ),
        rx.heading(t("app.name"), size="4"),
        rx.badge(role_title, variant="soft"),
        display=["flex", "flex", "flex", "none"],
        align="center",
        padding_x="12px",
        padding_y="8px",
        border_bottom="1px solid var(--gray-a5)",
        position="sticky",
        top="0",
        z_index="10",
        background="var(--color-background)",
        width="100%",
    )


def dashboard(
    nav: Sequence[NavItem], role_title: str, title: str, *children: rx.Component
) -> rx.Component:
    """A dashboard page: sidebar (desktop) or menu (phone), a title, then the content."""
    return rx.flex(
        rx.box(
            _sidebar(nav, role_title, "side-"),
            display=["none", "none", "none", "block"],
            width=SIDEBAR_WIDTH,
            min_width=SIDEBAR_WIDTH,
            height="100vh",
            position="sticky",
            top="0",
            border_right="1px solid var(--gray-a5)",
            background="var(--gray-a2)",
        ),
        rx.box(
            _phone_bar(nav, role_title),
            login_watch(),
            rx.vstack(
                rx.heading(title, size="6", id="dashboard-title"),
                *children,
                spacing="5",
                width="100%",
                padding=["12px", "16px", "24px"],
            ),
            flex="1",
            min_width="0",
        ),
        min_height="100vh",
        width="100%",
    )
