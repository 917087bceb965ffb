"""Orders with discounts, as the pricing engine leaves them at booking: discount lines per
item, the coupon used by the order, the points spent ("deduct:<order>"). The table contract is
in the models' docstrings; `discount` writes the rows the way services/pricing/apply.py does,
with a coupon of the test's own. The points and growth a payment earns ("earn:<order>",
"pay:<order>") are membership's (its payment hook), read back by `earned`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.models import (
    Coupon,
    CouponTemplate,
    DiscountLine,
    GrowthEntry,
    Order,
    OrderItem,
    PointsEntry,
)
from salon_app.core.services import membership, payments
from salon_app.core.services.access import Actor
from tests.unit.test_payments import notify_

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Discounted:
    order: Order
    coupon: Coupon | None
    points_spent: int


def give_points(session: Session, user_id: int, amount: int, key: str, days: int) -> None:
    """A usable batch (e.g. check-in points) expiring in `days` days."""
    now = utcnow()
    membership.credit(session, user_id, "checkin", amount, key, now, expires_at=now + days * DAY)
    session.commit()


def discount(
    session: Session,
    order: Order,
    *,
    coupon_fen: int = 0,
    points: int = 0,
    funded_by: str = "platform",
    coupon_days: int = 30,
) -> Discounted:
    """Apply a coupon of `coupon_fen` (funded by `funded_by`) and spend `points` (platform
    funded) on the unpaid order, as booking does; the order's total is lowered by both."""
    now = utcnow()
    item = session.exec(
        select(OrderItem).where(OrderItem.order_id == order.id).order_by(col(OrderItem.id))
    ).first()
    shop = order.merchant_id if funded_by == "merchant" else None
    coupon = None
    if coupon_fen:
        template = CouponTemplate(
            name="无门槛券",
            kind="no_threshold",
            amount_fen=coupon_fen,
            total_stock=10,
            issued=1,
            funded_by=funded_by,
            merchant_id=shop,
            created_at=now,
        )
        session.add(template)
        session.flush()
        coupon = Coupon(
            template_id=template.id,
            user_id=order.customer_id,
            claimed_at=now - DAY,
            valid_from=now - DAY,
            valid_until=now + coupon_days * DAY,
            order_id=order.id,
            used_at=now,
        )
        session.add(coupon)
        session.flush()
        session.add(
            DiscountLine(
                order_id=order.id,
                order_item_id=item.id,
                source="coupon",
                ref_id=coupon.id,
                label=template.name,
                amount_fen=coupon_fen,
                funded_by=funded_by,
                merchant_id=shop,
            )
        )
    if points:
        spent = membership.debit(
            session, order.customer_id, "deduct", points, f"deduct:{order.id}", now,
            order_id=order.id,
        )  # fmt: skip
        session.add(
            DiscountLine(
                order_id=order.id,
                order_item_id=item.id,
                source="points",
                ref_id=spent.id,
                label="积分抵扣",
                amount_fen=points,
                funded_by="platform",
            )
        )
    order.total_fen -= coupon_fen + points  # list_fen stays the technicians' prices
    session.add(order)
    session.commit()
    return Discounted(order, coupon, points)


def pay(session: Session, gateways: dict, customer: Actor, order: Order) -> Order:
    """The customer pays with WeChat Pay; its notification is applied."""
    start = payments.start_payment(session, customer, order.id, "wechat")
    assert notify_(session, gateways["wechat"].pay(start.out_trade_no)).outcome == "applied"
    return session.get(Order, order.id, populate_existing=True)


def earned(session: Session, order: Order) -> tuple[int, int]:
    """(points, growth) the order's payment earned: its "earn:<order>" batch, frozen for a
    week after the service, and its "pay:<order>" growth."""
    points = session.exec(select(PointsEntry.amount).where(PointsEntry.key == f"earn:{order.id}"))
    growth = session.exec(select(GrowthEntry.amount).where(GrowthEntry.key == f"pay:{order.id}"))
    return points.one(), growth.one()
