"""The one parser for numbers the browser sends (route params, form fields, event arguments).

Anyone can send anything, so a number is accepted only as plain ASCII text of a sane length,
finite and within the caller's bounds: `inf`, `NaN`, `1e20`, `-0`, '', '²' (isdigit() is True)
and an id of 30 digits (it overflows PostgreSQL's integer) are refused before any float, int or
Decimal is made of them. Refusals are the caller's DomainError (a clear, localised message);
nothing reaches a service.

- `small_number` / `row_id`: ids and small counts, None / 0 for anything else (0 is no row);
- `whole`: a whole number between bounds, or the caller's error;
- `scaled`: a decimal as typed ('4.8', '12.5') times a power of ten ('4.8' x 100 -> 480), whole
  after scaling and between bounds (ratings, percentages, basis points, kilometres);
- `radius_km`: kilometres with one decimal at most (service areas);
- `fen`: yuan as typed -> fen (core/amounts.typed_fen, the money rule, with its bounds).
"""

from __future__ import annotations

import re
from decimal import Decimal

from salon_app.core.amounts import typed_fen
from salon_app.core.errors import DomainError

MAX_DIGITS = 9
_MAX_LENGTH = 24  # longer text is no number a person types
_WHOLE = re.compile(r"-?[0-9]{1,9}")
_DECIMAL = re.compile(r"-?[0-9]{1,9}(\.[0-9]{1,6})?")
_YUAN = re.compile(r"-?[0-9]{1,9}(\.[0-9]{1,2})?")


def _text(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    text = str(value).strip()
    return text if len(text) <= _MAX_LENGTH and text.isascii() else ""


def small_number(value: object) -> int | None:
    """A whole number of up to MAX_DIGITS digits (no sign), or None for anything else."""
    text = _text(value)
    if text.isdigit() and len(text) <= MAX_DIGITS:
        return int(text)
    return None


def row_id(value: object) -> int:
    """A row id; anything else becomes 0, which no row has."""
    return small_number(value) or 0


def _refuse_negative_zero(text: str) -> bool:
    return text.startswith("-") and not text.strip("-0.")


def whole(
    value: object,
    *,
    minimum: int,
    maximum: int,
    error: str,
    empty: int | None = None,
    **params: object,
) -> int:
    """A whole number minimum..maximum as typed ('' is `empty` when given), else
    DomainError(error, **params)."""
    text = _text(value)
    if not text and empty is not None and (value is None or not str(value).strip()):
        return empty
    if not _WHOLE.fullmatch(text) or _refuse_negative_zero(text):
        raise DomainError(error, **params)
    number = int(text)
    if not minimum <= number <= maximum:
        raise DomainError(error, **params)
    return number


def optional_whole(
    value: object, *, minimum: int, maximum: int, error: str, **params: object
) -> int | None:
    """Like `whole`, but blank text is None (a field left empty)."""
    if value is None or not str(value).strip():
        return None
    return whole(value, minimum=minimum, maximum=maximum, error=error, **params)


def scaled(
    value: object,
    *,
    factor: int,
    minimum: int,
    maximum: int,
    error: str,
    empty: int | None = None,
    **params: object,
) -> int:
    """A decimal as typed times `factor` (a power of ten), whole and minimum..maximum after scaling:
    scaled('4.8', factor=100, ...) -> 480. Blank is `empty` when given; else DomainError."""
    text = _text(value).removesuffix("%").strip()
    if not text and empty is not None and (value is None or not str(value).strip("% \t")):
        return empty
    if not _DECIMAL.fullmatch(text) or _refuse_negative_zero(text):
        raise DomainError(error, **params)
    number = Decimal(text) * factor
    if number != number.to_integral_value() or not minimum <= number <= maximum:
        raise DomainError(error, **params)
    return int(number)


def radius_km(value: object, *, minimum: int, maximum: int, error: str) -> float:
    """Kilometres as typed ('5', '7.5': one decimal at most), minimum..maximum, else
    DomainError(error, low=minimum, high=maximum)."""
    tenths = scaled(
        value,
        factor=10,
        minimum=minimum * 10,
        maximum=maximum * 10,
        error=error,
        low=minimum,
        high=maximum,
    )
    return tenths / 10


def fen(
    value: object, *, error: str, minimum: int = 0, maximum: int, empty: int | None = None
) -> int:
    """Yuan as typed ('88', '88.5', '¥0.01') -> fen, minimum..maximum, else DomainError."""
    raw = "" if value is None else str(value).strip().removeprefix("¥")
    text = _text(raw)
    if not text and not raw.strip():
        return typed_fen("", error, minimum_fen=minimum, maximum_fen=maximum, empty=empty)
    if not _YUAN.fullmatch(text) or _refuse_negative_zero(text):
        raise DomainError(error)
    return typed_fen(text, error, minimum_fen=minimum, maximum_fen=maximum)
