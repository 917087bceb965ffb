"""What the engine reads about the customer and the offers, in a handful of queries: the
member level, whether they have paid before, the promotions running now (with the campaigns
that reach them and their history of sessions when a rule needs it), and their coupons.

Marketing's tables are read here through the models (pricing comes before marketing in the
package order). Also the two questions every offer asks: is this item in scope, and is this
customer in the audience."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.models import (
    CampaignMember,
    Coupon,
    CouponTemplate,
    MemberLevel,
    Membership,
    Order,
    OrderItem,
    Promotion,
    Service,
)

# Orders that count as "paid before": paid, and neither cancelled nor refunded.
_NOT_KEPT = ("cancelled", "refunded")


@dataclass(frozen=True)
class Customer:
    """The facts about a customer that offers depend on (anonymous: user_id None)."""

    user_id: int | None
    level_rank: int = 0
    level_name: str = ""
    level_discount_bp: int = 10_000
    has_paid: bool = False
    campaigns: frozenset[int] = frozenset()  # campaigns treating them (not held out)
    # Sessions already paid for, per (service id, category id, shop id): "a free one after N"
    history: Counter = field(default_factory=Counter)


def _standing(session: Session, user_id: int) -> tuple[int, str | None, int | None, bool]:
    """(level rank, its name and member price, paid before?) in one round trip."""
    rank = (
        select(func.coalesce(func.max(Membership.level_rank), 0))
        .where(Membership.user_id == user_id)
        .scalar_subquery()
    )
    level = select(MemberLevel).where(MemberLevel.rank == rank).subquery()
    paid = (
        select(Order.id)
        .where(
            Order.customer_id == user_id,
            col(Order.paid_at).is_not(None),
            col(Order.status).not_in(_NOT_KEPT),
        )
        .exists()
    )
    row = session.execute(
        select(
            rank,
            select(level.c.name).scalar_subquery(),
            select(level.c.discount_bp).scalar_subquery(),
            paid,
        )
    ).one()
    return int(row[0]), row[1], row[2], bool(row[3])


def _campaigns(session: Session, user_id: int, ids: set[int]) -> frozenset[int]:
    rows = session.exec(
        select(CampaignMember.campaign_id).where(
            CampaignMember.user_id == user_id,
            col(CampaignMember.campaign_id).in_(ids),
            col(CampaignMember.holdout).is_(False),
        )
    ).all()
    return frozenset(rows)


def _history(session: Session, user_id: int) -> Counter:
    rows = session.exec(
        select(
            OrderItem.service_id,
            Service.category_id,
            Order.merchant_id,
            func.sum(OrderItem.quantity),
        )
        .join(Order, Order.id == OrderItem.order_id)
        .join(Service, Service.id == OrderItem.service_id)
        .where(
            Order.customer_id == user_id,
            col(Order.paid_at).is_not(None),
            col(Order.status).not_in(_NOT_KEPT),
        )
        .group_by(OrderItem.service_id, Service.category_id, Order.merchant_id)
        .order_by(OrderItem.service_id, Order.merchant_id)
    ).all()
    return Counter({(s, c, m): int(n) for s, c, m, n in rows})


def running_promotions(session: Session, now: datetime) -> list[Promotion]:
    """Promotions switched on whose period holds `now`, highest priority first."""
    return list(
        session.exec(
            select(Promotion)
            .where(
                col(Promotion.active).is_(True),
                Promotion.starts_at <= now,
                Promotion.ends_at > now,
            )
            .order_by(col(Promotion.priority).desc(), Promotion.id)
        ).all()
    )


def customer_facts(session: Session, user_id: int | None, promotions: list[Promotion]) -> Customer:
    """The customer's level and history, reading only what the running promotions need."""
    if user_id is None:
        return Customer(None)
    rank, name, discount_bp, has_paid = _standing(session, user_id)
    wanted = {p.audience_ref for p in promotions if p.audience == "campaign" and p.audience_ref}
    return Customer(
        user_id,
        rank,
        name or "",
        discount_bp if discount_bp is not None else 10_000,
        has_paid,
        _campaigns(session, user_id, wanted) if wanted else frozenset(),
        _history(session, user_id) if any(p.kind == "nth_free" for p in promotions) else Counter(),
    )


def owned_coupons(session: Session, user_id: int | None) -> list[tuple[Coupon, CouponTemplate]]:
    """The customer's coupons not used by an order, soonest-expiring first."""
    if user_id is None:
        return []
    return list(
        session.exec(
            select(Coupon, CouponTemplate)
            .join(CouponTemplate, CouponTemplate.id == Coupon.template_id)
            .where(Coupon.user_id == user_id, col(Coupon.order_id).is_(None))
            .order_by(Coupon.valid_until, Coupon.id)
        ).all()
    )


def coupon_by_id(session: Session, coupon_id: int) -> tuple[Coupon, CouponTemplate] | None:
    return session.exec(
        select(Coupon, CouponTemplate)
        .join(CouponTemplate, CouponTemplate.id == Coupon.template_id)
        .where(Coupon.id == coupon_id)
    ).first()


def in_scope(
    offer: Promotion | CouponTemplate, service_id: int, category_id: int, merchant_id: int | None
) -> bool:
    """Is an item covered by an offer's scope? A shop's own offer covers only its items."""
    if offer.merchant_id is not None and merchant_id != offer.merchant_id:
        return False
    if offer.scope == "all":
        return True
    key = {"categories": category_id, "services": service_id, "shops": merchant_id}.get(offer.scope)
    listed = key is not None and key in set(offer.scope_ids or [])
    return listed != offer.scope_exclude


def in_audience(promotion: Promotion, who: Customer) -> bool:
    """Does the promotion reach this customer? New and returning are told by paid orders."""
    if promotion.kind == "newcomer_price" and (who.user_id is None or who.has_paid):
        return False
    if promotion.kind == "returning" and not who.has_paid:
        return False
    audience = promotion.audience
    if audience == "all":
        return True
    if who.user_id is None:
        return False
    if audience == "new":
        return not who.has_paid
    if audience == "returning":
        return who.has_paid
    if audience == "level":
        return who.level_rank >= (promotion.audience_ref or 0)
    if audience == "campaign":
        return promotion.audience_ref in who.campaigns
    return False
