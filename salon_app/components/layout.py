"""The page frame: a header with the brand and the login, content sized for a phone first."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from salon_app import routes
from salon_app.auth.login_watch import login_watch
from salon_app.auth.session_state import SessionState
from salon_app.components.bottom_tabs import customer_tab_bar
from salon_app.i18n import t


def _account_menu() -> rx.Component:
    return rx.cond(
        SessionState.logged_in,
        rx.hstack(
            rx.cond(
                SessionState.user_role == "customer",
                rx.hstack(
                    rx.link(t("nav.orders"), href=routes.ORDERS, id="nav-orders"),
                    rx.link(t("nav.me"), href=routes.ME, id="nav-me"),
                    spacing="3",
                    display=["none", "none", "flex"],  # a phone has the bottom tab bar
                ),
            ),
            rx.link(SessionState.user_name, href=SessionState.home_path, id="current-user"),
            rx.link(
                rx.icon("key-round", size=18),
                href=routes.ACCOUNT_PASSWORD,
                id="nav-account",
                title=t("nav.account"),
                aria_label=t("nav.account"),
            ),
            rx.button(
                t("nav.logout"),
                on_click=SessionState.log_out,
                variant="soft",
                size="1",
                id="logout",
            ),
            align="center",
            spacing="3",
        ),
        rx.hstack(
            rx.link(t("nav.login"), href=routes.LOGIN, id="nav-login"),
            rx.link(t("nav.signup"), href=routes.SIGNUP, id="nav-signup"),
            spacing="3",
        ),
    )


def brand(subtitle: str = "") -> rx.Component:
    """The app's name at the top left, a way home."""
    return rx.link(
        rx.hstack(
            rx.icon("sparkles", size=20),
            rx.heading(t("app.name"), size="5"),
            rx.cond(subtitle != "", rx.badge(subtitle, variant="soft")),
            align="center",
            spacing="2",
        ),
        href=routes.HOME,
        underline="none",
        color="inherit",
    )


def header(subtitle: str = "", *right: rx.Component) -> rx.Component:
    return rx.hstack(
        brand(subtitle),
        rx.spacer(),
        *(right or [_account_menu()]),
        width="100%",
        align="center",
        padding_y="12px",
        padding_x="16px",
        border_bottom="1px solid var(--gray-a5)",
        position="sticky",
        top="0",
        z_index="10",
        background="var(--color-background)",
    )


def page(*children: rx.Component, subtitle: str = "") -> rx.Component:
    return rx.box(
        header(subtitle),
        login_watch(),
        rx.container(
            rx.vstack(*children, spacing="5", width="100%"),
            size="3",
            padding_x="16px",
            padding_y="16px",
        ),
        customer_tab_bar(),
        min_height="100vh",
    )


def section(title: str, *children: rx.Component, **props: object) -> rx.Component:
    return rx.vstack(rx.heading(title, size="4"), *children, spacing="3", width="100%", **props)


def empty_state(text: rx.Var | str | None = None) -> rx.Component:
    return rx.center(
        rx.text(t("common.empty") if text is None else text, color_scheme="gray"),
        padding="24px",
        width="100%",
        border="1px dashed var(--gray-a6)",
        border_radius="12px",
    )


def list_or_empty(
    rows: rx.Var,
    item: Callable[[rx.Var], rx.Component],
    list_id: str | None = None,
    empty: rx.Var | str | None = None,
) -> rx.Component:
    """`item` for each of `rows`, one under another; `empty_state(empty)` when there are none."""
    ids = {"id": list_id} if list_id else {}
    return rx.cond(
        rows.length() > 0,
        rx.vstack(rx.foreach(rows, item), width="100%", **ids),
        empty_state(empty),
    )


def access_refused() -> rx.Component:
    """What a guarded page shows someone it refused: the reason and a way home, no data."""
    return rx.callout(
        rx.vstack(
            rx.text(SessionState.access_error, id="access-error"),
            rx.link(t("common.back_home"), href=SessionState.home_path),
        ),
        icon="shield-alert",
        color_scheme="red",
        width="100%",
    )


def guarded(content: rx.Component) -> rx.Component:
    """A guarded page's body: the refusal, with no data, when its service refused the user."""
    return rx.cond(SessionState.access_error != "", access_refused(), content)


def stat(label: str | rx.Var, value: rx.Var | str, stat_id: str | None = None) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(label, size="2", color_scheme="gray"),
            rx.heading(value, size="6", id=stat_id),
            spacing="1",
        ),
        min_width="140px",
        flex="1",
    )


def stat_grid(*stats: rx.Component) -> rx.Component:
    """`stat` cards side by side, as many to a row as fit (two on a phone)."""
    return rx.flex(*stats, wrap="wrap", gap="12px", width="100%")


def link_card(
    *children: rx.Component, href: rx.Var | str, class_name: str, **props: object
) -> rx.Component:
    """A whole card that opens `href` when tapped (lists of services, orders, jobs)."""
    return rx.link(
        rx.card(*children, width="100%"),
        href=href,
        underline="none",
        color="inherit",
        class_name=class_name,
        width="100%",
        **props,
    )


def detail_line(label: str | rx.Var, value: rx.Var, line_id: str) -> rx.Component:
    """One "label: value" row of an order or job detail, hidden when there is no value."""
    return rx.cond(
        value != "",
        rx.hstack(
            rx.text(label, size="2", color_scheme="gray", min_width="72px"),
            rx.text(value, size="2", id=line_id),
            align="start",
        ),
    )
