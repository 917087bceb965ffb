"""How numbers and times are shown: yuan from fen, UTC shown in the shop's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from salon_app.core.settings import get_settings
from salon_app.i18n import fen_to_yuan, t


def money(fen: int) -> str:
    return t("common.yuan", amount=fen_to_yuan(fen))


def price_range(low_fen: int, high_fen: int) -> str:
    return t("common.price_range", low=fen_to_yuan(low_fen), high=fen_to_yuan(high_fen))


def local_date(moment: datetime, zone: str | None = None) -> str:
    return moment.astimezone(ZoneInfo(zone or get_settings().timezone)).strftime("%Y-%m-%d")


def local_datetime(moment: datetime, zone: str | None = None) -> str:
    return moment.astimezone(ZoneInfo(zone or get_settings().timezone)).strftime("%Y-%m-%d %H:%M")
