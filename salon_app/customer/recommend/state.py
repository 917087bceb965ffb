"""猜你喜欢: what the strip shows for whoever is looking (recommendations.recommend)."""

from __future__ import annotations

import asyncio
import contextlib

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState
from salon_app.components.format import money
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.live_feed import PUBLIC, SharedReads, customer
from salon_app.core.services import auth, recommendations
from salon_app.i18n import t

# Guesses are worked out once and kept (live_feed.shared_reads): a visitor's depend only on the
# page and the hour, so every visitor of a page shares them (most home and service page views
# are visitors'; the strip was a fifth of the server's work under load); a customer's own are
# kept for them alone and worked out again as soon as they book or cancel (their topic).
_GUESSES: SharedReads[recommendations.Recommendations] = SharedReads()


def _recommend(token: str, slug: str) -> recommendations.Recommendations:
    """In a worker thread: the query reads co-bookings and nearby technicians (tens of ms on a
    big city), which must not hold up the event loop every other tab shares."""
    actor = None
    if token:
        # an ended login: recommend as to a visitor; the page logs them out
        with session_scope() as session, contextlib.suppress(DomainError):
            actor = auth.resolve(session, token)
    topics = [PUBLIC] if actor is None else [PUBLIC, customer(actor.user_id)]

    def work_out() -> recommendations.Recommendations:
        with session_scope() as session:
            return recommendations.recommend(session, actor, slug)

    return _GUESSES.get((actor and actor.user_id, slug), work_out, lambda _: topics)


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
