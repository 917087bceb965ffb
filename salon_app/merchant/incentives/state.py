"""The shop's incentive rules (create, switch off) and what they awarded, month by month.

What the manager types is read here into the service's terms (yuan → fen through
core/amounts.py, whole numbers through components/browser_input.py); the service checks the
rule itself. Anything refused is shown and nothing is stored.
"""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from salon_app.auth.session_state import SessionState, error_text, error_toast
from salon_app.components.browser_input import row_id, scaled, small_number
from salon_app.components.format import local_datetime, local_today, money
from salon_app.core.amounts import typed_fen
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import incentives
from salon_app.i18n import t

ALL_MONTHS = "all"
MONTHS_LISTED = 12


def _months(today: date) -> list[str]:
    """This month and the MONTHS_LISTED - 1 before it, newest first ("2026-11")."""
    months, day = [], today.replace(day=1)
    for _ in range(MONTHS_LISTED):
        months.append(f"{day:%Y-%m}")
        day = (day - timedelta(days=1)).replace(day=1)
    return months


def _whole(text: object, error_key: str) -> int | None:
    """A typed whole number; empty is None (the service says what is missing)."""
    if not str(text or "").strip():
        return None
    number = small_number(text)
    if number is None:
        raise DomainError(error_key)
    return number


def _rating_x100(text: object) -> int | None:
    """'4.8' -> 480; empty is None."""
    if text is None or not str(text).strip():
        return None
    return scaled(text, factor=100, minimum=0, maximum=10**6, error="incentive.rating_invalid")


def _draft(kind: str, form: dict) -> incentives.RuleDraft:
    cap = str(form.get("cap", "") or "").strip()
    return incentives.RuleDraft(
        kind=kind,
        name=str(form.get("name", "")),
        amount_fen=typed_fen(form.get("amount"), "incentive.amount_invalid", minimum_fen=1),
        threshold_orders=_whole(form.get("threshold"), "incentive.threshold_invalid"),
        min_rating_x100=_rating_x100(form.get("min_rating")),
        min_reviews=_whole(form.get("min_reviews"), "incentive.reviews_invalid"),
        cap_fen=typed_fen(cap, "incentive.cap_invalid", minimum_fen=1) if cap else None,
    )


def _condition(r: incentives.RuleView) -> str:
    if r.kind == "order_bonus":
        return t("incentive.rule_order", threshold=r.threshold_orders, amount=money(r.amount_fen))
    return t(
        "incentive.rule_rating",
        rating=f"{(r.min_rating_x100 or 0) / 100:.1f}",
        reviews=r.min_reviews,
        amount=money(r.amount_fen),
    )


def _rule_row(r: incentives.RuleView) -> dict[str, str]:
    return {
        "id": str(r.id),
        "name": r.name,
        "kind": t(f"incentive.kind.{r.kind}"),
        "condition": _condition(r),
        "cap": t("incentive.no_cap")
        if r.cap_fen is None
        else t("incentive.cap", amount=money(r.cap_fen)),
        "status": t("incentive.active") if r.active else t("incentive.inactive"),
        "active": "1" if r.active else "",
        "created": local_datetime(r.created_at),
    }


def _award_row(a: incentives.AwardView) -> dict[str, str]:
    return {
        "period": a.period,
        "technician": a.technician_name,
        "rule": a.rule_name,
        "amount": money(a.amount_fen),
        "at": local_datetime(a.created_at),
    }


class MerchantIncentivesState(SessionState):
    rules: list[dict[str, str]] = []
    awards: list[dict[str, str]] = []
    months: list[dict[str, str]] = []
    month: str = ALL_MONTHS
    kind: str = "order_bonus"
    form_error: str = ""
    form_key: int = 0  # changes after a rule is created: the form is drawn again, empty

    def _show(self, session: object, actor: object) -> None:
        self.rules = [_rule_row(r) for r in incentives.list_rules(session, actor)]
        period = None if self.month == ALL_MONTHS else self.month
        self.awards = [_award_row(a) for a in incentives.list_awards(session, actor, period)]

    @rx.event
    def load(self) -> list | None:
        months = _months(local_today())
        self.months = [{"value": ALL_MONTHS, "label": t("incentive.all_months")}] + [
            {"value": m, "label": m} for m in months
        ]
        if self.month != ALL_MONTHS and self.month not in months:
            self.month = ALL_MONTHS
        self.form_error = ""
        _, events = self._guarded(self._show)
        return events

    @rx.event
    def choose_month(self, month: str) -> list | None:
        if not any(m["value"] == month for m in self.months):
            return None
        self.month = month
        _, events = self._guarded(self._show)
        return events

    @rx.event
    def choose_kind(self, kind: str | list[str]) -> None:
        if isinstance(kind, str) and kind in incentives.KINDS:
            self.kind = kind
            self.form_error = ""

    @rx.event
    def create(self, form: dict) -> list | None:
        """One new rule for the manager's own shop (the service checks who and what)."""
        self.form_error = ""
        with session_scope() as session:
            actor = self._actor(session)
            try:
                rule = incentives.create_rule(session, actor, _draft(self.kind, form))
            except DomainError as err:
                self.form_error = error_text(err)
                return [error_toast(err)]
            self._show(session, actor)
        self.form_key += 1
        return [rx.toast.success(t("incentive.created", name=rule.name))]

    @rx.event
    def disable(self, rule: str) -> list | None:
        with session_scope() as session:
            actor = self._actor(session)
            try:
                done = incentives.disable_rule(session, actor, row_id(rule))
            except DomainError as err:
                return [error_toast(err)]
            self._show(session, actor)
        return [rx.toast.success(t("incentive.disabled", name=done.name))]
