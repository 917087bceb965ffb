"""Proving a phone: verification codes, the per-phone lock of their rate limits, and the SMS
sandbox's outbox (what the local stand-in for the SMS provider has "delivered")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import EncryptedText, UTCDateTime


class VerificationCode(SQLModel, table=True):
    """A 6-digit code sent by SMS for one purpose (signup, reset_password). Only a keyed hash of
    the code is stored; the newest code of a phone and purpose is the one that counts."""

    __tablename__ = "verification_code"
    __table_args__ = (
        Index("ix_verification_code_phone_created", "phone_hash", "created_at"),
        Index("ix_verification_code_client_created", "client_hash", "created_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    phone_hash: str = Field(max_length=64)
    purpose: str = Field(max_length=16)
    code_hash: str = Field(max_length=64)
    salt: str = Field(max_length=32)
    client_hash: str | None = Field(default=None, max_length=64)  # who asked (address hash)
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    attempts: int = 0  # wrong (or any) entries so far; at the maximum the code is dead
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SmsThrottle(SQLModel, table=True):
    """One row per phone that was sent a code: locked while a new code is allowed or refused,
    so two requests at once cannot both pass the rate limits."""

    __tablename__ = "sms_throttle"
    phone_hash: str = Field(primary_key=True, max_length=64)


class SmsMessage(SQLModel, table=True):
    """A message the SMS sandbox accepted: the provider's side of the conversation, kept so
    developers and tests can read what a phone received. Production adapters store nothing."""

    __tablename__ = "sms_message"
    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(max_length=40, unique=True)
    phone: str = Field(sa_type=EncryptedText)
    phone_hash: str = Field(max_length=64, index=True)
    template: str = Field(max_length=40)
    params: dict = Field(default_factory=dict, sa_type=JSON)
    text: str = Field(max_length=500)
    sent_at: datetime = Field(sa_type=UTCDateTime, index=True)
