"""Coupon templates for the tests, made as an operator or a shop makes them."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.models import CouponTemplate
from salon_app.core.services import marketing
from salon_app.core.services.access import Actor
from salon_app.core.services.marketing import TemplateDraft

SPEND_200_SAVE_30 = TemplateDraft(
    name="满200减30", kind="threshold", amount_fen=3_000, threshold_fen=20_000,
    valid_days=7, total_stock=100, per_user_limit=1,
)  # fmt: skip


def draft(**changes: object) -> TemplateDraft:
    return replace(SPEND_200_SAVE_30, **changes)


def published(session: Session, operator: Actor, **changes: object) -> CouponTemplate:
    """An active platform template (默认 满200减30, 7 days from the claim, 100 in stock)."""
    return marketing.create_template(session, operator, draft(**changes), publish=True)


def fixed_dates(days_before: int, days_after: int) -> dict[str, object]:
    now = utcnow()
    return {
        "valid_days": None,
        "valid_from": now - timedelta(days=days_before),
        "valid_until": now + timedelta(days=days_after),
    }
