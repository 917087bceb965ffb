"""我的, 会员中心 and 积分与兑换: each handler makes one membership service call and shows it."""

from __future__ import annotations

import calendar
import secrets
from datetime import date

import reflex as rx

from salon_app.auth.session_state import SessionState
from salon_app.components.browser_input import row_id, small_number
from salon_app.components.format import local_datetime
from salon_app.core.services import membership
from salon_app.i18n import t

BATCHES_SHOWN = 8  # expiry days on 会员中心; the points page has every entry


def _level_name(card: membership.MemberCard) -> str:
    return card.level.name if card.level else ""


def _price_text(discount_bp: int) -> str:
    if discount_bp >= 10_000:
        return t("member.benefit_price_none")
    return t("member.benefit_price", pct=f"{discount_bp / 100:g}")


def _calendar(month: membership.CheckInMonth) -> list[dict[str, str]]:
    """The month's cells, Monday first: blanks before the 1st, then each day's state."""
    today, done = month.today, set(month.days)
    first = today.replace(day=1)
    cells = [{"day": "", "state": "blank"} for _ in range(first.weekday())]
    for n in range(1, calendar.monthrange(today.year, today.month)[1] + 1):
        day = date(today.year, today.month, n)
        state = "done" if day in done else "today" if day == today else "future"
        state = "missed" if state == "future" and day < today else state
        cells.append({"day": str(n), "state": state, "iso": day.isoformat()})
    return cells


class MeState(SessionState):
    level_name: str = ""
    points: str = "0"
    growth: str = "0"

    @rx.event
    def load(self) -> list | None:
        card, events = self._guarded(membership.member_card)
        if card is not None:
            self.level_name = _level_name(card)
            self.points, self.growth = str(card.points.available), str(card.growth)
        return events


class MemberState(SessionState):
    level_name: str = ""
    level_rank: int = 0
    growth_text: str = ""
    next_text: str = ""
    progress: int = 0
    review_text: str = ""
    available: str = "0"
    pending: str = "0"
    debt: str = ""
    levels: list[dict[str, str]] = []
    batches: list[dict[str, str]] = []
    cells: list[dict[str, str]] = []
    weekdays: list[str] = t("member.weekdays").split(",")
    month_title: str = ""
    checked_today: bool = False
    streak_text: str = ""
    rule_text: str = ""

    @rx.event
    def load(self) -> list | None:
        return self._load()

    def _load(self) -> list | None:
        centre, events = self._guarded(membership.member_centre)
        if centre is None:
            return events
        card, month = centre.card, centre.month
        self.level_name, self.level_rank = _level_name(card), card.level.rank if card.level else 0
        self.growth_text = t("member.growth_line", growth=card.growth)
        self.next_text = (
            t(
                "member.to_next",
                need=max(0, card.next_level.growth_threshold - card.growth),
                name=card.next_level.name,
            )
            if card.next_level
            else t("member.top")
        )
        self.progress = card.progress_pct
        self.review_text = (
            t("member.level_since", date=card.review_on.isoformat()) if card.review_on else ""
        )
        self.available, self.pending = str(card.points.available), str(card.points.pending)
        self.debt = str(card.points.debt) if card.points.debt else ""
        self.levels = [
            {
                "rank": str(lv.rank),
                "name": lv.name,
                "price": _price_text(lv.discount_bp),
                "points": t("member.benefit_points", x=f"{lv.points_multiplier_pct / 100:g}"),
                "threshold": t("member.benefit_threshold", threshold=lv.growth_threshold),
                "current": "1" if card.level and lv.rank == card.level.rank else "",
            }
            for lv in centre.levels
        ]
        self.batches = [
            {
                "points": str(b.points),
                "when": (
                    t("member.batch_pending", date=b.day.isoformat())
                    if b.pending
                    else t("member.batch_expires", date=b.day.isoformat())
                    if b.expires
                    else t("member.batch_no_expiry")
                ),
                "pending": "1" if b.pending else "",
            }
            for b in centre.batches[:BATCHES_SHOWN]
        ]
        self.cells = _calendar(month)
        self.month_title = f"{month.today:%Y-%m}"
        self.checked_today = month.checked_today
        self.streak_text = t("member.streak", days=month.streak)
        rule = month.rule
        self.rule_text = (
            t(
                "member.rule_monthly",
                points=rule.daily_points,
                days=rule.month_days,
                bonus=rule.bonus_points,
            )
            if rule.mode == "monthly"
            else t("member.rule_weekly", points=rule.daily_points, bonus=rule.bonus_points)
        )
        return None

    @rx.event
    def check_in(self) -> list:
        done: list[membership.CheckInResult] = []
        events = self._run(lambda s, a: done.append(membership.check_in(s, a)), "", self._load)
        if done:
            events.append(rx.toast.success(t("member.checked_in_toast", points=done[0].points)))
        return events


class PointsState(SessionState):
    available: str = "0"
    pending: str = "0"
    gifts: list[dict[str, str]] = []
    rows: list[dict[str, str]] = []
    page: int = 1
    pages: int = 1

    @rx.event
    def load(self) -> list | None:
        self.page = 1
        return self._load()

    def _load(self) -> list | None:
        data, events = self._guarded(
            lambda s, a: (
                membership.points_and_gifts(s, a),
                membership.points_ledger(s, a, self.page),
            )
        )
        if data is None:
            return events
        info, ledger = data
        self.available, self.pending = str(info.points.available), str(info.points.pending)
        self.gifts = [
            {
                "id": str(g.id),
                "name": g.name,
                "description": g.description,
                "cost": t("points.cost", points=g.points_cost),
                "stock": t("points.stock", stock=g.stock) if g.stock > 0 else t("points.sold_out"),
                "sold_out": "" if g.stock > 0 else "1",
                "picture": g.picture,
                "key": secrets.token_hex(8),  # a double click sends it twice: one redemption
            }
            for g in info.gifts
        ]
        self.rows = [
            {
                "kind": t(f"points.kind.{r.kind}"),
                "amount": f"{r.amount:+d}",
                "when": local_datetime(r.created_at),
                "note": r.note,
                "positive": "1" if r.amount > 0 else "",
            }
            for r in ledger.rows
        ]
        self.page, self.pages = ledger.page, ledger.pages
        return None

    @rx.event
    def redeem(self, gift_id: str, key: str) -> list:
        gid, request = row_id(gift_id), str(key)[:40]
        return self._run(
            lambda s, a: membership.redeem_gift(s, a, gid, request), "points.redeemed", self._load
        )

    @rx.event
    def go_page(self, number: str) -> list | None:
        self.page = min(max(small_number(number) or 1, 1), self.pages)
        return self._load()
