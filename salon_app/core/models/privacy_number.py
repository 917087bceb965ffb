"""Privacy numbers (AXB relay): the app's bindings of an order's customer and technician to a
relay number, and the local sandbox provider's own record of the bindings it holds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import EncryptedText, UTCDateTime


class PrivacyBinding(SQLModel, table=True):
    """One AXB binding made for an order: its customer (A) and technician (B) reach each other
    through `relay_number` (X) until `expires_at`, or until the release job unbinds it."""

    __tablename__ = "privacy_binding"
    __table_args__ = (Index("ix_privacy_binding_order_technician", "order_id", "technician_id"),)
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id")
    technician_id: int = Field(foreign_key="technician.id")
    subs_id: str = Field(max_length=64)  # the provider's subscription id, needed to unbind
    relay_number: str = Field(max_length=20)
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    released_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)


class RelaySandboxBinding(SQLModel, table=True):
    """The local AXB sandbox's side (what the provider holds): A and B bound to X until
    `expires_at`; a call to X from A rings B and from B rings A. Production stores nothing."""

    __tablename__ = "relay_sandbox_binding"
    __table_args__ = (Index("ix_relay_sandbox_binding_relay", "relay_number", "expires_at"),)
    id: int | None = Field(default=None, primary_key=True)
    subs_id: str = Field(max_length=64, unique=True)
    pool_key: str = Field(max_length=40)
    relay_number: str = Field(max_length=20)
    phone_a: str = Field(sa_type=EncryptedText)
    phone_b: str = Field(sa_type=EncryptedText)
    phone_a_hash: str = Field(max_length=64)
    phone_b_hash: str = Field(max_length=64)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    unbound_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
