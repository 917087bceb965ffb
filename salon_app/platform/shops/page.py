"""/admin/shops: applications to review (licence scans as pictures, approve, reject with a
reason), the platform's default commission, and the shops with their rates."""

from __future__ import annotations

import reflex as rx

from salon_app.components.data_table import Column, data_table
from salon_app.components.layout import section
from salon_app.i18n import t
from salon_app.platform.frame import admin_dashboard
from salon_app.platform.shops.state import FILTERS
from salon_app.platform.shops.state import AdminShopListState as L
from salon_app.platform.shops.state import AdminShopsState as S


def _thumb(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["thumb"] != "",
        rx.image(
            src=row["thumb"],
            width="72px",
            height="54px",
            object_fit="cover",
            border_radius="4px",
            cursor="zoom-in",
            on_click=S.show_scan(row["id"]),
            alt=t("shop_review.scan"),
            class_name="licence-thumb",
        ),
    )


def _status(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.badge(row["status_text"], class_name="application-status"),
        rx.cond(row["reason"] != "", rx.text(row["reason"], size="1", color_scheme="gray")),
        rx.cond(
            row["shop_link"] != "",
            rx.link(t("shop_review.open_shop"), href=row["shop_link"], size="1"),
        ),
        spacing="1",
    )


def _shop(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(row["shop_name"], weight="bold"),
        rx.text(row["district"], " · ", row["address"], size="1", color_scheme="gray"),
        rx.text(row["categories"], size="1"),
        rx.text(row["applicant"], " · ", row["contact_phone"], size="1", color_scheme="gray"),
        spacing="0",
    )


def _actions(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["status"] == "pending",
        rx.cond(
            S.rejecting == row["id"],
            rx.form(
                rx.vstack(
                    rx.input(type="hidden", name="application_id", value=row["id"]),
                    rx.input(
                        name="reason",
                        placeholder=t("shop_review.reason"),
                        max_length=200,
                        class_name="reject-reason",
                    ),
                    rx.hstack(
                        rx.button(t("shop_review.reject"), type="submit", color_scheme="red",
                                  size="1", class_name="confirm-reject"),
                        rx.button(t("shop_review.cancel"), type="button", variant="ghost", size="1",
                                  on_click=S.cancel_reject),
                    ),
                    spacing="1",
                ),
                on_submit=S.reject,
            ),
            rx.hstack(
                rx.button(t("shop_review.approve"), size="1", on_click=S.approve(row["id"]),
                          class_name="approve-application"),
                rx.button(t("shop_review.reject"), size="1", variant="soft", color_scheme="red",
                          on_click=S.start_reject(row["id"]), class_name="reject-application"),
            ),
        ),
    )  # fmt: skip


COLUMNS = [
    Column("thumb", "shop_review.col.licence", render=_thumb),
    Column("shop_name", "shop_review.col.shop", sortable=True, render=_shop),
    Column("licence_number", "shop_review.col.licence_number"),
    Column("created_at", "shop_review.col.created_at", sortable=True),
    Column("status", "shop_review.col.status", sortable=True, render=_status),
]
SHOP_COLUMNS = [
    Column("name", "shop_review.col.shop", sortable=True),
    Column("district", "shop_review.col.district", sortable=True),
    Column("rate", "commission.shop_default"),
]


def _scan_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("shop_review.scan")),
            rx.image(src=S.scan, width="100%", id="licence-scan-full"),
            rx.dialog.close(
                rx.button(t("shop_review.close"), on_click=S.hide_scan, variant="soft")
            ),
        ),
        open=S.scan_for != "",
    )


def _filters() -> rx.Component:
    return rx.segmented_control.root(
        *(rx.segmented_control.item(t(f"shop_review.filter.{f}"), value=f) for f in FILTERS),
        value=S.status_filter,
        on_change=S.filter_status,
        id="application-filter",
    )


def _platform_rate() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.text(t("commission.platform_default"), " ", L.platform_rate, id="platform-rate"),
            rx.input(name="rate", placeholder="10", width="90px", id="platform-rate-input"),
            rx.text("%"),
            rx.button(t("commission.save"), type="submit", size="2", id="platform-rate-save"),
            align="center",
            wrap="wrap",
        ),
        on_submit=L.save_platform_rate,
    )


def _shop_actions(row: rx.Var) -> rx.Component:
    return rx.link(t("shop_review.open_shop"), href=row["link"], class_name="open-shop")


def admin_shops_page() -> rx.Component:
    return admin_dashboard(
        t("admin.nav.shops"),
        _scan_dialog(),
        section(
            t("shop_review.applications"),
            _filters(),
            data_table(S, COLUMNS, S.rows, "applications", actions=_actions),
        ),
        section(
            t("shop_review.shops"),
            _platform_rate(),
            data_table(L, SHOP_COLUMNS, L.shops, "shops", actions=_shop_actions),
        ),
    )
