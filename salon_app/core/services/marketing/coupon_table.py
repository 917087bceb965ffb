"""The coupon dashboards' table: templates with their figures, searched, sorted and paged.

Figures per template: issued (stock taken), used (coupons an order holds now), and cost: the
coupon discount lines (DiscountLine source "coupon") of orders that still hold the coupon, so
a coupon given back by a refund costs nothing. The platform's desk lists every template (its
own and the shops'); a shop's desk lists only its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlmodel import Session, col

from salon_app.core.models import Coupon, CouponTemplate, DiscountLine, Merchant
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services.access import Actor
from salon_app.core.services.marketing.coupon_templates import coupon_desk

SORTS = ("name", "status", "issued", "used", "cost", "created")


@dataclass(frozen=True)
class TemplateRow:
    id: int
    name: str
    kind: str
    amount_fen: int
    threshold_fen: int
    discount_bp: int
    cap_fen: int
    funded_by: str
    shop_name: str
    status: str
    claimable: bool
    points_cost: int
    total_stock: int
    issued: int
    used: int
    cost_fen: int
    created_at: datetime


def template_table(session: Session, actor: Actor | None, query: TableQuery) -> Page[TemplateRow]:
    """The desk's templates with issued, used and cost; search by name or shop."""
    desk = coupon_desk(session, actor)
    used = (
        select(func.count(Coupon.id))
        .where(Coupon.template_id == CouponTemplate.id, col(Coupon.order_id).is_not(None))
        .correlate(CouponTemplate)
        .scalar_subquery()
    )
    cost = (
        select(func.coalesce(func.sum(DiscountLine.amount_fen), 0))
        .join(
            Coupon,
            and_(Coupon.id == DiscountLine.ref_id, Coupon.order_id == DiscountLine.order_id),
        )
        .where(DiscountLine.source == "coupon", Coupon.template_id == CouponTemplate.id)
        .correlate(CouponTemplate)
        .scalar_subquery()
    )
    statement = select(CouponTemplate, Merchant.name, used, cost).outerjoin(
        Merchant, Merchant.id == CouponTemplate.merchant_id
    )
    if desk.shop_id is not None:
        statement = statement.where(CouponTemplate.merchant_id == desk.shop_id)

    def row(r: tuple) -> TemplateRow:
        t: CouponTemplate = r[0]
        return TemplateRow(
            t.id, t.name, t.kind, t.amount_fen, t.threshold_fen, t.discount_bp, t.cap_fen,
            t.funded_by, r[1] or "", t.status, t.claimable, t.points_cost, t.total_stock,
            t.issued, int(r[2] or 0), int(r[3] or 0), t.created_at,
        )  # fmt: skip

    return paginate(
        session,
        statement,
        query,
        sort_columns={
            "name": col(CouponTemplate.name),
            "status": col(CouponTemplate.status),
            "issued": col(CouponTemplate.issued),
            "used": used,
            "cost": cost,
            "created": col(CouponTemplate.created_at),
        },
        tie_breaker=col(CouponTemplate.id),
        search_columns=[col(CouponTemplate.name), col(Merchant.name)],
        row=row,
    )
