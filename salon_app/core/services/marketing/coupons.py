"""Coupons held by customers: issuing one from a template within its stock.

Stock is taken with a conditional update (issued < total_stock), so concurrent claims never
issue more than the stock, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session

from salon_app.core.errors import DomainError
from salon_app.core.models import Coupon, CouponTemplate


def take_stock(session: Session, template_id: int) -> None:
    """One unit of the template's stock, or coupon.out_of_stock (not committed)."""
    taken = session.execute(
        update(CouponTemplate)
        .where(
            CouponTemplate.id == template_id,
            CouponTemplate.issued < CouponTemplate.total_stock,
        )
        .values(issued=CouponTemplate.issued + 1)
    ).rowcount
    if taken != 1:
        raise DomainError("coupon.out_of_stock")


def validity(template: CouponTemplate, at: datetime) -> tuple[datetime, datetime]:
    """From when until when a coupon claimed at `at` can be used."""
    if template.valid_days:
        return at, at + timedelta(days=template.valid_days)
    return template.valid_from or at, template.valid_until


def issue(
    session: Session,
    template: CouponTemplate,
    user_id: int,
    at: datetime,
    *,
    source: str,
    campaign_id: int | None = None,
) -> Coupon:
    """Give the customer one coupon of the template, taking one unit of its stock (not
    committed). Limits per customer are the caller's rule (claiming, campaigns)."""
    take_stock(session, template.id)
    valid_from, valid_until = validity(template, at)
    coupon = Coupon(
        template_id=template.id,
        user_id=user_id,
        source=source,
        campaign_id=campaign_id,
        claimed_at=at,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    session.add(coupon)
    session.flush()
    return coupon
