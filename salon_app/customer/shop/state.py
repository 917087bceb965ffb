"""/shop/<id>: the public shop page, for anyone (merchants.shop_page says what it shows)."""

from __future__ import annotations

from datetime import date

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState
from salon_app.components.browser_input import row_id
from salon_app.components.city_map import Projection, district_rows, tile_rows
from salon_app.components.format import (
    local_date,
    local_today,
    money,
    price_range,
    weekday_name,
)
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import live_map, merchants
from salon_app.core.services.merchants.shop_page import ShopTechnicianCard
from salon_app.i18n import t

SOURCE = "shop_page"  # sources.py: bookings that start from this page


def week_rows(hours: list[merchants.OpenRange] | None, today: date) -> list[dict[str, str]]:
    """Each weekday with its ranges ("10:00–14:00、15:00–21:00") or 休息; today marked."""
    rows = []
    for day in range(7):
        ranges = [f"{r.start}–{r.end}" for r in hours or [] if r.weekday == day]
        rows.append(
            {
                "weekday": str(day),
                "label": weekday_name(day),
                "text": "、".join(ranges) or t("shop_public.closed"),
                "closed": "" if ranges else "1",
                "today": "1" if day == today.weekday() else "",
            }
        )
    return rows


def shop_rating(cards: list[ShopTechnicianCard]) -> str:
    """The shop's rating: its technicians' ratings weighted by how many reviews each has."""
    count = sum(c.rating_count for c in cards if c.rating is not None)
    if not count:
        return t("shop_public.no_rating")
    total = sum(c.rating * c.rating_count for c in cards if c.rating is not None)
    return t("shop_public.rating", rating=f"{total / count:.1f}", count=count)


def _review(r: merchants.ShopReviewView, zone: str) -> dict[str, str]:
    return {
        "customer": r.customer_name,
        "technician": r.technician_name,
        "scores": t("shop_public.scores", attitude=r.attitude, skill=r.skill, effect=r.effect),
        "text": r.text,
        "at": local_date(r.created_at, zone),
        "reply": r.reply,
        "edited": t("shop_public.reply_edited") if r.reply_edited else "",
    }


class ShopPageState(SessionState):
    found: bool = True
    shop: dict[str, str] = {}
    photos: list[dict[str, str]] = []
    videos: list[dict[str, str]] = []
    week: list[dict[str, str]] = []
    closures: list[dict[str, str]] = []
    announcements: list[dict[str, str]] = []
    technicians: list[dict[str, str]] = []
    services: list[dict[str, str]] = []
    reviews: list[dict[str, str]] = []
    more_reviews: bool = False
    # Where the shop is, on the offline city map (components/city_map.py).
    map_view_box: str = "0 0 1000 800"
    map_districts: list[dict[str, str]] = []
    map_tiles: list[dict[str, str]] = []
    map_pin: dict[str, str] = {}
    _zone: str = "Asia/Shanghai"  # the shop's time zone, for the dates of older reviews

    @rx.event
    def load(self) -> None:
        try:
            with session_scope() as session:
                self._actor(session)
                p = merchants.shop_page(session, row_id(self._param("shop_id")))
        except DomainError:
            self.reset()
            self.found = False
            return
        self.found = True
        zone = p.timezone
        self.shop = {
            "id": str(p.id),
            "name": p.name,
            "intro": p.intro,
            "address": p.address,
            "district": p.district,
            "phone": t("shop_public.call", phone=p.contact_phone) if p.contact_phone else "",
            "rating": shop_rating(p.technicians),
            "hours_unset": "1" if p.hours is None else "",
        }
        self.photos = [{"url": m.url, "caption": m.caption} for m in p.media if m.kind == "photo"]
        self.videos = [
            {"url": m.url, "type": m.content_type, "caption": m.caption}
            for m in p.media
            if m.kind == "video"
        ]
        self._draw_location((p.lat, p.lng))
        self.week = week_rows(p.hours, local_today(zone))
        self.closures = [
            {
                "span": t(
                    "shop_admin.closure_span",
                    first=c.first_day.isoformat(),
                    last=c.last_day.isoformat(),
                ),
                "reason": c.reason,
            }
            for c in p.closures
        ]
        self.announcements = [
            {
                "title": a.title,
                "body": a.body,
                "pinned": "1" if a.pinned else "",
                "at": local_date(a.published_at, zone) if a.published_at else "",
            }
            for a in p.announcements
        ]
        self.technicians = [
            {
                "id": str(c.id),
                "name": c.display_name,
                "photo": c.photo_url,
                "years": t("tech.years", years=c.years_experience),
                "rating": t("tech.rating_count", rating=c.rating, count=c.rating_count)
                if c.rating is not None
                else t("tech.no_rating"),
                "posts": " · ".join(c.posts),
                "href": routes.technician(c.id, src=SOURCE),
            }
            for c in p.technicians
        ]
        self.services = [
            {
                "name": s.name,
                "category": s.category,
                "price": price_range(s.price_min_fen, s.price_max_fen)
                if s.price_min_fen != s.price_max_fen
                else money(s.price_min_fen),
                "duration": t("common.minutes", minutes=s.duration_min),
                "modes": " / ".join(
                    t(k)
                    for k, on in (("common.in_shop", s.in_shop), ("common.at_home", s.at_home))
                    if on
                ),
                "href": routes.service(s.slug),
            }
            for s in p.services
        ]
        self.reviews = [_review(r, zone) for r in p.reviews]
        self.more_reviews = p.more_reviews
        self._zone = zone

    def _draw_location(self, point: tuple[float, float]) -> None:
        shapes, bounds = live_map.city_around(point)
        projection = Projection(bounds)
        x, y = projection.xy(point)
        self.map_view_box = projection.view_box
        self.map_districts = district_rows(projection, shapes)
        self.map_tiles = tile_rows(projection, live_map.tile_url())
        self.map_pin = {"x": str(x), "y": str(y), "head_y": str(round(y - 26, 1))}

    @rx.event
    def load_more_reviews(self) -> None:
        """The next page of older reviews, appended below those shown."""
        try:
            with session_scope() as session:
                rows, more = merchants.public_shop_reviews(
                    session, row_id(self.shop.get("id", "")), len(self.reviews)
                )
        except DomainError:
            self.more_reviews = False
            return
        self.reviews = self.reviews + [_review(r, self._zone) for r in rows]
        self.more_reviews = more
