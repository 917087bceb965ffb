"""What an operator or a shop typed into the coupon form, read into the service's terms:
yuan -> fen (core/amounts.py), whole numbers (components/browser_input.py), local dates ->
UTC. Anything unreadable is the matching DomainError; the service checks the rules."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from salon_app.components.browser_input import scaled, small_number
from salon_app.core.amounts import typed_fen
from salon_app.core.errors import DomainError
from salon_app.core.services.marketing import TemplateDraft
from salon_app.core.services.marketing.coupon_rules import LIMIT_MAX, STOCK_MAX
from salon_app.core.settings import get_settings


def _text(form: dict, name: str) -> str:
    return str(form.get(name, "") or "").strip()


def _whole(form: dict, name: str, key: str, empty: int | None = None, **params: object) -> int:
    raw = _text(form, name)
    if not raw and empty is not None:
        return empty
    number = small_number(raw)
    if number is None:
        raise DomainError(key, **params)
    return number


def _fen(form: dict, name: str, key: str) -> int:
    return typed_fen(_text(form, name), key, empty=0)


def discount_bp(text: str) -> int:
    """'80' (pay 80%: 8折) -> 8000; '85.5' -> 8550."""
    return scaled(text, factor=100, minimum=0, maximum=10**6, error="coupon.discount_invalid")


def _day(text: str, end: bool) -> datetime | None:
    """A local date: its start, or for an end date the last second of it, in UTC."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise DomainError("coupon.date_invalid") from None
    zone = ZoneInfo(get_settings().timezone)
    moment = datetime.combine(day + timedelta(days=1) if end else day, time(0), zone)
    return (moment - timedelta(seconds=1) if end else moment).astimezone(ZoneInfo("UTC"))


def draft_from_form(
    form: dict, kind: str, scope: str, validity: str, scope_ids: list[int]
) -> TemplateDraft:
    days = validity == "days"
    return TemplateDraft(
        name=_text(form, "name"),
        kind=kind,
        amount_fen=0 if kind == "percent" else _fen(form, "amount", "coupon.amount_invalid"),
        threshold_fen=_fen(form, "threshold", "coupon.threshold_invalid"),
        discount_bp=discount_bp(_text(form, "discount")) if kind == "percent" else 10_000,
        cap_fen=_fen(form, "cap", "coupon.cap_invalid") if kind == "percent" else 0,
        scope=scope,
        scope_ids=tuple(scope_ids) if scope != "all" else (),
        scope_exclude=bool(form.get("scope_exclude")) and scope != "all",
        valid_from=_day(_text(form, "valid_from"), end=False),
        valid_until=_day(_text(form, "valid_until"), end=True),
        valid_days=_whole(form, "valid_days", "coupon.valid_days_invalid", max=365)
        if days
        else None,
        total_stock=_whole(form, "total_stock", "coupon.stock_invalid", max=STOCK_MAX),
        per_user_limit=_whole(form, "per_user_limit", "coupon.per_user_invalid", 1, max=LIMIT_MAX),
        per_day_limit=_whole(form, "per_day_limit", "coupon.per_day_invalid", 0),
        claimable=bool(form.get("claimable")),
        points_cost=_whole(form, "points_cost", "coupon.points_invalid", 0),
    )


def local_day_text(moment: datetime | None) -> str:
    """The local date a stored start or end falls on, for the edit form."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(get_settings().timezone)).date().isoformat()
