"""/admin/promotions and /merchant/promotions: one state for both (the services decide whose
promotions: the platform's for an operator, the shop's own for its owner or manager).

What the marketer types is read here into the service's terms (yuan -> fen through
core/amounts.py, 折 -> basis points, local times -> UTC); the service checks the rule itself.
Anything refused is shown and nothing is stored.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import reflex as rx

from salon_app.auth.session_state import SessionState, error_text, error_toast
from salon_app.components.browser_input import row_id, scaled, small_number
from salon_app.components.data_table import TableMixin
from salon_app.components.format import local_datetime, money
from salon_app.core.amounts import typed_fen
from salon_app.core.clock import utcnow
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import marketing
from salon_app.core.settings import get_settings
from salon_app.i18n import fen_to_yuan, t

TIERS_ON_FORM = 3
DEFAULT_DAYS = 30
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


def local_input(moment: datetime) -> str:
    """A UTC instant as a datetime-local input's value, in the app's time zone."""
    return moment.astimezone(ZoneInfo(get_settings().timezone)).strftime(LOCAL_INPUT)


def parse_local(text: object, error_key: str) -> datetime:
    """A datetime-local input's value ("2026-12-07T10:00", local time) as a UTC instant."""
    raw = text.strip() if isinstance(text, str) else ""
    try:
        moment = datetime.strptime(raw[:16], LOCAL_INPUT)
    except ValueError:
        raise DomainError(error_key) from None
    return moment.replace(tzinfo=ZoneInfo(get_settings().timezone)).astimezone(ZoneInfo("UTC"))


def discount_bp(text: object) -> int:
    """ "8" or "8.5" (折) -> 8000 or 8500 basis points; the service checks the range."""
    return scaled(
        text, factor=1000, minimum=0, maximum=10**6, error="promotion.discount_out_of_range"
    )


def zhe(bp: int) -> str:
    """8000 -> "8折", 8500 -> "8.5折"."""
    return t("promotions.zhe", value=f"{bp / 1000:g}")


def rule_text(kind: str, rule: dict) -> str:
    if kind == "tiers":
        return " / ".join(
            t("promotions.tier", threshold=money(a), off=money(b)) for a, b in rule.get("tiers", [])
        )
    if kind in ("percent", "returning"):
        return zhe(rule.get("discount_bp", 10_000))
    if kind == "nth_free":
        return t("promotions.nth", n=rule.get("n", 0))
    if kind == "newcomer_price":
        return t("promotions.newcomer", price=money(rule.get("price_fen", 0)))
    return t("promotions.bogo")


def _rule(kind: str, form: dict) -> dict:
    if kind == "tiers":
        tiers = []
        for i in range(1, TIERS_ON_FORM + 1):
            threshold, off = form.get(f"tier{i}_threshold", ""), form.get(f"tier{i}_off", "")
            if str(threshold).strip() or str(off).strip():
                tiers.append(
                    [
                        typed_fen(threshold, "promotion.tier_invalid", minimum_fen=1),
                        typed_fen(off, "promotion.tier_invalid", minimum_fen=1),
                    ]
                )
        return {"tiers": tiers}
    if kind in ("percent", "returning"):
        return {"discount_bp": discount_bp(form.get("discount"))}
    if kind == "nth_free":
        n = small_number(form.get("n"))
        if n is None:
            raise DomainError("promotion.n_out_of_range")
        return {"n": n}
    if kind == "newcomer_price":
        return {"price_fen": typed_fen(form.get("price"), "promotion.price_invalid", minimum_fen=1)}
    return {}


def _priority(text: object) -> int:
    if not str(text or "").strip():
        return 0
    number = small_number(text)
    if number is None:
        raise DomainError("promotion.priority_invalid")
    return number


def _options(pairs: list[tuple[object, str]]) -> list[dict[str, str]]:
    return [{"value": str(v), "label": label} for v, label in pairs]


class PromotionsState(TableMixin, SessionState):
    rows: list[dict[str, str]] = []
    editing: str = ""  # the promotion being edited ("" = a new one)
    kind: str = "tiers"
    audience: str = "all"
    audience_ref: str = ""
    scope: str = "all"
    picked: list[str] = []
    defaults: dict[str, str] = {}
    form_key: int = 0
    form_error: str = ""
    scope_options: list[dict[str, str]] = []
    audience_options: list[dict[str, str]] = []
    scope_choices: list[dict[str, str]] = []
    _choices: dict[str, list[tuple[int, str]]] = {}

    @rx.event
    def load(self) -> list | None:
        found, events = self._guarded(marketing.promotion_choices)
        if found is None:
            return events
        self._choices = {
            "categories": found.categories, "services": found.services, "shops": found.shops,
            "level": found.levels, "campaign": found.campaigns,
        }  # fmt: skip
        scopes = ["all"] + [s for s in ("categories", "services", "shops") if found.__dict__[s]]
        self.scope_choices = _options([(s, t(f"promotions.scope.{s}")) for s in scopes])
        self._reset_form()
        return self._load_table()

    def _reset_form(self) -> None:
        self.editing, self.kind, self.audience, self.audience_ref = "", "tiers", "all", ""
        self.scope, self.picked, self.form_error = "all", [], ""
        start = utcnow()
        self.defaults = {
            "starts": local_input(start),
            "ends": local_input(start + timedelta(days=DEFAULT_DAYS)),
            "priority": "0",
        }
        self._show_choices()
        self.form_key += 1

    def _show_choices(self) -> None:
        self.scope_options = _options(self._choices.get(self.scope, []))
        self.audience_options = _options(self._choices.get(self.audience, []))

    @rx.event
    def choose_kind(self, kind: str) -> None:
        if kind in marketing.KINDS:
            self.kind, self.form_error = kind, ""

    @rx.event
    def choose_audience(self, audience: str) -> None:
        if audience in marketing.AUDIENCES:
            self.audience, self.audience_ref = audience, ""
            self._show_choices()
            if self.audience_options:
                self.audience_ref = self.audience_options[0]["value"]

    @rx.event
    def choose_audience_ref(self, value: str) -> None:
        if any(o["value"] == value for o in self.audience_options):
            self.audience_ref = value

    @rx.event
    def choose_scope(self, scope: str) -> None:
        if any(o["value"] == scope for o in self.scope_choices):
            self.scope, self.picked = scope, []
            self._show_choices()

    @rx.event
    def toggle_pick(self, value: str) -> None:
        if not any(o["value"] == value for o in self.scope_options):
            return
        self.picked = (
            [p for p in self.picked if p != value]
            if value in self.picked
            else [*self.picked, value]
        )

    @rx.event
    def new(self) -> None:
        self._reset_form()

    @rx.event
    def edit(self, promotion_id: str) -> list | None:
        wanted = row_id(promotion_id)
        found, events = self._guarded(lambda s, a: marketing.promotion_detail(s, a, wanted))
        if found is None:
            return events
        self.editing, self.kind, self.form_error = str(found.id), found.kind, ""
        self.audience, self.scope = found.audience, found.scope
        self._show_choices()
        self.audience_ref = "" if found.audience_ref is None else str(found.audience_ref)
        self.picked = [str(i) for i in found.scope_ids]
        rule = found.rule
        values = {
            "name": found.name, "starts": local_input(found.starts_at),
            "ends": local_input(found.ends_at), "group": found.exclusive_group,
            "priority": str(found.priority),
            "discount": f"{rule.get('discount_bp', 0) / 1000:g}" if "discount_bp" in rule else "",
            "n": str(rule.get("n", "")),
            "price": fen_to_yuan(rule["price_fen"]) if "price_fen" in rule else "",
        }  # fmt: skip
        for i, (a, b) in enumerate(rule.get("tiers", []), start=1):
            values[f"tier{i}_threshold"], values[f"tier{i}_off"] = fen_to_yuan(a), fen_to_yuan(b)
        self.defaults = values
        self.form_key += 1
        return events

    def _draft(self, form: dict) -> marketing.PromotionDraft:
        ref = small_number(self.audience_ref)
        return marketing.PromotionDraft(
            name=str(form.get("name", ""))[:60],
            kind=self.kind,
            rule=_rule(self.kind, form),
            starts_at=parse_local(form.get("starts"), "promotion.period_invalid"),
            ends_at=parse_local(form.get("ends"), "promotion.period_invalid"),
            scope=self.scope,
            scope_ids=[n for n in (small_number(p) for p in self.picked) if n is not None],
            audience=self.audience,
            audience_ref=ref,
            exclusive_group=str(form.get("group", ""))[:40],
            priority=_priority(form.get("priority")),
        )

    @rx.event
    def save(self, form: dict) -> list | None:
        """Create a promotion, or save the one being edited (the service checks everything)."""
        self.form_error = ""
        editing = row_id(self.editing) if self.editing else 0
        with session_scope() as session:
            actor = self._actor(session)
            try:
                draft = self._draft(form)
                if editing:
                    row = marketing.update_promotion(session, actor, editing, draft)
                else:
                    row = marketing.create_promotion(session, actor, draft)
            except DomainError as err:
                self.form_error = error_text(err)
                return [error_toast(err)]
        self._reset_form()
        self._load_table()
        return [rx.toast.success(t("promotions.saved", name=row.name))]

    @rx.event
    def end(self, promotion_id: str) -> list:
        wanted = row_id(promotion_id)
        return self._run(
            lambda s, a: marketing.end_promotion(s, a, wanted), "promotions.ended", self._load_table
        )

    def _load_table(self) -> list | None:
        query = self._table_query(marketing.PROMOTION_SORTS, "starts_at", default_descending=True)
        found, events = self._guarded(lambda s, a: marketing.promotions_table(s, a, query))
        if found is not None:
            self._show_page(found)
            self.rows = [self._row(r) for r in found.rows]
        return events

    def _row(self, r: marketing.PromotionRow) -> dict[str, str]:
        names = dict(self._choices.get(r.audience, []))
        audience = t(f"promotions.audience.{r.audience}")
        if r.audience_ref is not None and r.audience_ref in names:
            audience = f"{audience}：{names[r.audience_ref]}"
        return {
            "id": str(r.id),
            "name": r.name,
            "kind": t(f"promotions.kind.{r.kind}"),
            "rule": rule_text(r.kind, r.rule),
            "audience": audience,
            "scope": t(f"promotions.scope.{r.scope}")
            + (f"（{len(r.scope_ids)}）" if r.scope_ids else ""),
            "period": f"{local_datetime(r.starts_at)} – {local_datetime(r.ends_at)}",
            "priority": f"{r.priority}" + (f" · {r.exclusive_group}" if r.exclusive_group else ""),
            "state": t(f"promotions.state.{r.state}"),
            "open": "" if r.state == "ended" else "1",
            "funded_by": t(f"promotions.funded_by.{r.funded_by}"),
        }
