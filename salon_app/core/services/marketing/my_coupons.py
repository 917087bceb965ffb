"""What a customer sees of coupons: the coupon centre (领券中心) and their own (我的优惠券).

The centre lists active templates shown for claiming, inside their claim period: free ones
and ones bought with points; a 新人券 only to customers who are still new. Each card says
whether the customer can take one now: open, claimed (their limit reached), today (their daily
limit reached) or sold_out. My coupons are in three tabs: available (not used, not past their
end; maybe not started yet), used (an order holds it) and expired (past its end, unused).
Every card names where the coupon applies (scope names, resolved here) and until when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, or_, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Coupon,
    CouponTemplate,
    Merchant,
    Order,
    Role,
    Service,
    ServiceCategory,
)
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.marketing.coupon_claims import (
    claim_window_open,
    held_counts,
    is_newcomer,
)

TABS = ("available", "used", "expired")


@dataclass(frozen=True)
class CouponTerms:
    """What a coupon gives and where."""

    name: str
    kind: str
    amount_fen: int
    threshold_fen: int
    discount_bp: int
    cap_fen: int
    scope: str
    scope_names: tuple[str, ...]
    scope_exclude: bool
    shop_name: str  # "" for a platform coupon


@dataclass(frozen=True)
class CentreCard:
    template_id: int
    terms: CouponTerms
    valid_from: datetime | None
    valid_until: datetime | None
    valid_days: int | None
    remaining: int
    total_stock: int
    points_cost: int
    state: str  # open, claimed, today, sold_out


@dataclass(frozen=True)
class MyCoupon:
    id: int
    terms: CouponTerms
    valid_from: datetime
    valid_until: datetime
    status: str  # available, used, expired
    order_code: str
    used_at: datetime | None


def terms_of(session: Session, templates: list[CouponTemplate]) -> dict[int, CouponTerms]:
    """Each template's terms, with the names of its scope's services, categories or shops."""
    wanted: dict[str, set[int]] = {"services": set(), "categories": set(), "shops": set()}
    for t in templates:
        if t.scope in wanted:
            wanted[t.scope] |= set(t.scope_ids)
        if t.merchant_id:
            wanted["shops"].add(t.merchant_id)
    names: dict[str, dict[int, str]] = {}
    models = (("services", Service), ("categories", ServiceCategory), ("shops", Merchant))
    for scope, model in models:
        ids = sorted(wanted[scope])
        rows = session.exec(select(model.id, model.name).where(col(model.id).in_(ids))).all()
        names[scope] = dict(rows)
    return {t.id: _terms(t, names) for t in templates}


def _terms(t: CouponTemplate, names: dict[str, dict[int, str]]) -> CouponTerms:
    return CouponTerms(
        t.name, t.kind, t.amount_fen, t.threshold_fen, t.discount_bp, t.cap_fen, t.scope,
        tuple(names.get(t.scope, {}).get(i, "") for i in t.scope_ids), t.scope_exclude,
        names["shops"].get(t.merchant_id, "") if t.merchant_id else "",
    )  # fmt: skip


def coupon_centre(session: Session, actor: Actor | None) -> list[CentreCard]:
    """The coupons a customer may claim or buy now (rules above): free ones first, then the
    ones bought with points; platform coupons before shops', newest first."""
    user_id = require_role(actor, Role.customer).user_id
    now = utcnow()
    templates = session.exec(
        select(CouponTemplate)
        .where(CouponTemplate.status == "active", col(CouponTemplate.claimable).is_(True))
        .where(or_(col(CouponTemplate.valid_until).is_(None), CouponTemplate.valid_until > now))
        .order_by(
            CouponTemplate.points_cost > 0,
            col(CouponTemplate.merchant_id).is_not(None),
            col(CouponTemplate.created_at).desc(),
            col(CouponTemplate.id).desc(),
        )
    ).all()
    new = is_newcomer(session, user_id)
    shown = [t for t in templates if claim_window_open(t, now) and (t.kind != "newcomer" or new)]
    held = held_counts(session, user_id, now)
    terms = terms_of(session, shown)

    def state(t: CouponTemplate) -> str:
        total, today = held.get(t.id, (0, 0))
        if total >= t.per_user_limit:
            return "claimed"
        if t.issued >= t.total_stock:
            return "sold_out"
        return "today" if t.per_day_limit and today >= t.per_day_limit else "open"

    cards = []
    for t in shown:
        left = max(0, t.total_stock - t.issued)
        card = CentreCard(t.id, terms[t.id], t.valid_from, t.valid_until, t.valid_days, left,
                          t.total_stock, t.points_cost, state(t))  # fmt: skip
        cards.append(card)
    return cards


def my_coupons(session: Session, actor: Actor | None, tab: str) -> list[MyCoupon]:
    """The customer's own coupons of one tab: available ending soonest first; used and
    expired most recent first."""
    user_id = require_role(actor, Role.customer).user_id
    if tab not in TABS:
        raise DomainError("coupon.tab_unknown")
    now = utcnow()
    statement = (
        select(Coupon, CouponTemplate, Order.code)
        .join(CouponTemplate, CouponTemplate.id == Coupon.template_id)
        .outerjoin(Order, Order.id == Coupon.order_id)
        .where(Coupon.user_id == user_id)
    )
    if tab == "used":
        statement = statement.where(col(Coupon.order_id).is_not(None)).order_by(
            col(Coupon.used_at).desc(), col(Coupon.id).desc()
        )
    elif tab == "expired":
        statement = statement.where(
            col(Coupon.order_id).is_(None), Coupon.valid_until <= now
        ).order_by(col(Coupon.valid_until).desc(), col(Coupon.id).desc())
    else:
        statement = statement.where(
            col(Coupon.order_id).is_(None), Coupon.valid_until > now
        ).order_by(Coupon.valid_until, Coupon.id)
    rows = session.exec(statement).all()
    terms = terms_of(session, list({t.id: t for _, t, _ in rows}.values()))
    return [
        MyCoupon(c.id, terms[t.id], c.valid_from, c.valid_until, tab, code or "", c.used_at)
        for c, t, code in rows
    ]
