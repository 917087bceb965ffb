"""Column types: aware-UTC datetimes and transparently encrypted text."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Text
from sqlalchemy.types import TypeDecorator

from salon_app.core import crypto


class UTCDateTime(TypeDecorator):
    """Stored as naive UTC (SQLite has no zones), always returned aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # noqa: ANN001, ANN201
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):  # noqa: ANN001, ANN201
        return None if value is None else value.replace(tzinfo=UTC)


class EncryptedText(TypeDecorator):
    """Personal data (phones, addresses): Fernet-encrypted in the database."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect):  # noqa: ANN001, ANN201
        return None if value is None else crypto.encrypt(value)

    def process_result_value(self, value: str | None, dialect):  # noqa: ANN001, ANN201
        return None if value is None else crypto.decrypt(value)
