"""One shop for operators (review_shops): its details and its commission rates, the shop's
default and one per category; an empty value clears a rate (it follows the next one up)."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState
from salon_app.components.browser_input import row_id
from salon_app.core.services import shop_applications
from salon_app.i18n import t
from salon_app.platform.shops.state import percent


class AdminShopDetailState(SessionState):
    shop_name: str = ""
    shop_place: str = ""
    contact_phone: str = ""
    platform_rate: str = ""
    shop_rate: str = ""  # the shop's own default, "" when it follows the platform's
    categories: list[dict[str, str]] = []

    def _shop_id(self) -> int:
        return row_id(self._param("shop_id"))

    @rx.event
    def load(self) -> list | None:
        return self._load()

    def _load(self) -> list | None:
        shop_id = self._shop_id()
        found, events = self._guarded(lambda s, a: shop_applications.shop_commission(s, a, shop_id))
        if found is not None:
            self.shop_name = found.name
            self.shop_place = f"{found.district} · {found.address}"
            self.contact_phone = found.contact_phone
            self.platform_rate = percent(found.platform_bp)
            self.shop_rate = "" if found.shop_bp is None else f"{found.shop_bp / 100:g}"
            self.categories = [
                {
                    "id": str(c.category_id),
                    "name": c.name,
                    "own": "" if c.own_bp is None else f"{c.own_bp / 100:g}",
                    "effective": percent(c.effective_bp),
                    "offered": t("commission.offered") if c.offered else "",
                }
                for c in found.categories
            ]
        return events

    @rx.event
    def save_rate(self, form: dict) -> list:
        """One rate: the shop's default (no category) or a category's."""
        shop_id = self._shop_id()
        raw = form.get("category_id", "")
        category = row_id(raw) if raw else None
        rate = form.get("rate", "")
        return self._run(
            lambda s, a: shop_applications.set_shop_rate(s, a, shop_id, category, rate),
            "commission.saved",
            self._load,
        )
