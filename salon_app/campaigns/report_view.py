"""A campaign's plan, live figures (with a chart over days) and evaluation (treated against
holdout, with a bar chart and ROI), for the detail page and the shop's campaigns page."""

from __future__ import annotations

import reflex as rx

from salon_app.campaigns.report_state import CampaignReportState as R
from salon_app.components.charts import Series, bar_chart, line_chart
from salon_app.components.layout import detail_line, section, stat, stat_grid
from salon_app.i18n import t


def _plan() -> rx.Component:
    lines = ("kind", "status", "goal", "audience", "offer", "channel", "period", "budget",
             "holdout", "attribution")  # fmt: skip
    return rx.card(
        rx.vstack(
            rx.heading(R.plan["name"], size="5", id="campaign-title"),
            *(detail_line(t(f"campaigns.plan.{k}"), R.plan[k], f"campaign-{k}") for k in lines),
            rx.hstack(
                rx.cond(
                    R.plan["status_code"] == "scheduled",
                    rx.button(t("campaigns.start_now"), on_click=R.start_now, id="campaign-start"),
                ),
                rx.cond(
                    R.plan["status_code"] != "ended",
                    rx.button(
                        t("campaigns.end_now"),
                        on_click=R.end_now,
                        variant="outline",
                        color_scheme="red",
                        id="campaign-end",
                    ),
                ),
                rx.button(
                    rx.icon("download", size=16),
                    t("campaigns.export"),
                    on_click=R.export,
                    loading=R.exporting,
                    variant="soft",
                    id="campaign-export",
                ),
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _live() -> rx.Component:
    keys = ("members", "reached", "claimed", "redeemed", "orders", "gmv", "cost", "issued")
    return section(
        t("campaigns.live"),
        stat_grid(*(stat(t(f"campaigns.live.{k}"), R.live[k], f"live-{k}") for k in keys)),
        rx.grid(
            line_chart(
                R.days,
                "day",
                [Series("orders", "campaign.orders"), Series("redeemed", "campaign.redeemed")],
                "campaign-days-chart",
                t("campaigns.chart.days"),
            ),
            line_chart(
                R.days,
                "day",
                [Series("gmv", "campaign.gmv"), Series("cost", "campaign.cost")],
                "campaign-money-chart",
                t("campaigns.chart.money"),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
    )


def _evaluation() -> rx.Component:
    return section(
        t("campaigns.evaluation"),
        rx.text(t("campaigns.evaluation_hint"), size="2", color_scheme="gray"),
        stat_grid(
            stat(t("campaigns.eval.treated"), R.figures["treated_conversion"], "eval-treated"),
            stat(t("campaigns.eval.holdout"), R.figures["holdout_conversion"], "eval-holdout"),
            stat(t("campaigns.eval.lift"), R.figures["lift"], "eval-lift"),
            stat(t("campaigns.eval.extra_gmv"), R.figures["extra_gmv"], "eval-extra-gmv"),
            stat(t("campaigns.eval.cost"), R.figures["cost"], "eval-cost"),
            stat(t("campaigns.eval.roi"), R.figures["roi"], "eval-roi"),
        ),
        rx.text(R.figures["interval"], size="2", id="eval-interval"),
        rx.text(
            t(
                "campaigns.eval.members",
                treated=R.figures["treated_members"],
                holdout=R.figures["holdout_members"],
            ),
            size="2",
            color_scheme="gray",
            id="eval-members",
        ),
        rx.grid(
            bar_chart(
                R.groups,
                "group",
                [Series("conversion", "campaigns.eval.conversion_pct")],
                "eval-conversion-chart",
                t("campaigns.chart.conversion"),
            ),
            bar_chart(
                R.groups,
                "group",
                [Series("gmv_per_member", "campaigns.eval.gmv_per_member")],
                "eval-gmv-chart",
                t("campaigns.chart.gmv_per_member"),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
    )


def campaign_report() -> rx.Component:
    return rx.vstack(_plan(), _live(), _evaluation(), spacing="5", width="100%")
