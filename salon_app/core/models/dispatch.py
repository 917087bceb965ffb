"""Dispatch: which technicians an order was offered to, why (score components), and answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import EncryptedText, UTCDateTime


class DispatchOffer(SQLModel, table=True):
    """One candidate for one order: ranked, maybe offered, then accepted/rejected/expired."""

    __tablename__ = "dispatch_offer"
    __table_args__ = (UniqueConstraint("order_id", "technician_id"),)
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    rank: int
    score: float
    components: dict = Field(default_factory=dict, sa_type=JSON)  # distance_km, rating, ...
    # candidate | offered | accepted | rejected | expired | withdrawn
    status: str = Field(default="candidate", max_length=12, index=True)
    offered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reason: str = Field(default="", max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class OrderMessage(SQLModel, table=True):
    """The thread between customer and technician about one order."""

    __tablename__ = "order_message"
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    sender_user_id: int = Field(foreign_key="user.id")
    body: str = Field(sa_type=EncryptedText)  # personal: encrypted; at most 500 (messages)
    created_at: datetime = Field(sa_type=UTCDateTime)
