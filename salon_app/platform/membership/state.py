"""/admin/membership: the levels (edit, add) with their members, and the gift catalogue (add,
edit stock and cost, take off sale). Each save is one service call (membership.save_level,
save_gift); a refusal shows its reason beside the form and changes nothing."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState, error_text, error_toast
from salon_app.components.browser_input import row_id, small_number
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import membership
from salon_app.i18n import t


def _number(data: dict, name: str) -> int:
    value = small_number(data.get(name))
    if value is None:
        raise DomainError("membership.bad_number")
    return value


def _level_row(row: membership.LevelRow) -> dict[str, str]:
    lv = row.level
    return {
        "id": str(lv.id),
        "rank": str(lv.rank),
        "name": lv.name,
        "threshold": str(lv.growth_threshold),
        "discount": f"{lv.discount_bp / 100:g}",
        "multiplier": str(lv.points_multiplier_pct),
        "members": str(row.members),
    }


def _gift_row(g: membership.GiftView) -> dict[str, str]:
    return {
        "id": str(g.id),
        "name": g.name,
        "description": g.description,
        "cost": str(g.points_cost),
        "stock": str(g.stock),
        "active": "1" if g.active else "",
        "active_label": t("admin_membership.yes") if g.active else t("admin_membership.no"),
    }


class AdminMembershipState(SessionState):
    levels: list[dict[str, str]] = []
    chart: list[dict[str, str | int]] = []
    gifts: list[dict[str, str]] = []
    editing_level: dict[str, str] = {}  # {"id": ""} for a new one
    level_error: str = ""
    editing_gift: dict[str, str] = {}
    gift_error: str = ""

    @rx.event
    def load(self) -> list | None:
        self.editing_level, self.editing_gift = {}, {}
        self.level_error = self.gift_error = ""
        return self._load()

    def _load(self) -> list | None:
        data, events = self._guarded(
            lambda s, a: (membership.level_rows(s, a), membership.all_gifts(s, a))
        )
        if data is not None:
            levels, gifts = data
            self.levels = [_level_row(r) for r in levels]
            self.chart = [{"name": r.level.name, "members": r.members} for r in levels]
            self.gifts = [_gift_row(g) for g in gifts]
        return events

    @rx.event
    def open_level(self, level_id: str) -> None:
        self.level_error = ""
        self.editing_level = next((r for r in self.levels if r["id"] == level_id), {})

    @rx.event
    def new_level(self) -> None:
        self.level_error = ""
        self.editing_level = {
            "id": "",
            "name": "",
            "threshold": "",
            "discount": "100",
            "multiplier": "100",
        }

    @rx.event
    def close_editors(self) -> None:
        self.editing_level, self.editing_gift = {}, {}
        self.level_error = self.gift_error = ""

    @rx.event
    def save_level(self, data: dict) -> list:
        level_id = row_id(self.editing_level.get("id")) or None
        try:
            level = membership.LevelInput(
                str(data.get("name") or ""),
                _number(data, "threshold"),
                _number(data, "discount") * 100,
                _number(data, "multiplier"),
            )
            with session_scope() as session:
                membership.save_level(session, self._actor(session), level_id, level)
        except DomainError as err:
            self.level_error = error_text(err)
            return [error_toast(err)]
        self.editing_level, self.level_error = {}, ""
        self._load()
        return [rx.toast.success(t("admin_membership.level_saved"))]

    @rx.event
    def open_gift(self, gift_id: str) -> None:
        self.gift_error = ""
        self.editing_gift = next((r for r in self.gifts if r["id"] == gift_id), {})

    @rx.event
    def new_gift(self) -> None:
        self.gift_error = ""
        self.editing_gift = {
            "id": "",
            "name": "",
            "description": "",
            "cost": "",
            "stock": "",
            "active": "1",
        }

    @rx.event
    def save_gift(self, data: dict) -> list:
        gift_id = row_id(self.editing_gift.get("id")) or None
        try:
            gift = membership.GiftInput(
                str(data.get("name") or ""),
                str(data.get("description") or ""),
                _number(data, "cost"),
                _number(data, "stock"),
                data.get("active") in ("on", True, "true"),
            )
            with session_scope() as session:
                membership.save_gift(session, self._actor(session), gift_id, gift)
        except DomainError as err:
            self.gift_error = error_text(err)
            return [error_toast(err)]
        self.editing_gift, self.gift_error = {}, ""
        self._load()
        return [rx.toast.success(t("admin_membership.gift_saved"))]
