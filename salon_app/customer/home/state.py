"""Customer home: the catalogue as cards, formatted for display."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState
from salon_app.core.db import session_scope
from salon_app.core.services.discovery import catalogue
from salon_app.customer.rows import service_row
from salon_app.i18n import t


class HomeState(SessionState):
    categories: list[dict[str, str]] = []
    category_services: dict[str, list[str]] = {}
    hot: list[dict[str, str]] = []
    new: list[dict[str, str]] = []
    loaded: bool = False

    @rx.event
    def load(self) -> None:
        with session_scope() as session:
            self._actor(session)
            home = catalogue.home_catalogue(session)
        self.categories = [
            {
                "slug": c.slug,
                "href": routes.category(c.slug),
                "name": c.name,
                "icon": c.icon,
                "thumb": c.thumb_url,
                "count": t("home.services_in_category", count=len(c.services)),
            }
            for c in home.categories
        ]
        self.category_services = {c.slug: c.services for c in home.categories}
        self.hot = [service_row(s) for s in home.hot]
        self.new = [service_row(s) for s in home.new]
        self.loaded = True
