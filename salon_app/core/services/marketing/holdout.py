"""The holdout: which members of a campaign get nothing, so the offer can be measured.

Rule: a user's side is a pure function of (campaign id, user id): the first 8 bytes of
SHA-256 of "campaign:user" as a number, mod 10 000, below the holdout share in basis points.
So a user lands on the same side however often or wherever it is computed (no random(), no
stored seed), different campaigns split people independently, and about holdout_bp/10 000 of
any large audience is held out.
"""

from __future__ import annotations

import hashlib

BASIS = 10_000


def held_out(campaign_id: int, user_id: int, holdout_bp: int) -> bool:
    """Whether the user is in the campaign's holdout (gets nothing, is only measured)."""
    digest = hashlib.sha256(f"{campaign_id}:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % BASIS < holdout_bp
