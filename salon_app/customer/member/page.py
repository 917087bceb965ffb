"""我的 (/me) and 会员中心 (/me/member): phone-first cards; the check-in calendar as a grid."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState
from salon_app.components.layout import guarded, list_or_empty, page, section
from salon_app.customer.member.state import MemberState, MeState
from salon_app.i18n import t

CARD_GRADIENT = "linear-gradient(135deg, var(--crimson-9), var(--amber-9))"
CELL_COLOURS = {
    "done": "var(--crimson-9)",
    "today": "var(--crimson-a4)",
    "missed": "var(--gray-a3)",
}


def _member_card(level: rx.Var, lines: list[rx.Component], card_id: str) -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.hstack(
                rx.icon("crown", size=20),
                rx.heading(level, size="5", id="member-level"),
                align="center",
            ),
            *lines,
            spacing="2",
        ),
        background=CARD_GRADIENT,
        color="white",
        border_radius="16px",
        padding="20px",
        width="100%",
        id=card_id,
    )


def _menu_line(icon: str, label: str, href: str, line_id: str) -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.icon(icon, size=18),
            rx.text(label),
            rx.spacer(),
            rx.icon("chevron-right", size=16, color="var(--gray-9)"),
            align="center",
            width="100%",
            padding_y="12px",
            border_bottom="1px solid var(--gray-a4)",
        ),
        href=href,
        underline="none",
        color="inherit",
        width="100%",
        id=line_id,
    )


def me_page() -> rx.Component:
    return page(
        guarded(
            rx.vstack(
                rx.heading(SessionState.user_name, size="6", id="me-name"),
                rx.link(
                    _member_card(
                        MeState.level_name,
                        [
                            rx.hstack(
                                rx.text(t("me.points"), ": ", MeState.points, id="me-points"),
                                rx.text(t("me.growth"), ": ", MeState.growth),
                                spacing="4",
                            )
                        ],
                        "me-card",
                    ),
                    href=routes.MEMBER,
                    underline="none",
                    width="100%",
                ),
                rx.vstack(
                    _menu_line("crown", t("me.member_centre"), routes.MEMBER, "me-member"),
                    _menu_line("coins", t("me.my_points"), routes.MY_POINTS, "me-points-link"),
                    _menu_line("ticket", t("me.my_coupons"), routes.MY_COUPONS, "me-coupons"),
                    _menu_line("clipboard-list", t("me.orders"), routes.ORDERS, "me-orders"),
                    _menu_line(
                        "key-round", t("me.password"), routes.ACCOUNT_PASSWORD, "me-password"
                    ),
                    spacing="0",
                    width="100%",
                ),
                rx.button(
                    t("me.logout"),
                    on_click=SessionState.log_out,
                    variant="soft",
                    color_scheme="gray",
                    width="100%",
                    id="me-logout",
                ),
                spacing="4",
                width="100%",
            )
        ),
    )


def _level_row(lv: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(lv["name"], weight="bold"),
            rx.cond(lv["current"] != "", rx.badge(t("member.current"), color_scheme="crimson")),
            rx.spacer(),
            rx.text(lv["threshold"], size="1", color_scheme="gray"),
            align="center",
            width="100%",
        ),
        rx.hstack(
            rx.badge(lv["price"], variant="soft"),
            rx.badge(lv["points"], variant="soft", color_scheme="amber"),
            spacing="2",
        ),
        width="100%",
        class_name="level-row",
    )


def _batch_row(b: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(b["points"], weight="bold", min_width="56px"),
        rx.spacer(),
        rx.text(
            b["when"],
            size="2",
            color=rx.cond(b["pending"] != "", "var(--amber-11)", "var(--gray-11)"),
        ),
        width="100%",
        class_name="points-batch",
    )


def _cell(c: rx.Var) -> rx.Component:
    state = c["state"]
    return rx.center(
        rx.cond(state == "done", rx.icon("check", size=14), rx.text(c["day"], size="1")),
        height="36px",
        border_radius="8px",
        background=rx.match(state, *CELL_COLOURS.items(), "transparent"),
        color=rx.cond(state == "done", "white", "inherit"),
        border=rx.cond(state == "today", "1px solid var(--crimson-9)", "none"),
        class_name=rx.cond(state == "done", "cal-day cal-done", "cal-day"),
        title=c["iso"],
    )


def _checkin_section() -> rx.Component:
    return rx.card(
        section(
            t("member.checkin_title"),
            rx.hstack(
                rx.text(MemberState.streak_text, id="checkin-streak"),
                rx.spacer(),
                rx.cond(
                    MemberState.checked_today,
                    rx.button(t("member.checked_in"), disabled=True, id="checkin-button"),
                    rx.button(
                        rx.icon("calendar-check", size=16),
                        t("member.checkin"),
                        on_click=MemberState.check_in,
                        loading=False,
                        id="checkin-button",
                    ),
                ),
                align="center",
                width="100%",
            ),
            rx.text(MemberState.rule_text, size="1", color_scheme="gray"),
            rx.text(MemberState.month_title, weight="medium", size="2"),
            rx.grid(
                rx.foreach(MemberState.weekdays, lambda d: rx.center(rx.text(d, size="1"))),
                rx.foreach(MemberState.cells, _cell),
                columns="7",
                gap="4px",
                width="100%",
                id="checkin-calendar",
            ),
        ),
        width="100%",
    )


def member_page() -> rx.Component:
    return page(
        guarded(
            rx.vstack(
                rx.heading(t("member.title"), size="6"),
                _member_card(
                    MemberState.level_name,
                    [
                        rx.text(MemberState.growth_text, size="2"),
                        rx.progress(value=MemberState.progress, max=100, id="level-progress"),
                        rx.text(MemberState.next_text, size="2", id="level-next"),
                        rx.text(MemberState.review_text, size="1"),
                    ],
                    "member-card",
                ),
                _checkin_section(),
                rx.card(
                    section(
                        t("member.points_title"),
                        rx.hstack(
                            rx.vstack(
                                rx.text(t("member.available"), size="1", color_scheme="gray"),
                                rx.heading(MemberState.available, size="6", id="points-available"),
                                spacing="0",
                            ),
                            rx.vstack(
                                rx.text(t("member.pending"), size="1", color_scheme="gray"),
                                rx.heading(MemberState.pending, size="6", id="points-pending"),
                                spacing="0",
                            ),
                            rx.spacer(),
                            rx.link(t("member.see_points"), href=routes.MY_POINTS, size="2"),
                            align="end",
                            width="100%",
                        ),
                        rx.text(t("member.batches"), size="2", weight="medium"),
                        list_or_empty(MemberState.batches, _batch_row, "points-batches"),
                    ),
                    width="100%",
                ),
                section(
                    t("member.benefits"),
                    rx.vstack(rx.foreach(MemberState.levels, _level_row), width="100%"),
                    rx.text(t("member.growth_rules"), size="1", color_scheme="gray"),
                ),
                spacing="4",
                width="100%",
            )
        ),
    )
