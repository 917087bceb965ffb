"""The demo city's membership: four levels, a few gifts, every paid order's points and growth
(as the payment hook gives them, at the time it was paid), expired points written off, and a
short check-in streak for the demo customer ending yesterday (today is theirs to check in)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from salon_app.core.models import CheckIn, Gift, MemberLevel, Order, OrderStatus
from salon_app.core.services.membership import (
    CHECKIN_VALID_DAYS,
    checkin_rule,
    credit,
    expire_points,
    on_payment,
)
from salon_app.core.settings import get_settings

# (name, growth threshold, member price in basis points, points multiplier %)
LEVELS = (
    ("普通会员", 0, 10_000, 100),
    ("银卡会员", 500, 9_800, 120),
    ("金卡会员", 2_000, 9_500, 150),
    ("钻石会员", 6_000, 9_000, 200),
)
# (name, description, points, stock)
GIFTS = (
    ("护手霜小样", "30ml 滋润护手霜，随下次上门服务送达", 800, 50),
    ("定制发圈", "丝绒发圈两只装，颜色随机", 1_200, 30),
    ("美甲护理油", "指缘护理油 10ml", 2_000, 20),
    ("香薰蜡烛", "居家香薰蜡烛一只，保洁服务同款香型", 3_500, 5),
    ("洗护套装", "洗发水与护发素旅行装", 5_000, 0),
)
# Each gift's picture: a category's colours and a motif (demo/drawing.py, demo/pictures.py)
GIFT_PICTURES = {
    "护手霜小样": ("beauty", "droplets"),
    "定制发圈": ("hair", "curls"),
    "美甲护理油": ("nails", "polish"),
    "香薰蜡烛": ("housekeeping", "sparkles"),
    "洗护套装": ("hair", "hair-care"),
}
STREAK_DAYS = 5


def seed_membership(session: Session, now: datetime, customer_id: int) -> None:
    for rank, (name, threshold, discount, multiplier) in enumerate(LEVELS):
        session.add(
            MemberLevel(
                rank=rank,
                name=name,
                growth_threshold=threshold,
                discount_bp=discount,
                points_multiplier_pct=multiplier,
                updated_at=now - timedelta(days=400),
            )
        )
    for name, description, cost, stock in GIFTS:
        session.add(
            Gift(
                name=name,
                description=description,
                points_cost=cost,
                stock=stock,
                created_at=now - timedelta(days=90),
            )
        )
    session.flush()
    paid = session.exec(
        select(Order)
        .where(
            col(Order.paid_at).is_not(None),
            col(Order.status).not_in([OrderStatus.cancelled, OrderStatus.refunded]),
        )
        .order_by(Order.paid_at, Order.id)
    ).all()
    for order in paid:
        on_payment(session, order, order.paid_at)
    _streak(session, now, customer_id)
    session.flush()
    expire_points(session, now)


def _streak(session: Session, now: datetime, customer_id: int) -> None:
    """Check-ins on the STREAK_DAYS days before today, as check_in writes them."""
    rule = checkin_rule()
    today = now.astimezone(ZoneInfo(get_settings().timezone)).date()
    for back in range(STREAK_DAYS, 0, -1):
        day = today - timedelta(days=back)
        at = now - timedelta(days=back)
        points = rule.daily_points
        session.add(
            CheckIn(
                user_id=customer_id,
                day=day,
                streak=STREAK_DAYS - back + 1,
                points=points,
                created_at=at,
            )
        )
        credit(
            session,
            customer_id,
            "checkin",
            points,
            f"checkin:{customer_id}:{day.isoformat()}",
            at,
            expires_at=at + timedelta(days=CHECKIN_VALID_DAYS),
        )
