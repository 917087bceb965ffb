"""Payments, refunds and the ledger from which every balance is derived (all in fen)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class Payment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("provider", "provider_txn_id"),)
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    provider: str = Field(max_length=16)  # wechat | alipay | card
    out_trade_no: str = Field(max_length=64, unique=True)
    provider_txn_id: str | None = Field(default=None, max_length=64)
    amount_fen: int
    currency: str = Field(default="CNY", max_length=3)
    status: str = Field(max_length=16)  # created | succeeded | failed | closed
    created_at: datetime = Field(sa_type=UTCDateTime)
    paid_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Refund(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    payment_id: int = Field(foreign_key="payment.id", index=True)
    idempotency_key: str = Field(max_length=64, unique=True)  # order code + sequence
    amount_fen: int
    reason: str = Field(default="", max_length=200)
    # requested (not yet accepted by the provider) | processing | succeeded | failed
    status: str = Field(max_length=16)
    provider_refund_id: str | None = Field(default=None, max_length=64)
    requested_by: int | None = Field(default=None, foreign_key="user.id")  # None: the system
    created_at: datetime = Field(sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LedgerEntry(SQLModel, table=True):
    """A signed movement of money on an account; balances are sums of these rows."""

    __tablename__ = "ledger_entry"
    # Statistics read the shop's completion rows by order (covering: no table lookups) and
    # the (few) income reversals of refunds by date.
    __table_args__ = (
        Index("ix_ledger_entry_order_kind", "order_id", "kind", "amount_fen"),
        Index(
            "ix_ledger_entry_settlement_back",
            "created_at",
            sqlite_where=text("kind = 'settlement' AND amount_fen > 0"),
            postgresql_where=text("kind = 'settlement' AND amount_fen > 0"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    account: str = Field(
        max_length=40, index=True
    )  # customer:1, technician:3, merchant:2, platform
    order_id: int | None = Field(default=None, foreign_key="orders.id", index=True)
    kind: str = Field(max_length=20)  # payment, refund, commission, technician_share, incentive
    amount_fen: int
    created_at: datetime = Field(sa_type=UTCDateTime)
    details: dict = Field(default_factory=dict, sa_type=JSON)


class PaymentNotification(SQLModel, table=True):
    """Every notification a gateway sent us, with what we did about it (and why not)."""

    __tablename__ = "payment_notification"
    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=16)
    received_at: datetime = Field(sa_type=UTCDateTime, index=True)
    event_id: str = Field(default="", max_length=64)  # the provider's notification id
    kind: str = Field(default="", max_length=20)  # payment_succeeded, refund_succeeded, ...
    out_trade_no: str | None = Field(default=None, max_length=64, index=True)
    out_refund_no: str | None = Field(default=None, max_length=64)
    order_id: int | None = Field(default=None, foreign_key="orders.id", index=True)
    # applied | duplicate | flagged (paid but cancelled: refund created) | ignored | rejected
    outcome: str = Field(max_length=16)
    reason: str = Field(default="", max_length=200)
