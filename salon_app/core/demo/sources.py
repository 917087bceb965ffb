"""Where demo customers and bookings came from: a realistic mix, the same on every seed.

Picked from the row's number, not from the city's random generator, so adding sources left
every other demo choice as it was.
"""

from __future__ import annotations

# direct 35%, search 25%, shop page 15%, share links 10%, 小红书 10%, 抖音 5%
MIX = (
    ["direct"] * 7 + ["search"] * 5 + ["shop_page"] * 3 + ["share"] * 2 + ["ch:xhs"] * 2
    + ["ch:douyin"]
)  # fmt: skip


def pick_source(n: int) -> str:
    """The source of demo row number `n` (a multiplicative hash spreads neighbours apart)."""
    return MIX[(n * 2654435761 >> 8) % len(MIX)]
