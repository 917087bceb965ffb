"""Who is acting: derived from a login session on every request, never from the browser."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int
    role: str
    display_name: str
    merchant_id: int | None = None  # shop of a merchant-staff user
    technician_id: int | None = None  # profile of a technician user
