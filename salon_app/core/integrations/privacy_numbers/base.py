"""The privacy-number (AXB relay) interface: bind A and B to a relay number X until a time,
unbind. While bound, a call to X from A rings B and from B rings A; neither sees the other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class RelayError(Exception):
    """The relay could not bind or unbind (network, provider); nothing a user typed caused it."""


class RelayNotConfigured(RelayError):
    """The production adapter lacks its account settings."""


class NoFreeNumber(RelayError):
    """Every relay number of the pool is already bound to A or to B (isv.NO_AVAILABLE_NUMBER)."""


@dataclass(frozen=True)
class RelayBinding:
    subs_id: str  # the provider's subscription id (needed to unbind)
    relay_number: str  # X, national form (11 digits)


class RelayNumbers(Protocol):
    def bind(self, phone_a: str, phone_b: str, expires_at: datetime, out_id: str) -> RelayBinding:
        """Bind A and B (E.164) to a free X until `expires_at` (UTC); NoFreeNumber when none is."""
        ...

    def unbind(self, subs_id: str, relay_number: str) -> None:
        """Release a binding; releasing one already gone is not an error."""
        ...


def national(e164: str) -> str:
    """The 11-digit national form the provider takes (+8613800138000 -> 13800138000)."""
    return e164.removeprefix("+86")
