"""Safety on home visits: SOS signals and share-my-visit links (services/safety)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from salon_app.core.models.types import EncryptedText, UTCDateTime


class SosSignal(SQLModel, table=True):
    """Someone on a visit (its technician or its customer) pressed SOS. The position, when the
    browser gave one, is personal data: stored encrypted as "lat,lng"."""

    __tablename__ = "sos_signal"
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    role: str = Field(max_length=12)  # technician | customer
    at: datetime = Field(sa_type=UTCDateTime)
    position: str | None = Field(default=None, sa_type=EncryptedText)
    alert_id: int | None = Field(default=None, foreign_key="alert.id")


class VisitShare(SQLModel, table=True):
    """A customer's share-my-visit link. The token is looked up by its keyed hash and kept
    encrypted so its owner can copy the link again; revoked links stay (revoked_at set)."""

    __tablename__ = "visit_share"
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    token: str = Field(sa_type=EncryptedText)
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
