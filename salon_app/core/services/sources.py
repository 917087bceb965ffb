"""Where a customer or a booking came from (用户来源), normalised to one short code.

Rule: a source is one of SOURCES, or "ch:<code>" for a channel parameter (`?ch=xhs`) whose code
is 1-CHANNEL_MAX letters, digits, "_" or "-" (lower-cased). Anything else, or nothing, is
"direct": a tracking parameter never stops a sign-up or a booking, and free text never reaches
the statistics.
"""

from __future__ import annotations

import re

DIRECT = "direct"
SOURCES = (DIRECT, "search", "shop_page", "share")  # the page keys stats.source.<code>
CHANNEL_PREFIX = "ch:"
CHANNEL_MAX = 16
_CHANNEL = re.compile(rf"[a-z0-9_-]{{1,{CHANNEL_MAX}}}")


def normalize_source(raw: str | None) -> str:
    """The stored code for `raw`: a known source, "ch:<code>" for a channel, else "direct".

    Accepts a channel as "ch:xhs", "ch=xhs" or a bare known word; see the module rule."""
    value = (raw or "").strip().lower()
    if value in SOURCES:
        return value
    for prefix in (CHANNEL_PREFIX, "ch="):
        if value.startswith(prefix):
            code = value.removeprefix(prefix)
            return CHANNEL_PREFIX + code if _CHANNEL.fullmatch(code) else DIRECT
    return DIRECT


def channel_source(ch: str | None) -> str:
    """The source for a page opened with `?ch=<ch>` (direct when there is no usable code)."""
    return normalize_source(CHANNEL_PREFIX + ch) if ch else DIRECT
