"""积分与兑换 (/me/points): points now, gifts to redeem, and the ledger a page at a time."""

from __future__ import annotations

import reflex as rx

from salon_app.components.layout import guarded, list_or_empty, page, section
from salon_app.components.photos import picture
from salon_app.customer.member.state import PointsState
from salon_app.i18n import t


def _gift(g: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.box(
                rx.cond(
                    g["picture"] != "",
                    picture(g["picture"], g["name"]),
                    rx.center(rx.icon("gift", size=28, color="var(--crimson-9)"), height="100%"),
                ),
                width="64px",
                height="64px",
                border_radius="8px",
                background="var(--crimson-a3)",
                overflow="hidden",
                flex_shrink="0",
            ),
            rx.vstack(
                rx.text(g["name"], weight="bold"),
                rx.text(g["description"], size="1", color_scheme="gray"),
                rx.hstack(
                    rx.text(g["cost"], color_scheme="crimson", size="2"),
                    rx.text(g["stock"], size="1", color_scheme="gray"),
                    spacing="3",
                ),
                spacing="1",
                flex="1",
            ),
            rx.button(
                t("points.redeem"),
                size="2",
                disabled=g["sold_out"] != "",
                on_click=PointsState.redeem(g["id"], g["key"]),
                class_name="redeem-gift",
            ),
            align="center",
            width="100%",
        ),
        width="100%",
        class_name="gift-card",
    )


def _entry(r: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(r["kind"], size="2"),
            rx.text(r["when"], " ", r["note"], size="1", color_scheme="gray"),
            spacing="0",
        ),
        rx.spacer(),
        rx.text(
            r["amount"],
            weight="bold",
            color=rx.cond(r["positive"] != "", "var(--green-11)", "var(--gray-12)"),
        ),
        width="100%",
        padding_y="8px",
        border_bottom="1px solid var(--gray-a4)",
        class_name="points-entry",
    )


def points_page() -> rx.Component:
    return page(
        guarded(
            rx.vstack(
                rx.heading(t("points.title"), size="6"),
                rx.hstack(
                    rx.vstack(
                        rx.text(t("member.available"), size="1", color_scheme="gray"),
                        rx.heading(PointsState.available, size="7", id="my-points"),
                        spacing="0",
                    ),
                    rx.vstack(
                        rx.text(t("member.pending"), size="1", color_scheme="gray"),
                        rx.heading(PointsState.pending, size="7"),
                        spacing="0",
                    ),
                    spacing="6",
                ),
                section(
                    t("points.gifts"),
                    list_or_empty(PointsState.gifts, _gift, "gift-list"),
                ),
                section(
                    t("points.ledger"),
                    list_or_empty(PointsState.rows, _entry, "points-ledger"),
                    rx.hstack(
                        rx.button(
                            t("points.previous"),
                            variant="soft",
                            size="1",
                            disabled=PointsState.page <= 1,
                            on_click=PointsState.go_page((PointsState.page - 1).to_string()),
                            id="ledger-previous",
                        ),
                        rx.text(
                            t("points.page", page=PointsState.page, pages=PointsState.pages),
                            size="2",
                            id="ledger-page",
                        ),
                        rx.button(
                            t("points.next"),
                            variant="soft",
                            size="1",
                            disabled=PointsState.page >= PointsState.pages,
                            on_click=PointsState.go_page((PointsState.page + 1).to_string()),
                            id="ledger-next",
                        ),
                        align="center",
                        justify="between",
                        width="100%",
                    ),
                ),
                spacing="5",
                width="100%",
            )
        ),
    )
