"""How numbers and times are shown: yuan from fen, UTC shown in the shop's zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from salon_app.core.clock import local_today
from salon_app.core.settings import get_settings
from salon_app.i18n import fen_to_yuan, t

WEEKDAYS = "一二三四五六日"


def weekday_name(weekday: int) -> str:
    """Monday = 0 -> 周一."""
    return "周" + WEEKDAYS[weekday]


def _zone(zone: str | None) -> ZoneInfo:
    return ZoneInfo(zone or get_settings().timezone)


def money(fen: int) -> str:
    return t("common.yuan", amount=fen_to_yuan(fen))


def price_range(low_fen: int, high_fen: int) -> str:
    return t("common.price_range", low=fen_to_yuan(low_fen), high=fen_to_yuan(high_fen))


def local_date(moment: datetime, zone: str | None = None) -> str:
    return moment.astimezone(_zone(zone)).strftime("%Y-%m-%d")


def local_datetime(moment: datetime, zone: str | None = None) -> str:
    return moment.astimezone(_zone(zone)).strftime("%Y-%m-%d %H:%M")


def local_time(moment: datetime, zone: str | None = None) -> str:
    return moment.astimezone(_zone(zone)).strftime("%H:%M")


def day_label(day: date) -> str:
    """11-27 周五"""
    return f"{day:%m-%d} {weekday_name(day.weekday())}"


def day_choices(count: int = 7) -> list[dict[str, str]]:
    """The next `count` local days as {"value": ISO date, "label": "11-27 周五"}."""
    today = local_today()
    days = [today + timedelta(days=i) for i in range(count)]
    return [{"value": d.isoformat(), "label": day_label(d)} for d in days]


def distance_text(metres: int | None) -> str:
    """'距服务地址约 350 米' / '约 2.4 公里'; empty when there is no distance to show."""
    if metres is None:
        return ""
    if metres < 1000:
        return t("order.distance_m", m=metres)
    return t("order.distance_km", km=f"{metres / 1000:.1f}")
