"""Platform (admin) home: counts across the whole platform."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState, in_worker_thread
from salon_app.core.services.stats import dashboards
from salon_app.i18n import t


class AdminHomeState(SessionState):
    users: list[dict[str, str]] = []
    merchants: str = ""
    technicians: str = ""
    orders: str = ""
    paid_orders_30d: str = ""

    @rx.event
    @in_worker_thread
    def load(self) -> list | None:
        overview, events = self._guarded(dashboards.platform_overview)
        if overview is not None:
            self.users = [
                {"role": t(f"admin.role_{role}"), "count": str(n)}
                for role, n in overview.users_by_role.items()
            ]
            self.merchants = str(overview.merchants)
            self.technicians = str(overview.technicians)
            self.orders = str(overview.orders)
            self.paid_orders_30d = str(overview.paid_orders_30d)
        return events
