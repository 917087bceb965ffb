"""Points and growth earned by paying for an order.

Rule: when a payment succeeds (services/payments calls `on_payment` in the same transaction),
the customer earns points = whole yuan paid × their level's points multiplier, as one batch
"earn:<order id>" usable only FREEZE_DAYS after the service ends (so a cancelled or refunded
order's points can be taken back before they are spent) and expiring VALID_DAYS after that;
and growth "pay:<order id>" of one per whole yuan. Both keys make a replayed notification add
nothing. Nothing is earned at booking. (A refund's take-back, services/pricing/giveback.py,
reads the "earn:<order id>" batch.)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from salon_app.core.models import Order, PointsEntry
from salon_app.core.services.membership.growth import add_growth, membership_of
from salon_app.core.services.membership.levels import level_of_rank
from salon_app.core.services.membership.points import credit

FREEZE_DAYS = 7  # earned points wait this long after the service ends
VALID_DAYS = 365  # and are usable this long after that
GROWTH_PER_YUAN = 1


def earned_points(paid_fen: int, multiplier_pct: int) -> int:
    """Whole yuan paid × the level's multiplier, rounded down."""
    return max(0, paid_fen) // 100 * multiplier_pct // 100


def earn_key(order_id: int) -> str:
    return f"earn:{order_id}"


def on_payment(session: Session, order: Order, at: datetime) -> PointsEntry | None:
    """The order's payment succeeded: its points batch (frozen until FREEZE_DAYS after the
    service ends) and its growth, exactly once per order. Not committed."""
    member = membership_of(session, order.customer_id, at)
    level = level_of_rank(session, member.level_rank)
    points = earned_points(order.total_fen, level.points_multiplier_pct if level else 100)
    batch = None
    if points > 0:
        usable_from = max(order.ends_at, at) + timedelta(days=FREEZE_DAYS)
        batch = credit(
            session,
            order.customer_id,
            "earn",
            points,
            earn_key(order.id),
            at,
            available_at=usable_from,
            expires_at=usable_from + timedelta(days=VALID_DAYS),
            order_id=order.id,
            note=order.code,
        )
    growth = order.total_fen // 100 * GROWTH_PER_YUAN
    if growth > 0:
        add_growth(
            session, order.customer_id, "payment", growth, f"pay:{order.id}", at, order_id=order.id
        )
    return batch
