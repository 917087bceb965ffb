"""Money at the edges: integer fen (分) inside, yuan text only where a person or a gateway reads it.

The one place that turns yuan text into fen and back:
- `typed_fen`: what a person typed ('88', ' 88.5 ', '¥0.01') becomes fen, or the caller's
  DomainError key. Only a finite, whole number of fen between the bounds is accepted
  ('-5', '1.005', 'NaN', 'inf', '1e400000' are refused); empty text is refused unless the
  caller says what it means.
- `fen_from_yuan` / `yuan_text`: the exact two-decimal text gateways send and want ('12.30').
- `display_yuan`: what a page shows (1999 -> '19.99', 2000 -> '20', -1999 -> '-19.99').
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from salon_app.core.errors import DomainError

TYPED_MAX_FEN = 10**10  # far above any real amount: only here to keep a typed number small


def fen_from_yuan(yuan_text: str) -> int:
    """'19.99' -> 1999; ValueError for anything that is not a finite, whole number of fen."""
    try:
        value = Decimal(yuan_text) * 100
    except (InvalidOperation, TypeError) as exc:
        raise ValueError(f"not an amount: {yuan_text!r}") from exc
    if not value.is_finite() or value != value.to_integral_value():
        raise ValueError(f"not an amount: {yuan_text!r}")
    return int(value)


def typed_fen(
    text: object,
    error_key: str,
    *,
    minimum_fen: int = 0,
    maximum_fen: int = TYPED_MAX_FEN,
    empty: int | None = None,
) -> int:
    """Yuan as a person typed it -> fen; anything else or out of bounds is DomainError(key)."""
    raw = str(text or "").strip().removeprefix("¥")
    if not raw and empty is not None:
        return empty
    try:
        fen = fen_from_yuan(raw)
    except ValueError as exc:
        raise DomainError(error_key) from exc
    if not minimum_fen <= fen <= maximum_fen:
        raise DomainError(error_key)
    return fen


def yuan_text(fen: int) -> str:
    """Gateways that speak yuan want exactly two decimals: 1999 -> '19.99', 2000 -> '20.00'."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


def display_yuan(fen: int) -> str:
    """1999 -> '19.99', 2000 -> '20', -1999 -> '-19.99' (a refund's line in an income list)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}" if cents == 0 else f"{sign}{whole}.{cents:02d}"
