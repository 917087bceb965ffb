"""Demo incentive rules of each shop, and last month's awards, so the technician's income page
and the shop's incentive list have something to show."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from salon_app.core.models import IncentiveRule, Merchant
from salon_app.core.services.incentives import award_incentives, last_finished_month


def seed_incentives(session: Session, shops: list[Merchant], now: datetime) -> None:
    """Two rules per shop (超单奖励, 好评奖励), awarded for the last finished month as the daily
    job does (each award commits with its ledger rows)."""
    for shop in shops:
        rules = [
            IncentiveRule(
                merchant_id=shop.id, kind="order_bonus", name="超单奖励", amount_fen=500,
                threshold_orders=3, cap_fen=20_000, created_at=now - timedelta(days=200),
            ),
            IncentiveRule(
                merchant_id=shop.id, kind="rating_bonus", name="好评奖励", amount_fen=5_000,
                min_rating_x100=430, min_reviews=2, created_at=now - timedelta(days=200),
            ),
        ]  # fmt: skip
        session.add_all(rules)
    session.flush()
    award_incentives(session, last_finished_month(now))
