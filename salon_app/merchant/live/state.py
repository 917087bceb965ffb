"""The shop's live map (/merchant/live): one map_view per refresh, followed live.

The page watches live_map.map_version (components/live.py): while it is open it reloads when
a technician steps an order on, an order is booked or cancelled, the rota changes (pushed on
the shop's topic), or a minute passes (status and staleness follow the clock); an idle page
costs one small query a minute.
"""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState
from salon_app.components import live
from salon_app.core import live_feed
from salon_app.core.services import live_map
from salon_app.merchant.live import drawing


class LiveMapState(live.LivePage, SessionState):
    view_box: str = "0 0 1000 800"
    districts: list[dict[str, str]] = []
    tiles: list[dict[str, str]] = []  # map tiles under the districts, when a server is set
    techs: list[dict[str, str]] = []
    orders: list[dict[str, str]] = []
    counts: list[dict[str, str]] = []
    shop: dict[str, str] = {}
    updated: str = ""

    @rx.event
    def load(self) -> list | None:
        return self._reload()

    def _reload(self) -> list | None:
        shop_map, events = self._guarded(live_map.map_view)
        if shop_map is not None:
            for name, value in drawing.drawn(shop_map).items():
                setattr(self, name, value)
        return events

    def _watched(self) -> live.Watched:
        return live.Watched(
            routes.MERCHANT_LIVE,
            live_map.map_version,
            lambda s, a: [live_feed.shop(a.merchant_id)],
            follows_clock=True,  # status and staleness change with the minute
        )
