"""Settlement statements (结算单): one frozen row per payee and month."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class SettlementStatement(SQLModel, table=True):
    """A payee's figures for one local month, written once by the monthly job from the
    ledger and never changed (money moving later lands in a later month's statement)."""

    __tablename__ = "settlement_statement"
    __table_args__ = (UniqueConstraint("payee", "period", name="uq_settlement_statement_once"),)
    id: int | None = Field(default=None, primary_key=True)
    payee: str = Field(max_length=40)  # "shop:<merchant id>" | "technician:<technician id>"
    payee_name: str = Field(max_length=60)  # as it was when the statement was issued
    period: str = Field(max_length=7, index=True)  # "2026-11"
    orders: int
    gross_fen: int
    refunds_fen: int
    commission_fen: int
    incentives_fen: int
    payable_fen: int
    created_at: datetime = Field(sa_type=UTCDateTime)
