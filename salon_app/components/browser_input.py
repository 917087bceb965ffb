"""Numbers the browser sends (route params, form fields, event arguments): anyone can send
anything, so only plain ASCII digits of a sane length become numbers ("²".isdigit() is True,
and an id of 30 digits overflows PostgreSQL's integer)."""

from __future__ import annotations

MAX_DIGITS = 9


def small_number(value: object) -> int | None:
    """A whole number of up to MAX_DIGITS digits, or None for anything else."""
    text = str(value if value is not None else "").strip()
    if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS:
        return int(text)
    return None


def row_id(value: object) -> int:
    """A row id; anything else becomes 0, which no row has."""
    return small_number(value) or 0
