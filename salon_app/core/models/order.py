"""Orders, their lines and the event log of every status change."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Index, column, func
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import EncryptedFloat, EncryptedText, UTCDateTime


class OrderStatus(StrEnum):
    pending_payment = "pending_payment"
    pending_service = "pending_service"
    in_service = "in_service"
    completed = "completed"
    reviewed = "reviewed"
    cancelled = "cancelled"
    refunded = "refunded"


class Order(SQLModel, table=True):
    __tablename__ = "orders"  # "order" is an SQL keyword
    __table_args__ = (
        Index("ix_orders_technician_block", "technician_id", "block_start"),
        # A shop's statistics read its orders by service date and by payment date.
        Index("ix_orders_merchant_starts", "merchant_id", "starts_at"),
        Index("ix_orders_merchant_paid", "merchant_id", "paid_at"),
        # PostgreSQL enforces no double booking itself (migration 0002 creates the same).
        ExcludeConstraint(
            ("technician_id", "="),
            (func.tsrange(column("block_start"), column("block_end"), "[)"), "&&"),
            where=column("holds_slot"),
            using="gist",
            name="orders_technician_no_overlap",
        ).ddl_if(dialect="postgresql"),
    )
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=24, unique=True)
    customer_id: int = Field(foreign_key="user.id", index=True)
    technician_id: int | None = Field(default=None, foreign_key="technician.id", index=True)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    status: str = Field(max_length=20, index=True)
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    # The time the technician is blocked: the service plus the buffer after it. Blocks of
    # orders that hold a slot never overlap for one technician (a database constraint).
    block_start: datetime = Field(sa_type=UTCDateTime)
    block_end: datetime = Field(sa_type=UTCDateTime)
    holds_slot: bool = True
    service_step: str = Field(default="", max_length=16)  # departed, arrived, started, finished
    # Dispatch: "" (not yet), offering, accepted, manual (nobody fits: an admin must assign)
    dispatch_state: str = Field(default="", max_length=12, index=True)
    any_technician: bool = False  # the customer asked for any nearby technician
    at_home: bool = False
    # Personal: encrypted (the place is where the customer lives, for at-home jobs).
    address: str | None = Field(default=None, sa_type=EncryptedText)
    lat: float | None = Field(default=None, sa_type=EncryptedFloat)
    lng: float | None = Field(default=None, sa_type=EncryptedFloat)
    special_needs: str = Field(default="", sa_type=EncryptedText)  # at most 500 (booking)
    # The items at the technician's prices, and what the customer pays: the list price less
    # the order's discount lines (services/pricing). Never below zero.
    list_fen: int = 0
    total_fen: int
    hold_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    paid_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Where the booking came from: direct, search, shop_page, share or ch:<channel>
    source: str = Field(default="direct", max_length=24)

    @property
    def duration_min(self) -> int:
        """How long the service itself lasts (all its items back to back), in minutes."""
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class OrderItem(SQLModel, table=True):
    __tablename__ = "order_item"
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    price_fen: int
    duration_min: int
    quantity: int = 1


class DiscountLine(SQLModel, table=True):
    """One discount on one item of an order: where it came from, how much, who pays for it.

    A discount of the whole order is spread over its items (services/pricing), so an item's
    price to pay is its price less its lines, and a partial refund can prorate by them."""

    __tablename__ = "discount_line"
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    order_item_id: int = Field(foreign_key="order_item.id", index=True)
    source: str = Field(max_length=10)  # member, promotion, coupon, points
    ref_id: int | None = None  # the level's rank, promotion, coupon or points entry
    label: str = Field(default="", max_length=40)  # shown on the order (the offer's name)
    amount_fen: int  # > 0: what it takes off
    funded_by: str = Field(default="platform", max_length=10)  # platform | merchant
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id")


class OrderEvent(SQLModel, table=True):
    """One row per transition, with who did it and when (and where, for progress steps)."""

    __tablename__ = "order_event"
    # The alert rules read recent events of one kind (rejections, starts) every minute.
    __table_args__ = (Index("ix_order_event_kind_at", "kind", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    kind: str = Field(max_length=30)  # created, paid, accepted, departed, arrived, ...
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str | None = Field(default=None, max_length=20)
    actor_user_id: int | None = Field(default=None, foreign_key="user.id")
    at: datetime = Field(sa_type=UTCDateTime)
    lat: float | None = Field(default=None, sa_type=EncryptedFloat)  # where the step was pressed
    lng: float | None = Field(default=None, sa_type=EncryptedFloat)
    details: dict = Field(default_factory=dict, sa_type=JSON)
