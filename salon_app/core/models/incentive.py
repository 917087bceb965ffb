"""Incentives (激励): bonus rules a shop sets for its technicians, and what they awarded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class IncentiveRule(SQLModel, table=True):
    """order_bonus: amount_fen per order beyond threshold_orders in a month;
    rating_bonus: amount_fen once when the month's average rating >= min_rating_x100 over at
    least min_reviews reviews. Either way at most cap_fen per technician and month."""

    __tablename__ = "incentive_rule"
    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    kind: str = Field(max_length=16)  # order_bonus | rating_bonus
    name: str = Field(max_length=40)
    amount_fen: int
    threshold_orders: int | None = None
    min_rating_x100: int | None = None  # 480 = 4.8
    min_reviews: int | None = None
    cap_fen: int | None = None
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class IncentiveAward(SQLModel, table=True):
    """One award per rule, technician and period, whoever runs the job and however often."""

    __tablename__ = "incentive_award"
    __table_args__ = (
        UniqueConstraint("rule_id", "technician_id", "period", name="uq_incentive_award_once"),
    )
    id: int | None = Field(default=None, primary_key=True)
    rule_id: int = Field(foreign_key="incentive_rule.id", index=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    period: str = Field(max_length=7)  # "2026-11"
    amount_fen: int
    basis: int  # orders counted, or the average rating x100, that earned it
    created_at: datetime = Field(sa_type=UTCDateTime)
