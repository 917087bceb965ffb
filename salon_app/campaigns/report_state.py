"""One campaign's plan, live figures and evaluation, as the detail page (/admin/campaigns/<id>)
and the shop's campaigns page show them; actions start now, end now and the xlsx export (built
off the event loop)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import reflex as rx

from salon_app.auth.session_state import SessionState, error_toast
from salon_app.components.browser_input import row_id
from salon_app.components.format import local_datetime, money
from salon_app.core.errors import DomainError
from salon_app.core.services import marketing
from salon_app.i18n import fen_to_yuan, t
from salon_app.platform.calls import as_operator

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def offer_text(r: marketing.CampaignRow) -> str:
    if r.offer_kind == "points":
        return t("campaigns.offer.points_n", points=r.offer_ref)
    if r.offer_kind == "coupon":
        return t("campaigns.offer.coupon_named", name=r.offer_name, face=money(r.face_fen))
    return t("campaigns.offer.promotion_named", name=r.offer_name)


def plan_view(r: marketing.CampaignRow) -> dict[str, str]:
    return {
        "id": str(r.id),
        "name": r.name,
        "kind": t(f"campaigns.kind.{r.kind}"),
        "goal": r.goal,
        "status": t(f"campaigns.status.{r.status}"),
        "status_code": r.status,
        "audience": r.audience
        or t(f"campaigns.audience.{'invite' if r.kind == 'invite' else 'own'}"),
        "offer": offer_text(r),
        "channel": t(f"campaigns.channel.{r.channel}"),
        "period": f"{local_datetime(r.starts_at)} – {local_datetime(r.ends_at)}",
        "budget": money(r.budget_fen) if r.budget_fen else t("campaigns.no_budget"),
        "holdout": f"{r.holdout_bp / 100:g}%",
        "attribution": t("campaigns.days", days=r.attribution_days),
        "members": str(r.members),
    }


class CampaignReportState(SessionState):
    plan: dict[str, str] = {}
    live: dict[str, str] = {}
    days: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    figures: dict[str, str] = {}
    exporting: bool = False
    _campaign_id: int = 0

    @rx.event
    def load(self) -> list | None:
        """The detail page: the campaign of the route."""
        self._campaign_id = row_id(self._param("campaign_id"))
        return self._reload()

    @rx.event
    def show(self, campaign_id: str) -> list | None:
        """The shop's page: the campaign picked in its table."""
        self._campaign_id = row_id(campaign_id)
        return self._reload()

    def _reload(self) -> list | None:
        wanted = self._campaign_id
        report, events = self._guarded(lambda s, a: marketing.campaign_report(s, a, wanted))
        if report is None:
            return events
        self._show(report)
        return events

    def _show(self, report: marketing.CampaignReport) -> None:
        live, ev = report.live, report.evaluation
        self.plan = plan_view(report.plan)
        self.live = {
            "members": str(live.members), "treated": str(live.treated),
            "holdout": str(live.holdout), "reached": str(live.reached),
            "claimed": str(live.claimed), "redeemed": str(live.redeemed),
            "orders": str(live.orders), "gmv": money(live.gmv_fen), "cost": money(live.cost_fen),
            "issued": money(live.issued_cost_fen),
        }  # fmt: skip
        self.days = [
            {
                "day": d.day.strftime("%m-%d"), "orders": d.orders,
                "gmv": float(fen_to_yuan(d.gmv_fen)), "cost": float(fen_to_yuan(d.cost_fen)),
                "redeemed": d.redeemed,
            }
            for d in live.days
        ]  # fmt: skip
        self.groups = [
            {
                "group": t(f"campaign.group.{name}"),
                "conversion": round(g.conversion * 100, 1),
                "gmv_per_member": round(g.gmv_per_member / 100, 2),
            }
            for name, g in (("treated", ev.treated), ("holdout", ev.holdout))
        ]
        interval = (
            t("campaigns.interval", low=_pct(ev.roi_low), high=_pct(ev.roi_high))
            if ev.roi_low is not None
            else t("campaigns.no_interval")
        )
        self.figures = {
            "treated_conversion": _pct(ev.treated.conversion),
            "holdout_conversion": _pct(ev.holdout.conversion),
            "treated_members": str(ev.treated.members),
            "holdout_members": str(ev.holdout.members),
            "lift": f"{ev.lift * 100:+.1f}",
            "extra_gmv": money(ev.extra_gmv_fen),
            "cost": money(ev.cost_fen),
            "roi": _pct(ev.roi),
            "interval": interval,
        }

    @rx.event
    def start_now(self) -> list:
        wanted = self._campaign_id
        return self._run(
            lambda s, a: marketing.start_now(s, a, wanted), "campaigns.started", self._reload
        )

    @rx.event
    def end_now(self) -> list:
        wanted = self._campaign_id
        return self._run(
            lambda s, a: marketing.end_now(s, a, wanted), "campaigns.ended", self._reload
        )

    @rx.event
    async def export(self) -> AsyncIterator[rx.event.EventSpec | None]:
        """The evaluation on screen as an xlsx download, built in a worker thread."""
        if self.exporting or not self._campaign_id:
            return
        wanted, token = self._campaign_id, self.auth_token
        self.exporting = True
        yield None
        try:
            data = await asyncio.to_thread(
                as_operator,
                token,
                lambda s, a: marketing.export_campaign_xlsx(s, a, wanted, text=t),
            )
        except DomainError as err:
            self.exporting = False
            yield error_toast(err)
            return
        self.exporting = False
        yield rx.download(data=data, filename=f"campaign-{wanted}.xlsx", mime_type=XLSX)
