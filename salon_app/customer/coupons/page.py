"""领券中心 (claimable coupons as cards) and 我的优惠券 (available / used / expired)."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.components.layout import guarded, list_or_empty, page
from salon_app.components.tabs import tab_bar
from salon_app.customer.coupons.state import TABS, CouponCentreState, MyCouponsState
from salon_app.i18n import t


def _ticket(c: rx.Var, action: rx.Component, dimmed: rx.Var | bool = False) -> rx.Component:
    """A coupon as a ticket: the value on the left, what and where on the right."""
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.heading(c["value"], size="6", color_scheme="ruby", class_name="coupon-value"),
                rx.text(c["condition"], size="1", color_scheme="gray"),
                align="center",
                justify="center",
                min_width="92px",
                padding_right="12px",
                border_right="1px dashed var(--gray-a7)",
                spacing="1",
            ),
            rx.vstack(
                rx.hstack(
                    rx.badge(c["kind"], variant="soft", color_scheme="ruby", size="1"),
                    rx.text(c["name"], weight="bold", size="3", class_name="coupon-name"),
                    align="center",
                    spacing="2",
                    wrap="wrap",
                ),
                rx.text(c["scope"], size="2", class_name="coupon-scope"),
                rx.text(c["validity"], size="1", color_scheme="gray", class_name="coupon-validity"),
                action,
                spacing="1",
                align="start",
                width="100%",
            ),
            spacing="3",
            align="center",
            width="100%",
        ),
        width="100%",
        opacity=rx.cond(dimmed, "0.6", "1"),
        class_name="coupon-card",
        id="coupon-" + c["id"],
    )


def _centre_action(c: rx.Var) -> rx.Component:
    S = CouponCentreState
    button = rx.cond(
        c["points"] != "",
        rx.button(
            c["points"],
            on_click=S.redeem(c["id"], c["key"]),
            size="2",
            variant="soft",
            class_name="coupon-redeem",
        ),
        rx.button(
            t("coupon.claim"), on_click=S.claim(c["id"]), size="2", class_name="coupon-claim"
        ),
    )
    return rx.hstack(
        rx.text(c["remaining"], size="1", color_scheme="gray", class_name="coupon-remaining"),
        rx.spacer(),
        rx.cond(
            c["state"] == "open",
            button,
            rx.badge(c["state_text"], size="2", color_scheme="gray", class_name="coupon-state"),
        ),
        width="100%",
        align="center",
    )


def coupon_centre_page() -> rx.Component:
    S = CouponCentreState
    return page(
        guarded(
            rx.vstack(
                rx.hstack(
                    rx.heading(t("coupon.centre_title"), size="6"),
                    rx.spacer(),
                    rx.link(t("coupon.mine_title"), href=routes.MY_COUPONS, id="to-my-coupons"),
                    width="100%",
                    align="center",
                ),
                rx.text(t("coupon.centre_intro"), size="2", color_scheme="gray"),
                list_or_empty(
                    S.cards,
                    lambda c: _ticket(c, _centre_action(c), c["state"] != "open"),
                    "coupon-centre",
                    t("coupon.centre_empty"),
                ),
                spacing="3",
                width="100%",
            )
        )
    )


def _mine_action(c: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.badge(
            c["status_text"],
            color_scheme=rx.cond(c["status"] == "available", "grass", "gray"),
            class_name="coupon-status",
        ),
        rx.cond(c["order"] != "", rx.link(c["order"], href=c["order_href"], size="1")),
        align="center",
        spacing="2",
    )


def my_coupons_page() -> rx.Component:
    S = MyCouponsState
    return page(
        guarded(
            rx.vstack(
                rx.hstack(
                    rx.heading(t("coupon.mine_title"), size="6"),
                    rx.spacer(),
                    rx.link(
                        t("coupon.to_centre"), href=routes.COUPON_CENTRE, id="to-coupon-centre"
                    ),
                    width="100%",
                    align="center",
                ),
                tab_bar(TABS, S.tab, S.show_tab, "coupon.tab", "coupon-tab", wrap="wrap"),
                list_or_empty(
                    S.coupons,
                    lambda c: _ticket(c, _mine_action(c), c["status"] != "available"),
                    "my-coupons",
                    t("coupon.mine_empty"),
                ),
                spacing="3",
                width="100%",
            )
        )
    )
