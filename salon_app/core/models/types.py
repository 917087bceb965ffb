"""Column types: aware-UTC datetimes and transparently encrypted text, floats and dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

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


class EncryptedValue(TypeDecorator):
    """A typed personal value (a coordinate, a date), sealed (crypto.seal) in a text column:
    the database holds no readable value; SQL can test it for NULL only."""

    impl = Text
    cache_ok = True

    def encode(self, value: Any) -> str:
        raise NotImplementedError

    def decode(self, text: str) -> Any:
        raise NotImplementedError

    def process_bind_param(self, value: Any, dialect):  # noqa: ANN001, ANN201
        return None if value is None else crypto.seal(self.encode(value))

    def process_result_value(self, value: str | None, dialect):  # noqa: ANN001, ANN201
        return None if value is None else self.decode(crypto.unseal(value))

    def reveal(self, token: str | None) -> Any:
        """The value of a token read undecoded (type_coerce(column, Text)): bulk reads
        select tokens and open only the rows they keep."""
        return self.process_result_value(token, None)


class EncryptedFloat(EncryptedValue):
    """A float (a latitude or longitude), encrypted; read back exactly (repr round-trips)."""

    cache_ok = True

    def encode(self, value: float) -> str:
        return repr(float(value))

    def decode(self, text: str) -> float:
        return float(text)


class EncryptedDate(EncryptedValue):
    """A date (a birth date), encrypted as its ISO form."""

    cache_ok = True

    def encode(self, value: date) -> str:
        return value.isoformat()

    def decode(self, text: str) -> date:
        return date.fromisoformat(text)
