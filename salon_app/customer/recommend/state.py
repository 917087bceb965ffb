"""猜你喜欢: what the strip shows for whoever is looking (recommendations.recommend)."""

from __future__ import annotations

import asyncio

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState
from salon_app.components.format import money
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import auth, recommendations
from salon_app.i18n import t


def _recommend(token: str, slug: str) -> recommendations.Recommendations:
    """In a worker thread: the query reads co-bookings and nearby technicians (tens of ms on a
    big city), which must not hold up the event loop every other tab shares."""
    with session_scope() as session:
        try:
            actor = auth.resolve(session, token)
        except DomainError:
            actor = None  # an ended login: recommend as to a visitor; the page logs them out
        return recommendations.recommend(session, actor, slug)


class RecommendState(SessionState):
    basis: str = ""  # the line under the title: why these
    services: list[dict[str, str]] = []
    technicians: list[dict[str, str]] = []
    loaded: bool = False  # until the first answer, the strip keeps its room (a placeholder)

    @rx.event
    async def load(self, service_slug: str = "") -> None:
        """On a service page `service_slug` is its slug (anything else counts as none)."""
        slug = service_slug[:40] if isinstance(service_slug, str) else ""
        found = await asyncio.to_thread(_recommend, self.auth_token, slug)
        if found.basis == "popular":
            slot = t(f"recommend.slot.{found.slot}")
            self.basis = t("recommend.basis.popular", district=found.district, slot=slot)
        else:
            self.basis = t(f"recommend.basis.{found.basis}")
        self.services = [
            {
                "href": routes.service(s.slug),
                "name": s.name,
                "category": s.category,
                "image": s.image_url,
                "price": t("recommend.from_price", amount=money(s.price_min_fen)),
            }
            for s in found.services
        ]
        self.technicians = [
            {
                "href": routes.technician(c.id),
                "name": c.name,
                "photo": c.photo_url,
                "rating": (
                    t("recommend.rating", rating=f"{c.rating_sum / c.rating_count / 100:.1f}")
                    if c.rating_count
                    else t("recommend.new_technician")
                ),
                "before": t("recommend.booked_before") if c.booked_before else "",
            }
            for c in found.technicians
        ]
        self.loaded = True
