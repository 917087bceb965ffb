"""Shop dashboard home: the shop's own figures only."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState, in_worker_thread
from salon_app.components.format import local_datetime, money
from salon_app.core.services.stats import dashboards
from salon_app.i18n import t


class MerchantHomeState(SessionState):
    shop_name: str = ""
    technicians: str = ""
    orders_30d: str = ""
    revenue_30d: str = ""
    rating: str = ""
    pending: list[dict[str, str]] = []

    @rx.event
    @in_worker_thread
    def load(self) -> list | None:
        overview, events = self._guarded(dashboards.shop_overview)
        if overview is not None:
            self.shop_name = overview.shop_name
            self.technicians = str(overview.technicians)
            self.orders_30d = str(overview.orders_30d)
            self.revenue_30d = money(overview.revenue_30d_fen)
            self.rating = "-" if overview.rating is None else f"{overview.rating:.1f}"
            self.pending = [
                {
                    "name": p.technician_name,
                    "years": t("tech.years", years=p.years_experience),
                    "message": p.message,
                    "at": local_datetime(p.created_at),
                }
                for p in overview.pending_applications
            ]
        return events
