"""Orders with discounts, as the pricing engine (at booking) and the membership side (on
payment) leave them: discount lines per item, the coupon used by the order, the points spent
("deduct:<order>"), and the points and growth its payment earned ("earn:<order>",
"pay:<order>"). The table contract is in the models' docstrings; these helpers write the rows
the way services/pricing/apply.py and membership's earning do, so the give-back and income
tests do not wait for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Coupon, CouponTemplate, DiscountLine, Order, OrderItem
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
    order.list_fen = order.total_fen
    order.total_fen -= coupon_fen + points
    session.add(order)
    session.commit()
    return Discounted(order, coupon, points)


def pay(session: Session, gateways: dict, customer: Actor, order: Order) -> Order:
    """The customer pays with WeChat Pay; its notification is applied."""
    start = payments.start_payment(session, customer, order.id, "wechat")
    assert notify_(session, gateways["wechat"].pay(start.out_trade_no)).outcome == "applied"
    return session.get(Order, order.id, populate_existing=True)


def earn(session: Session, order: Order, points: int, growth: int) -> None:
    """What the payment earned (membership's earning on payment): a batch frozen for a week
    and growth."""
    now = utcnow()
    membership.credit(
        session, order.customer_id, "earn", points, f"earn:{order.id}", now,
        available_at=now + 7 * DAY, expires_at=now + 365 * DAY, order_id=order.id,
    )  # fmt: skip
    membership.add_growth(
        session, order.customer_id, "payment", growth, f"pay:{order.id}", now, order_id=order.id
    )
    session.commit()
