"""The booking pages' week of day chips: full days are marked and skipped when a page opens."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from salon_app.components.slot_week import WEEK_DAYS, day_to_show, slot_week
from salon_app.core.clock import local_today

SHENZHEN = ZoneInfo("Asia/Shanghai")


def _at(days_ahead: int, hour: int) -> datetime:
    day = local_today() + timedelta(days=days_ahead)
    return datetime.combine(day, time(hour), SHENZHEN).astimezone(ZoneInfo("UTC"))


def test_days_without_free_time_are_closed_and_slots_go_to_their_local_day():
    # 23:30 UTC is 07:30 the next morning in Shenzhen: it belongs to that day.
    starts = [_at(2, 10), _at(2, 14), _at(4, 7) + timedelta(minutes=30)]
    days, by_day = slot_week(starts)
    assert len(days) == WEEK_DAYS
    assert [d["open"] for d in days] == ["", "", "1", "", "1", "", ""]
    assert [s["label"] for s in by_day[days[2]["value"]]] == ["10:00", "14:00"]
    assert [s["label"] for s in by_day[days[4]["value"]]] == ["07:30"]
    assert day_to_show(days, "") == days[2]["value"]
    assert day_to_show(days, days[4]["value"]) == days[4]["value"]
    assert day_to_show(days, days[3]["value"]) == days[2]["value"]  # full: the first open one


def test_a_week_with_nothing_to_look_up_yet_keeps_every_day_open():
    days, by_day = slot_week(None)
    assert all(d["open"] for d in days) and not any(by_day.values())
    assert day_to_show(days, days[5]["value"]) == days[5]["value"]


def test_a_fully_booked_week_shows_its_first_day():
    days, _ = slot_week([])
    assert not any(d["open"] for d in days)
    assert day_to_show(days, days[3]["value"]) == days[0]["value"]
