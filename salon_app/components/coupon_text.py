"""How a coupon reads on a card or in a table row: its value, its threshold, where it applies
and until when (the customer's pages and the dashboards say it the same way)."""

from __future__ import annotations

from datetime import datetime

from salon_app.components.format import local_date, local_datetime
from salon_app.core.clock import utcnow
from salon_app.core.services.marketing import CouponTerms
from salon_app.i18n import fen_to_yuan, t


def rate_text(discount_bp: int) -> str:
    """8000 -> '8', 8500 -> '8.5', 8850 -> '8.85' (of 8折)."""
    return f"{discount_bp / 1000:.3f}".rstrip("0").rstrip(".")


def value_text(terms: CouponTerms) -> str:
    if terms.kind == "percent":
        return t("coupon.value_percent", rate=rate_text(terms.discount_bp))
    return t("coupon.value_off", amount=fen_to_yuan(terms.amount_fen))


def condition_text(terms: CouponTerms) -> str:
    parts = [
        t("coupon.cond_threshold", amount=fen_to_yuan(terms.threshold_fen))
        if terms.threshold_fen
        else t("coupon.cond_none")
    ]
    if terms.kind == "percent" and terms.cap_fen:
        parts.append(t("coupon.cond_cap", amount=fen_to_yuan(terms.cap_fen)))
    return " · ".join(parts)


def scope_text(terms: CouponTerms) -> str:
    if terms.shop_name and terms.scope == "shops":
        return t("coupon.scope_shop", shop=terms.shop_name)
    if terms.scope == "all":
        return t("coupon.scope_all")
    names = "、".join(n for n in terms.scope_names if n)
    text = t("coupon.scope_except" if terms.scope_exclude else "coupon.scope_only", names=names)
    return f"{t('coupon.scope_shop', shop=terms.shop_name)} · {text}" if terms.shop_name else text


def validity_text(
    valid_from: datetime | None, valid_until: datetime | None, valid_days: int | None = None
) -> str:
    if valid_days:
        return t("coupon.valid_days", days=valid_days)
    if valid_until is None:
        return ""
    if valid_from is not None and valid_from > utcnow():
        return t("coupon.valid_between", start=local_date(valid_from), end=local_date(valid_until))
    return t("coupon.valid_until", date=local_datetime(valid_until))
