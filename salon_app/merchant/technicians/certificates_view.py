"""The 证书审核 tab: the check list as a table, a scan shown on request, verify or reject."""

from __future__ import annotations

import reflex as rx

from salon_app.components.data_table import Column, data_table
from salon_app.i18n import t
from salon_app.merchant.technicians.certificates_state import CertificateChecksState as C


def _status(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.badge(row["status_label"], class_name="check-status"),
        rx.cond(
            row["flag"] != "",
            rx.badge(row["flag"], color_scheme="amber", class_name="check-flag"),
        ),
        wrap="wrap",
        spacing="1",
    )


def _technician(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(row["technician"], weight="medium"),
        rx.text(row["who"], size="1", color_scheme="gray"),
        spacing="0",
    )


def _certificate(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(row["name"]),
        rx.text(
            row["type"], " · ", row["number"], " · ", row["issuer"], size="1", color_scheme="gray"
        ),
        spacing="0",
    )


def _actions(row: rx.Var) -> rx.Component:
    pending = row["status"] == "pending"
    return rx.vstack(
        rx.hstack(
            rx.cond(
                row["has_scan"] != "",
                rx.button(
                    t("team.show_scan"),
                    on_click=C.show_scan(row["id"]),
                    size="1",
                    variant="soft",
                    class_name="show-scan",
                ),
            ),
            rx.cond(
                pending,
                rx.button(
                    t("team.verify"),
                    on_click=C.verify(row["id"]),
                    size="1",
                    color_scheme="green",
                    class_name="verify-certificate",
                ),
            ),
            rx.cond(
                pending & (C.rejecting != row["id"]),
                rx.button(
                    t("team.reject"),
                    on_click=C.start_reject(row["id"]),
                    size="1",
                    color_scheme="red",
                    variant="soft",
                    class_name="start-reject-certificate",
                ),
            ),
            wrap="wrap",
            spacing="1",
        ),
        rx.cond(
            C.rejecting == row["id"],
            rx.form(
                rx.el.input(type="hidden", name="certificate_id", value=row["id"]),
                rx.hstack(
                    rx.input(
                        name="reason",
                        placeholder=t("team.reject_reason"),
                        class_name="certificate-reason",
                    ),
                    rx.button(
                        t("team.reject"),
                        type="submit",
                        size="1",
                        color_scheme="red",
                        class_name="reject-certificate",
                    ),
                    rx.button(
                        t("team.cancel"),
                        type="button",
                        size="1",
                        variant="ghost",
                        on_click=C.cancel_reject,
                    ),
                ),
                on_submit=C.reject,
            ),
        ),
        rx.cond(
            (C.scan_for == row["id"]) & (C.scan != ""),
            rx.vstack(
                rx.image(
                    src=C.scan, max_width="320px", width="100%", class_name="certificate-scan"
                ),
                rx.button(t("team.hide_scan"), on_click=C.hide_scan, size="1", variant="ghost"),
                spacing="1",
            ),
        ),
        spacing="2",
    )


COLUMNS = [
    Column("technician", "team.col.technician", True, _technician),
    Column("name", "team.col.certificate", True, _certificate),
    Column("expires_on", "team.col.expires", True, lambda row: rx.text(row["expires"])),
    Column("status", "team.col.state", False, _status),
]


def certificates_tab() -> rx.Component:
    return rx.cond(
        C.checks_error != "",
        rx.callout(C.checks_error, icon="shield-alert", color_scheme="amber"),
        rx.vstack(
            rx.text(t("team.checks_hint"), size="2", color_scheme="gray"),
            data_table(C, COLUMNS, C.rows, "checks", _actions),
            width="100%",
            spacing="3",
        ),
    )
