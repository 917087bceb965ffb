"""Technician home: profile summary, shop membership and join-a-shop applications."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState, error_toast
from salon_app.components.browser_input import row_id
from salon_app.components.format import local_datetime
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services.technicians import onboarding
from salon_app.i18n import t


class TechHomeState(SessionState):
    name: str = ""
    shop_name: str = ""
    years: str = ""
    rating: str = ""
    skills: list[str] = []
    applications: list[dict[str, str]] = []
    shops: list[dict[str, str]] = []
    loaded: bool = False

    def _fill(self, home: onboarding.TechnicianHome, shops: list[onboarding.ShopOption]) -> None:
        self.name = home.display_name
        self.shop_name = home.shop_name or ""
        self.years = t("tech.years", years=home.years_experience)
        self.rating = t("tech.rating", rating=home.rating) if home.rating is not None else ""
        self.skills = home.skills
        self.applications = [
            {
                "shop": a.merchant_name,
                "status": t(f"tech.application_{a.status}"),
                "status_key": a.status,
                "at": local_datetime(a.created_at),
            }
            for a in home.applications
        ]
        self.shops = [{"id": str(s.id), "label": f"{s.name}（{s.district}）"} for s in shops]
        self.loaded = True

    @rx.event
    def load(self) -> list | None:
        data, events = self._guarded(
            lambda s, actor: (onboarding.technician_home(s, actor), onboarding.list_shops(s))
        )
        if data is not None:
            self._fill(*data)
        return events

    @rx.event
    def apply(self, form: dict) -> list | None:
        merchant_id = row_id(form.get("merchant_id"))
        try:
            with session_scope() as session:
                actor = self._actor(session)
                onboarding.apply_to_shop(session, actor, merchant_id, str(form.get("message", "")))
                home = onboarding.technician_home(session, actor)
                shops = onboarding.list_shops(session)
        except DomainError as err:
            return [error_toast(err)]
        self._fill(home, shops)
        return [rx.toast.success(t("tech.applied"))]
