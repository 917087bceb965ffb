"""Technicians and onboarding (/merchant/technicians): 入驻申请, 证书审核 and 团队 tabs."""

from __future__ import annotations

import reflex as rx

from salon_app.components.data_table import scroll_table
from salon_app.components.layout import empty_state, guarded, section
from salon_app.components.tabs import tab_bar
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.merchant.technicians.certificates_view import certificates_tab
from salon_app.merchant.technicians.state import TABS
from salon_app.merchant.technicians.state import TechniciansState as S
from salon_app.merchant.technicians.team_view import team_tab


def _application_row(a: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(a["name"], weight="medium")),
        rx.table.cell(a["gender"]),
        rx.table.cell(a["years"]),
        rx.table.cell(a["skills"]),
        rx.table.cell(rx.text(a["message"], size="2")),
        rx.table.cell(a["applied"]),
        rx.table.cell(rx.badge(a["status_label"], class_name="application-status")),
        rx.table.cell(
            rx.button(
                t("team.open_application"),
                on_click=S.open_application(a["id"]),
                size="1",
                variant="soft",
                class_name="open-application",
            )
        ),
        class_name="application-row",
    )


def _applications_table() -> rx.Component:
    headers = ["name", "gender", "years", "skills", "message", "applied", "status", "actions"]
    return scroll_table(
        [f"team.col.{h}" for h in headers],
        rx.foreach(S.applications, _application_row),
        "applications",
    )


def _detail_certificate(c: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(c["name"], weight="medium"),
                rx.badge(c["type"], variant="soft"),
                rx.badge(c["status_label"], class_name="certificate-status"),
                rx.cond(c["flag"] != "", rx.badge(c["flag"], color_scheme="amber")),
                wrap="wrap",
            ),
            rx.text(
                t("team.certificate_line"),
                c["number"],
                " · ",
                c["issuer"],
                " · ",
                c["expires"],
                size="1",
                color_scheme="gray",
            ),
            rx.cond(
                c["scan"] != "",
                rx.image(
                    src=c["scan"], max_width="360px", width="100%", class_name="certificate-scan"
                ),
                rx.text(t("team.no_scan"), size="1", color_scheme="gray"),
            ),
            spacing="1",
        ),
        class_name="detail-certificate",
        width="100%",
    )


def _case(c: rx.Var) -> rx.Component:
    def photo(url: rx.Var, label: str) -> rx.Component:
        return rx.cond(
            url != "",
            rx.vstack(
                rx.image(src=url, width="140px", height="140px", object_fit="cover"),
                rx.text(label, size="1", color_scheme="gray"),
                spacing="1",
            ),
        )

    return rx.card(
        rx.vstack(
            rx.text(c["title"], weight="medium"),
            rx.text(c["service"], size="1", color_scheme="gray"),
            rx.hstack(photo(c["before"], t("team.before")), photo(c["after"], t("team.after"))),
            spacing="1",
        ),
        class_name="detail-case",
    )


def _decision_forms() -> rx.Component:
    return rx.cond(
        S.detail["status"] == "pending",
        rx.vstack(
            rx.form(
                rx.el.input(type="hidden", name="application_id", value=S.detail["id"]),
                rx.button(t("team.approve"), type="submit", color_scheme="green", id="approve"),
                on_submit=S.approve,
            ),
            rx.form(
                rx.el.input(type="hidden", name="application_id", value=S.detail["id"]),
                rx.hstack(
                    rx.input(
                        name="reason",
                        placeholder=t("team.reject_reason"),
                        id="reject-reason",
                        width="100%",
                    ),
                    rx.button(t("team.reject"), type="submit", color_scheme="red", id="reject"),
                    width="100%",
                ),
                on_submit=S.reject,
                width="100%",
            ),
            width="100%",
        ),
        rx.text(S.detail["status_label"], " ", S.detail["reason"], id="decided"),
    )


def _detail() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.cond(
                    S.detail["photo"] != "",
                    rx.avatar(src=S.detail["photo"], size="6"),
                    rx.avatar(fallback=S.detail["name"].to(str)[:1], size="6"),
                ),
                rx.vstack(
                    rx.heading(S.detail["name"], size="5", id="detail-name"),
                    rx.text(
                        S.detail["gender"],
                        " · ",
                        S.detail["years"],
                        " · ",
                        S.detail["birth"],
                        size="2",
                    ),
                    rx.text(S.detail["skills"], size="2", color_scheme="gray"),
                    spacing="1",
                ),
                rx.spacer(),
                rx.icon_button(
                    rx.icon("x"),
                    on_click=S.close_application,
                    variant="ghost",
                    aria_label=t("team.close"),
                    id="close-application",
                ),
                width="100%",
                align="start",
            ),
            rx.text(S.detail["bio"], size="2"),
            rx.text(t("team.message"), "：", S.detail["message"], size="2"),
            section(
                t("team.certificates"),
                rx.foreach(S.detail_certificates, _detail_certificate),
            ),
            section(
                t("team.cases"),
                rx.cond(
                    S.detail_cases.length() > 0,
                    rx.flex(rx.foreach(S.detail_cases, _case), wrap="wrap", gap="12px"),
                    rx.text(t("team.no_cases"), size="2", color_scheme="gray"),
                ),
            ),
            _decision_forms(),
            spacing="3",
            width="100%",
        ),
        id="application-detail",
        width="100%",
    )


def _applications_tab() -> rx.Component:
    return rx.cond(
        S.applications_error != "",
        rx.callout(S.applications_error, icon="shield-alert", color_scheme="amber"),
        rx.vstack(
            tab_bar(
                ["pending", "all"],
                S.application_filter,
                S.choose_filter,
                "team.filter",
                "filter",
                size="1",
            ),
            rx.cond(S.detail.contains("id"), _detail()),
            rx.cond(
                S.applications.length() > 0,
                _applications_table(),
                empty_state(t("team.no_applications")),
            ),
            width="100%",
            spacing="3",
        ),
    )


def technicians_page() -> rx.Component:
    return merchant_dashboard(
        t("merchant.nav.technicians"),
        guarded(
            rx.vstack(
                tab_bar(TABS, S.tab, S.choose_tab, "team.tab", "tab", wrap="wrap"),
                rx.match(
                    S.tab,
                    ("certificates", certificates_tab()),
                    ("team", team_tab()),
                    _applications_tab(),
                ),
                width="100%",
                spacing="4",
            )
        ),
    )
