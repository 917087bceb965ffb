"""/admin/campaigns and /merchant/campaigns: the plan form (the segment picker shows each
segment's size; a shop's audience is its own customers) and the table of campaigns. One state
for both: the services decide whose campaigns.

What the marketer types is read here into the service's terms (yuan -> fen, % -> basis points,
local times -> UTC); the service checks the plan itself. Refused: shown, nothing stored.
"""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from salon_app.auth.session_state import SessionState, error_text, error_toast
from salon_app.campaigns.report_state import offer_text
from salon_app.components.browser_input import row_id, scaled, small_number
from salon_app.components.data_table import TableMixin
from salon_app.components.format import local_datetime, money
from salon_app.core.amounts import typed_fen
from salon_app.core.clock import utcnow
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import marketing
from salon_app.i18n import t
from salon_app.promotions.state import local_input, parse_local

DEFAULT_DAYS = 14


def holdout_bp(text: object) -> int:
    """ "10" or "12.5" (%) -> 1000 or 1250 basis points; the service checks the range."""
    return scaled(
        text, factor=100, minimum=0, maximum=10**6, error="campaign.holdout_invalid", empty=0
    )


def _budget(text: object) -> int:
    raw = str(text or "").strip()
    if raw.startswith("-"):
        raise DomainError("campaign.budget_negative")
    return typed_fen(raw, "campaign.budget_invalid", empty=0)


def _whole(text: object, key: str, default: int) -> int:
    if not str(text or "").strip():
        return default
    number = small_number(text)
    if number is None:
        raise DomainError(key)
    return number


class CampaignsState(TableMixin, SessionState):
    rows: list[dict[str, str]] = []
    kind: str = "offer"
    segment: str = ""
    offer_kind: str = "points"
    offer_ref: str = ""
    channel: str = "inapp"
    segment_options: list[dict[str, str]] = []
    coupon_options: list[dict[str, str]] = []
    promotion_options: list[dict[str, str]] = []
    own_customers: str = ""
    defaults: dict[str, str] = {}
    form_key: int = 0
    form_error: str = ""
    _sizes: dict[str, int] = {}

    @rx.var
    def segment_size(self) -> str:
        if self.segment not in self._sizes:
            return ""
        return t("campaigns.segment_size", size=self._sizes[self.segment])

    @rx.event
    def load(self) -> list | None:
        return self._load_all()

    def _load_all(self) -> list | None:
        found, events = self._guarded(marketing.plan_choices)
        if found is None:
            return events
        self.segment_options = [
            {"value": str(c.id), "label": t("campaigns.segment_option", name=c.name, size=c.size)}
            for c in found.segments
        ]
        self._sizes = {str(c.id): c.size for c in found.segments}
        self.coupon_options = [
            {"value": str(c.id), "label": f"{c.name}（{money(c.size)}）"} for c in found.coupons
        ]
        self.promotion_options = [{"value": str(c.id), "label": c.name} for c in found.promotions]
        self.own_customers = (
            t("campaigns.own_customers", size=found.own_customers) if self.user_role == "merchant"
            else ""
        )  # fmt: skip
        if self.segment not in self._sizes:
            self.segment = self.segment_options[0]["value"] if self.segment_options else ""
        self._reset_form()
        return self._load_table()

    def _reset_form(self) -> None:
        start = utcnow()
        self.defaults = {
            "starts": local_input(start),
            "ends": local_input(start + timedelta(days=DEFAULT_DAYS)),
            "holdout": "10",
            "attribution": "14",
            "points": "500",
            "budget": "",
        }
        self.form_error = ""
        self._pick_offer_ref()
        self.form_key += 1

    def _pick_offer_ref(self) -> None:
        options = {"coupon": self.coupon_options, "promotion": self.promotion_options}.get(
            self.offer_kind, []
        )
        if not any(o["value"] == self.offer_ref for o in options):
            self.offer_ref = options[0]["value"] if options else ""

    @rx.event
    def choose_kind(self, kind: str) -> None:
        if kind in ("offer", "invite"):
            self.kind = kind
            if kind == "invite" and self.offer_kind == "promotion":
                self.offer_kind = "points"

    @rx.event
    def choose_segment(self, segment: str) -> None:
        if segment in self._sizes:
            self.segment = segment

    @rx.event
    def choose_offer_kind(self, offer_kind: str) -> None:
        if offer_kind in marketing.OFFER_KINDS:
            self.offer_kind = offer_kind
            self._pick_offer_ref()

    @rx.event
    def choose_offer_ref(self, value: str) -> None:
        if isinstance(value, str) and small_number(value) is not None:
            self.offer_ref = value

    @rx.event
    def choose_channel(self, channel: str) -> None:
        if channel in marketing.CHANNELS:
            self.channel = channel

    def _draft(self, form: dict) -> marketing.CampaignDraft:
        if self.offer_kind == "points":
            ref = _whole(form.get("points"), "campaign.points_out_of_range", 0)
        else:
            ref = row_id(self.offer_ref)
        return marketing.CampaignDraft(
            name=str(form.get("name", ""))[:80],
            goal=str(form.get("goal", ""))[:400],
            kind=self.kind,
            segment_id=row_id(self.segment) or None,
            offer_kind=self.offer_kind,
            offer_ref=ref,
            channel=self.channel,
            starts_at=parse_local(form.get("starts"), "campaign.period_invalid"),
            ends_at=parse_local(form.get("ends"), "campaign.period_invalid"),
            budget_fen=_budget(form.get("budget")),
            holdout_bp=holdout_bp(form.get("holdout")),
            attribution_days=_whole(
                form.get("attribution"), "campaign.attribution_out_of_range", 14
            ),
        )

    @rx.event
    def create(self, form: dict) -> list | None:
        """A new campaign of the marketer's own (the service checks the whole plan)."""
        self.form_error = ""
        with session_scope() as session:
            actor = self._actor(session)
            try:
                row = marketing.create_campaign(session, actor, self._draft(form))
            except DomainError as err:
                self.form_error = error_text(err)
                return [error_toast(err)]
        self._load_all()
        return [rx.toast.success(t("campaigns.created", name=row.name))]

    def _load_table(self) -> list | None:
        query = self._table_query(marketing.CAMPAIGN_SORTS, "starts_at", default_descending=True)
        found, events = self._guarded(lambda s, a: marketing.campaigns_table(s, a, query))
        if found is not None:
            self._show_page(found)
            self.rows = [
                {
                    "id": str(r.id),
                    "name": r.name,
                    "kind": t(f"campaigns.kind.{r.kind}"),
                    "status": t(f"campaigns.status.{r.status}"),
                    "audience": r.audience
                    or t(f"campaigns.audience.{'invite' if r.kind == 'invite' else 'own'}"),
                    "offer": offer_text(r),
                    "starts_at": local_datetime(r.starts_at),
                    "ends_at": local_datetime(r.ends_at),
                    "budget_fen": money(r.budget_fen) if r.budget_fen else t("campaigns.no_budget"),
                    "holdout": f"{r.holdout_bp / 100:g}%",
                    "members": str(r.members),
                }
                for r in found.rows
            ]
        return events
