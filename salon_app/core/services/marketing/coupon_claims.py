"""Customers claiming coupons in the coupon centre, and buying them with points.

Rules, checked under the customer's lock (membership.lock_points: a row lock on the user on
PostgreSQL, the write lock on SQLite), so two claims of one customer at once are taken one
after the other and never pass a limit together:
- the template is active, shown in the coupon centre (claimable) and within its claim period
  (valid_from .. valid_until, when set);
- per-user limit: every coupon of the template the customer ever got counts, from any source
  (claimed, bought, a campaign's), used, expired or not; per-day limit: those got on the same
  Asia/Shanghai day;
- 新人券 only for a customer none of whose orders was ever paid (Order.paid_at set, even if
  refunded later): see docs/decisions.md;
- stock is taken by `issue`'s conditional update, so concurrent claims of many customers never
  exceed it (coupon.out_of_stock);
- a coupon with a points cost is only bought (`redeem_with_points`): the points are debited and
  the coupon issued in one transaction, exactly once per request key (a double click sends
  the same key, and gets the coupon bought the first time).
A refused claim changes nothing (rolled back, the lock released).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Coupon, CouponTemplate, Order, PointsEntry, Role
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.marketing.coupons import issue
from salon_app.core.services.membership import debit, lock_points, valid_request_key
from salon_app.core.settings import get_settings


@dataclass(frozen=True)
class Claimed:
    coupon_id: int
    template_name: str
    valid_until: datetime
    points_spent: int = 0
    again: bool = False  # the same request was answered before (a double click)


def is_newcomer(session: Session, user_id: int) -> bool:
    """A customer none of whose orders was ever paid."""
    paid = session.exec(
        select(Order.id).where(Order.customer_id == user_id, col(Order.paid_at).is_not(None))
    ).first()
    return paid is None


def local_day(at: datetime) -> tuple[datetime, datetime]:
    """The Asia/Shanghai (settings) day around `at`, as UTC bounds [start, end)."""
    zone = ZoneInfo(get_settings().timezone)
    day = at.astimezone(zone).date()
    start = datetime.combine(day, time(0), zone)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def claim_window_open(template: CouponTemplate, now: datetime) -> bool:
    return (template.valid_from is None or template.valid_from <= now) and (
        template.valid_until is None or template.valid_until > now
    )


def held_counts(session: Session, user_id: int, now: datetime) -> dict[int, tuple[int, int]]:
    """Per template: (coupons the customer ever got, of which today)."""
    start, end = local_day(now)
    today = func.sum(case((and_(Coupon.claimed_at >= start, Coupon.claimed_at < end), 1), else_=0))
    rows = session.exec(
        select(Coupon.template_id, func.count(Coupon.id), today)
        .where(Coupon.user_id == user_id)
        .group_by(Coupon.template_id)
        .order_by(Coupon.template_id)
    ).all()
    return {tid: (int(total), int(day or 0)) for tid, total, day in rows}


def _checked_template(
    session: Session, user_id: int, template_id: int, now: datetime, *, points: bool
) -> CouponTemplate:
    template = session.get(CouponTemplate, template_id, populate_existing=True)
    if template is None or template.status != "active":
        raise DomainError("coupon.not_available")
    if points and template.points_cost <= 0:
        raise DomainError("coupon.not_for_points")
    if not points and (not template.claimable or template.points_cost > 0):
        raise DomainError("coupon.not_claimable")
    if not claim_window_open(template, now):
        raise DomainError("coupon.claim_closed")
    if template.kind == "newcomer" and not is_newcomer(session, user_id):
        raise DomainError("coupon.newcomers_only")
    held, today = held_counts(session, user_id, now).get(template.id, (0, 0))
    if held >= template.per_user_limit:
        raise DomainError("coupon.limit_reached", limit=template.per_user_limit)
    if template.per_day_limit and today >= template.per_day_limit:
        raise DomainError("coupon.daily_limit_reached", limit=template.per_day_limit)
    return template


def claim(session: Session, actor: Actor | None, template_id: int) -> Claimed:
    """A customer claims one coupon of a free template in the coupon centre (rules above)."""
    user_id = require_role(actor, Role.customer).user_id
    now = utcnow()
    try:
        lock_points(session, user_id)
        template = _checked_template(session, user_id, template_id, now, points=False)
        source = "newcomer" if template.kind == "newcomer" else "claim"
        coupon = issue(session, template, user_id, now, source=source)
        session.commit()
    except DomainError:
        session.rollback()
        raise
    return Claimed(coupon.id, template.name, coupon.valid_until)


def redeem_with_points(
    session: Session, actor: Actor | None, template_id: int, request_key: str
) -> Claimed:
    """A customer buys one coupon with points: debit (soonest-expiring points first) and
    issue in one transaction; the same request key again returns the first purchase."""
    user_id = require_role(actor, Role.customer).user_id
    if not valid_request_key(request_key):
        raise DomainError("coupon.request_invalid")
    key = f"coupon:{user_id}:{template_id}:{request_key}"
    now = utcnow()
    try:
        lock_points(session, user_id)
        done = session.exec(select(PointsEntry).where(PointsEntry.key == key)).first()
        if done is not None:
            coupon = session.get(Coupon, int(done.note.removeprefix("coupon:")))
            template = session.get(CouponTemplate, coupon.template_id)
            session.rollback()
            return Claimed(coupon.id, template.name, coupon.valid_until, -done.amount, True)
        template = _checked_template(session, user_id, template_id, now, points=True)
        coupon = issue(session, template, user_id, now, source="points")
        debit(session, user_id, "redeem_coupon", template.points_cost, key, now,
              note=f"coupon:{coupon.id}")  # fmt: skip
        session.commit()
    except DomainError:
        session.rollback()
        raise
    return Claimed(coupon.id, template.name, coupon.valid_until, template.points_cost)
