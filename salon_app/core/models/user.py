"""Accounts, their roles and server-side login sessions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from salon_app.core.models.types import EncryptedText, UTCDateTime


class Role(StrEnum):
    customer = "customer"
    technician = "technician"
    merchant = "merchant"
    admin = "admin"


class AdminRole(StrEnum):
    """A platform operator's staff sub-role (services/admin_roles.py holds their rights)."""

    super_admin = "super_admin"
    operations = "operations"
    support = "support"
    finance = "finance"


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    phone: str = Field(sa_type=EncryptedText)
    phone_hash: str = Field(max_length=64, unique=True)
    password_hash: str = Field(max_length=255)
    display_name: str = Field(max_length=40, index=True)
    role: str = Field(max_length=16, index=True)
    is_active: bool = True
    admin_role: str | None = Field(default=None, max_length=16)  # AdminRole, for role admin
    failed_logins: int = 0
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Where the sign-up came from: direct, search, shop_page, share or ch:<channel>
    source: str = Field(default="direct", max_length=24)
    # Set when an operator resets the password to a temporary one (services/users/accounts.py);
    # the user's own password change clears it.
    must_change_password: bool = False


class AuthSession(SQLModel, table=True):
    """A login. The browser holds the token; only its hash is stored."""

    __tablename__ = "auth_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
