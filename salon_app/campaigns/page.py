"""The campaigns pages: the plan form and the table (platform: rows open the detail page; a
shop: rows open the report below), and the platform's detail page."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.campaigns.report_state import CampaignReportState as R
from salon_app.campaigns.report_view import campaign_report
from salon_app.campaigns.state import CampaignsState as S
from salon_app.components.data_table import Column, data_table
from salon_app.components.form import error_callout, labelled
from salon_app.components.layout import section
from salon_app.core.services.marketing import CHANNELS, OFFER_KINDS
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.platform.frame import admin_dashboard
from salon_app.promotions.page import select


def _input(label: str, name: str, **props: object) -> rx.Component:
    return labelled(
        label,
        rx.input(
            name=name,
            id=f"campaign-{name}",
            default_value=S.defaults[name].to(str),
            width="100%",
            **props,
        ),
    )


def _options(keys: tuple[str, ...], family: str) -> list[dict[str, str]]:
    return [{"value": k, "label": t(f"{family}.{k}")} for k in keys]


def _audience(shop: bool) -> rx.Component:
    if shop:
        return labelled(
            t("campaigns.audience"), rx.text(S.own_customers, size="2", id="campaign-own")
        )
    return labelled(
        t("campaigns.segment"),
        rx.vstack(
            select(S.segment_options, S.segment, S.choose_segment, "campaign-segment"),
            rx.text(S.segment_size, size="2", color_scheme="gray", id="campaign-segment-size"),
            spacing="1",
            width="100%",
        ),
    )


def _offer() -> rx.Component:
    return rx.grid(
        labelled(
            t("campaigns.offer_kind"),
            select(
                _options(OFFER_KINDS, "campaigns.offer"),
                S.offer_kind,
                S.choose_offer_kind,
                "campaign-offer-kind",
            ),
        ),
        rx.match(
            S.offer_kind,
            ("points", _input(t("campaigns.points"), "points", input_mode="numeric")),
            (
                "coupon",
                labelled(
                    t("campaigns.coupon"),
                    select(S.coupon_options, S.offer_ref, S.choose_offer_ref, "campaign-coupon"),
                ),
            ),
            labelled(
                t("campaigns.promotion"),
                select(S.promotion_options, S.offer_ref, S.choose_offer_ref, "campaign-promotion"),
            ),
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="3",
        width="100%",
    )


def _form(shop: bool) -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("campaigns.new"), size="3"),
                rx.grid(
                    _input(t("campaigns.name"), "name", max_length=40),
                    labelled(
                        t("campaigns.kind"),
                        select(
                            _options(("offer", "invite"), "campaigns.kind"),
                            S.kind,
                            S.choose_kind,
                            "campaign-kind",
                        ),
                    ),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                _input(t("campaigns.goal"), "goal", max_length=200),
                rx.cond(S.kind == "offer", _audience(shop)),
                _offer(),
                rx.grid(
                    labelled(
                        t("campaigns.channel"),
                        select(
                            _options(CHANNELS, "campaigns.channel"),
                            S.channel,
                            S.choose_channel,
                            "campaign-channel",
                        ),
                    ),
                    _input(t("campaigns.budget"), "budget", input_mode="decimal"),
                    _input(t("campaigns.starts"), "starts", type="datetime-local"),
                    _input(t("campaigns.ends"), "ends", type="datetime-local"),
                    _input(t("campaigns.holdout"), "holdout", input_mode="decimal"),
                    _input(t("campaigns.attribution"), "attribution", input_mode="numeric"),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                rx.text(t("campaigns.holdout_hint"), size="1", color_scheme="gray"),
                error_callout(S.form_error, "campaign-error"),
                rx.button(t("campaigns.create"), type="submit", id="campaign-create"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.create,
            key=S.form_key,
            width="100%",
        ),
        width="100%",
    )


COLUMNS = [
    Column("name", "campaigns.col.name", sortable=True),
    Column("kind", "campaigns.col.kind"),
    Column("status", "campaigns.col.status", sortable=True),
    Column("audience", "campaigns.col.audience"),
    Column("offer", "campaigns.col.offer"),
    Column("starts_at", "campaigns.col.starts_at", sortable=True),
    Column("ends_at", "campaigns.col.ends_at", sortable=True),
    Column("budget_fen", "campaigns.col.budget", sortable=True),
    Column("holdout", "campaigns.col.holdout"),
    Column("members", "campaigns.col.members"),
]


def _open_detail(row: rx.Var) -> rx.Component:
    return rx.link(
        rx.button(t("campaigns.open"), size="1", variant="soft"),
        href=routes.admin_campaign("") + row["id"].to(str),
        class_name="campaign-open",
    )


def _show_below(row: rx.Var) -> rx.Component:
    return rx.button(
        t("campaigns.open"),
        on_click=R.show(row["id"]),
        size="1",
        variant="soft",
        class_name="campaign-open",
    )


def admin_campaigns_page() -> rx.Component:
    return admin_dashboard(
        t("campaigns.title"),
        _form(shop=False),
        section(t("campaigns.table"), data_table(S, COLUMNS, S.rows, "campaigns", _open_detail)),
    )


def admin_campaign_page() -> rx.Component:
    return admin_dashboard(
        t("campaigns.detail"),
        rx.link(t("campaigns.back"), href=routes.ADMIN_CAMPAIGNS, id="campaign-back"),
        campaign_report(),
    )


def merchant_campaigns_page() -> rx.Component:
    return merchant_dashboard(
        t("campaigns.title"),
        _form(shop=True),
        section(t("campaigns.table"), data_table(S, COLUMNS, S.rows, "campaigns", _show_below)),
        rx.cond(R.plan.length() > 0, campaign_report()),
    )
