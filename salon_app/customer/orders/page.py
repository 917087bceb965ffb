"""My orders and one order's page."""

from __future__ import annotations

import reflex as rx

from salon_app.components.complaint_view import complaint_item
from salon_app.components.layout import detail_line, empty_state, guarded, link_card, page, section
from salon_app.components.tabs import tab_bar
from salon_app.components.thread import thread_view
from salon_app.components.time_chips import day_chips, time_chips
from salon_app.components.visit_safety import sos_panel
from salon_app.customer.orders.call import call_line
from salon_app.customer.orders.feedback_forms import complaint_form, review_form
from salon_app.customer.orders.giveback import giveback_done, giveback_preview
from salon_app.customer.orders.proposals import proposals_panel
from salon_app.customer.orders.state import TABS, OrdersState, OrderState
from salon_app.customer.orders.visit_panel import visit_panel
from salon_app.customer.price_panel import order_discounts_view
from salon_app.i18n import t


def _order_row(row: rx.Var) -> rx.Component:
    return link_card(
        rx.vstack(
            rx.hstack(
                rx.text(row["services"], weight="bold"),
                rx.spacer(),
                rx.badge(row["status"], class_name="order-status"),
                width="100%",
            ),
            rx.text(row["technician"], " · ", row["when"], size="2"),
            rx.hstack(
                rx.text(row["code"], size="1", color_scheme="gray"),
                rx.spacer(),
                rx.text(row["total"], weight="medium"),
                width="100%",
            ),
            spacing="1",
        ),
        href=row["href"],
        class_name="order-row",
    )


def orders_page() -> rx.Component:
    return page(
        guarded(
            rx.vstack(
                rx.heading(t("nav.orders"), size="6"),
                rx.cond(
                    OrdersState.notices.length() > 0,
                    rx.vstack(
                        rx.foreach(
                            OrdersState.notices,
                            lambda n: rx.callout(
                                n["text"], icon="bell", size="1", class_name="notice"
                            ),
                        ),
                        width="100%",
                        id="notifications",
                    ),
                ),
                tab_bar(
                    TABS,
                    OrdersState.tab,
                    OrdersState.choose_tab,
                    "order.tab",
                    "tab",
                    width="100%",
                    justify="between",
                    id="order-tabs",
                ),
                rx.cond(
                    OrdersState.rows.length() > 0,
                    rx.vstack(
                        rx.foreach(OrdersState.rows, _order_row), width="100%", id="order-list"
                    ),
                    empty_state(t("order.none")),
                ),
                spacing="4",
                width="100%",
            ),
        )
    )


def _pay_buttons() -> rx.Component:
    return rx.vstack(
        rx.text(OrderState.detail["hold"], size="2", color_scheme="amber", id="hold"),
        rx.hstack(
            rx.button(
                t("pay.wechat"),
                on_click=OrderState.pay("wechat"),
                id="pay-wechat",
                loading=OrderState.working,  # the gateway call runs in a thread
                color_scheme="green",
            ),
            rx.button(
                t("pay.alipay"),
                on_click=OrderState.pay("alipay"),
                id="pay-alipay",
                loading=OrderState.working,  # the gateway call runs in a thread
                color_scheme="blue",
            ),
            rx.button(
                t("pay.card"),
                on_click=OrderState.pay("card"),
                id="pay-card",
                variant="outline",
                loading=OrderState.working,
            ),
            wrap="wrap",
        ),
        width="100%",
    )


def _change_panel() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.button(
                t("order.reschedule"),
                on_click=OrderState.open_reschedule,
                variant="soft",
                id="open-reschedule",
            ),
            rx.button(
                t("order.cancel"),
                on_click=OrderState.preview_cancel,
                variant="soft",
                color_scheme="red",
                id="preview-cancel",
            ),
        ),
        rx.cond(
            OrderState.days.length() > 0,
            rx.vstack(
                day_chips(OrderState.days, OrderState.day, OrderState.choose_day, "day"),
                time_chips(
                    OrderState.slots,
                    OrderState.reschedule,
                    OrderState.day,
                    "reschedule-slots",
                    "slot",
                    size="1",
                ),
                width="100%",
            ),
        ),
        rx.cond(
            OrderState.cancel_terms != "",
            rx.form(
                rx.vstack(
                    rx.text(OrderState.cancel_terms, size="2", id="cancel-terms"),
                    giveback_preview(OrderState),
                    rx.input(name="reason", placeholder=t("order.cancel_reason"), width="100%"),
                    rx.button(
                        t("order.confirm_cancel"),
                        type="submit",
                        color_scheme="red",
                        id="confirm-cancel",
                    ),
                    width="100%",
                ),
                on_submit=OrderState.cancel,
                width="100%",
            ),
        ),
        width="100%",
    )


def order_page() -> rx.Component:
    d = OrderState.detail
    status = OrderState.status
    return page(
        guarded(
            rx.vstack(
                rx.hstack(
                    rx.heading(d["services"], size="5"),
                    rx.spacer(),
                    rx.badge(d["status"], size="2", id="order-status"),
                    width="100%",
                ),
                rx.card(
                    rx.vstack(
                        detail_line(t("order.code"), d["code"], "order-code"),
                        detail_line(t("order.technician"), d["technician"], "order-technician"),
                        call_line(OrderState),
                        detail_line(t("order.time"), d["when"], "order-time"),
                        detail_line(d["mode"], d["place"], "order-place"),
                        rx.cond(
                            d["shop_link"] != "",
                            rx.hstack(
                                rx.text(
                                    t("shop_public.order_shop"),
                                    size="2",
                                    color_scheme="gray",
                                    min_width="72px",
                                ),
                                rx.link(d["shop"], href=d["shop_link"], size="2", id="order-shop"),
                            ),
                        ),
                        detail_line(t("order.special_needs"), d["needs"], "order-needs"),
                        detail_line(t("order.progress"), d["step"], "order-step"),
                        detail_line(t("order.total"), d["total"], "order-total"),
                        spacing="2",
                    ),
                    width="100%",
                ),
                sos_panel(OrderState),
                visit_panel(OrderState),
                order_discounts_view(OrderState.discount_rows, d["list"], d["total"]),
                rx.foreach(
                    OrderState.refund_rows,
                    lambda r: rx.callout.root(
                        rx.callout.icon(rx.icon("banknote")),
                        rx.callout.text(
                            t("refund.title"),
                            " ",
                            r["amount"],
                            " · ",
                            r["status"],
                            " · ",
                            r["when"],
                        ),
                        class_name="refund",
                        width="100%",
                    ),
                ),
                giveback_done(OrderState),
                rx.cond(
                    OrderState.form_error != "",
                    rx.callout(OrderState.form_error, color_scheme="red", id="order-error"),
                ),
                rx.cond(status == "pending_payment", _pay_buttons()),
                rx.cond(
                    (status == "pending_payment") | (status == "pending_service"), _change_panel()
                ),
                rx.cond(status == "completed", review_form()),
                section(
                    t("order.timeline"),
                    rx.vstack(
                        rx.foreach(
                            OrderState.timeline,
                            lambda e: rx.hstack(
                                rx.text(e["what"], size="2"),
                                rx.text(
                                    e["where"], size="1", color_scheme="gray", class_name="distance"
                                ),
                                rx.spacer(),
                                rx.text(e["when"], size="1", color_scheme="gray"),
                                width="100%",
                            ),
                        ),
                        width="100%",
                        id="timeline",
                    ),
                ),
                rx.cond(d["technician"] != "", thread_view(OrderState.thread, OrderState.send)),
                section(
                    t("complaint.title"),
                    rx.foreach(OrderState.complaint_rows, lambda c: complaint_item(c, OrderState)),
                    proposals_panel(OrderState),
                    rx.cond(status != "pending_payment", complaint_form()),
                ),
                spacing="4",
                width="100%",
            ),
        )
    )
