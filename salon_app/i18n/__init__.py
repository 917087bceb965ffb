"""Message catalogues: zh_CN is the source, zh_TW is converted from it with OpenCC, en by hand.

The locale is one setting (SALON_LOCALE), fixed when the app is built.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from salon_app.core.amounts import display_yuan
from salon_app.core.settings import get_settings
from salon_app.i18n import en, zh_CN

LOCALES = ("zh_CN", "zh_TW", "en")


@lru_cache(maxsize=len(LOCALES))
def catalogue(locale: str) -> dict[str, str]:
    if locale == "zh_TW":
        import opencc

        converter = opencc.OpenCC("s2twp")
        return {k: converter.convert(v) for k, v in zh_CN.MESSAGES.items()}
    if locale == "en":
        return {**zh_CN.MESSAGES, **en.MESSAGES}
    return zh_CN.MESSAGES


def t(key: str, locale: str | None = None, **params: Any) -> str:
    """The text for `key`; an unknown key shows itself, so it is noticed and never crashes."""
    text = catalogue(locale or get_settings().locale).get(key, key)
    return text.format(**params) if params else text


def fen_to_yuan(fen: int) -> str:
    """1999 -> '19.99', 2000 -> '20', -1999 -> '-19.99' (a refund's line in an income list)."""
    return display_yuan(fen)
