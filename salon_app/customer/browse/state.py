"""Browsing: category pages, search, and a service's page with its technician finder."""

from __future__ import annotations

import functools
from datetime import date, datetime
from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text, in_worker_thread
from salon_app.components.browser_input import fen, small_number
from salon_app.components.format import day_choices, local_time, money
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.live_feed import PUBLIC, SharedReads, Topic, technician
from salon_app.core.services import booking, discovery
from salon_app.core.services.discovery import catalogue
from salon_app.core.services.feedback import reviews
from salon_app.customer.booking_flow import place_booking
from salon_app.customer.rows import review_rows, service_row
from salon_app.i18n import t


def technician_row(
    card: discovery.TechnicianCard, service_slug: str, src: str = ""
) -> dict[str, str]:
    return {
        "id": str(card.id),
        "name": card.display_name,
        "photo": card.photo_url,
        "href": routes.technician(card.id, service_slug, src),
        "gender": t(f"tech.gender.{card.gender or 'unknown'}"),
        "age": t("tech.age", age=card.age) if card.age is not None else "",
        "years": t("tech.years", years=card.years_experience),
        "skills": "、".join(card.skills[:4]),
        "rating": t("tech.rating", rating=f"{card.rating:.1f}")
        if card.rating is not None
        else t("tech.no_rating"),
        "price": money(card.price_fen),
        "distance": t("tech.distance", km=f"{card.distance_km:.1f}")
        if card.distance_km is not None
        else "",
        "shop": card.merchant_name or t("tech.independent"),
        "status": t(f"tech.live.{card.live_status}"),
        "status_key": card.live_status,
    }


RADIUS_CHOICES_KM = discovery.RADIUS_CHOICES_KM


def _radius(value: object) -> float:
    """One of the distances the finder offers, else the default one."""
    km = small_number(value)
    return float(km) if km in RADIUS_CHOICES_KM else discovery.TechnicianFilter.radius_km


PRICE_FILTER_MAX_FEN = 10**8  # a million yuan: above any price, small enough to compare


def _yuan_to_fen(value: object) -> int | None:
    """A price bound of the filter in yuan; blank is no bound, anything else a clear refusal."""
    if value is None or not str(value).strip():
        return None
    return fen(value, error="input.price_filter_invalid", maximum=PRICE_FILTER_MAX_FEN)


class CategoryState(SessionState):
    category_name: str = ""
    category_cover: str = ""
    services: list[dict[str, str]] = []

    @rx.event
    def load(self) -> list | None:
        slug = self._param("category_slug")
        try:
            with session_scope() as session:
                self._actor(session)
                category, cards = catalogue.category_services(session, slug)
        except DomainError as err:
            self.category_name, self.services, self.category_cover = t(err.key), [], ""
            return None
        self.category_name, self.services = category.name, [service_row(c) for c in cards]
        self.category_cover = category.image_url
        return None


class SearchState(SessionState):
    query: str = ""
    results: list[dict[str, str]] = []
    searched: bool = False

    @rx.event
    def load(self) -> None:
        self.query = self._param("q")[:40]
        with session_scope() as session:
            self._actor(session)
            found = catalogue.search_services(session, self.query)
        # A service opened from here, and a booking made from it, count as found by search.
        self.results = [{**service_row(c), "href": routes.service(c.slug, "search")} for c in found]
        self.searched = bool(self.query)

    @rx.event
    def submit(self, form: dict) -> rx.event.EventSpec:
        query = urlencode({"q": str(form.get("q", "")).strip()[:40]})
        return rx.redirect(f"{routes.SEARCH}?{query}")


ServicePage = tuple[
    catalogue.ServiceDetail, list[reviews.ReviewView], list[discovery.TechnicianCard]
]
# A service's page for visitors: shared until the service, a public page or one of the listed
# technicians (their "free now") changes (live_feed.shared_reads).
_VISITORS_SERVICES: SharedReads[ServicePage] = SharedReads()


def _service_page(session: Session, slug: str) -> ServicePage:
    detail = catalogue.service_detail(session, slug)
    recent = reviews.service_reviews(session, detail.card.id)
    wanted = discovery.TechnicianFilter(service_id=detail.card.id, sort="rating")
    return detail, recent, discovery.search_technicians(session, wanted)


def _service_page_topics(page: ServicePage) -> list[Topic]:
    return [PUBLIC, *(technician(card.id) for card in page[2])]


class ServiceState(SessionState):
    slug: str = ""
    found: bool = True
    card: dict[str, str] = {}
    process: list[str] = []
    gallery: list[str] = []  # large pictures after the cover
    products: str = ""
    effect: str = ""
    rating: str = ""
    reviews: list[dict[str, str]] = []
    technicians: list[dict[str, str]] = []
    searched: bool = False
    filter_error: str = ""
    located: str = ""
    at_home: bool = False
    any_days: list[dict[str, str]] = []
    any_day: str = ""
    any_located: str = ""
    any_times: list[dict[str, str]] = []
    any_error: str = ""
    _service_id: int = 0
    _any_address: str = ""
    _any_needs: str = ""
    _any_slug: str = ""
    _any_at: tuple[float, float] | None = None
    _src: str = ""  # where the customer came from, passed on to the technician pages

    def _technician_rows(self, cards: list[discovery.TechnicianCard]) -> list[dict[str, str]]:
        return [technician_row(c, self.slug, self._src) for c in cards]

    @rx.event
    def load(self) -> None:
        self.slug = self._param("service_slug")
        source = self._entry_source()
        self._src = "" if source == "direct" else source
        self.filter_error = self.located = ""
        try:
            detail, recent, cards = self._public_read(
                _VISITORS_SERVICES, self.slug, functools.partial(_service_page, slug=self.slug),
                _service_page_topics,
            )  # fmt: skip
            self._service_id = detail.card.id
        except DomainError:
            self.found = False
            return
        self.found = True
        self.card = service_row(detail.card)
        self.card["modes"] = " / ".join(
            t(k)
            for k, on in (
                ("common.in_shop", detail.in_shop),
                ("common.at_home", detail.card.at_home),
            )
            if on
        )
        self.process = detail.process
        self.gallery = [p.url for p in detail.gallery]
        self.products, self.effect = detail.products, detail.effect
        self.rating = (
            t("service.rating", rating=detail.rating, count=detail.rating_count)
            if detail.rating is not None
            else t("service.no_reviews")
        )
        self.reviews = review_rows(recent)
        self.technicians = self._technician_rows(cards)
        self.searched = False
        self.at_home = detail.card.at_home
        if self._any_slug != self.slug:  # a repeated load of the same page keeps what was picked
            self._any_slug = self.slug
            self.any_days, self.any_times, self.any_error, self.any_located = (
                # Every day open: who is free nearby is known only once the address is.
                [{**d, "open": "1"} for d in day_choices()],
                [],
                "",
                "",
            )
            self.any_day, self._any_at, self._any_needs = self.any_days[0]["value"], None, ""

    def _any_refresh(self) -> None:
        self.any_times = []
        if self._any_at is None:
            return
        with session_scope() as session:
            starts = booking.any_nearby_times(
                session, self._service_id, date.fromisoformat(self.any_day), self._any_at
            )
        self.any_times = [{"value": s.isoformat(), "label": local_time(s)} for s in starts]

    @rx.event
    @in_worker_thread
    def any_locate(self, form: dict) -> None:
        """ "附近任意技师": where the customer is, then which times someone nearby is free."""
        self.any_error = ""
        try:
            point = booking.locate_address(str(form.get("address", "")))
        except DomainError as err:
            self.any_error, self.any_located, self._any_at = error_text(err), "", None
            self.any_times = []
            return
        self._any_address = str(form.get("address", "")).strip()
        self._any_at = (point.lat, point.lng)
        self.any_located = t("service.located", label=point.label)
        self._any_refresh()

    @rx.event
    def any_choose_day(self, day: str) -> None:
        if any(d["value"] == day for d in self.any_days):
            self.any_day = day
            self._any_refresh()

    @rx.event
    def note_any_needs(self, text: str) -> None:
        """Kept for the booking (the service checks its length when a time is picked)."""
        self._any_needs = str(text)

    @rx.event
    @in_worker_thread
    def book_any(self, value: str) -> list | None:
        """Book the best free technician near the address at this time."""
        if not any(s["value"] == value for s in self.any_times):
            return None
        request = booking.BookingRequest(
            service_id=self._service_id,
            technician_id=None,
            starts_at=datetime.fromisoformat(value),
            at_home=True,
            address=self._any_address,
            special_needs=self._any_needs,
            source=self._src or None,
        )
        events, refusal = place_booking(self, request)
        if refusal is not None:
            self.any_error = error_text(refusal)
            self._any_refresh()
        return events

    @rx.event
    @in_worker_thread
    def filter(self, form: dict) -> None:
        """Run the technician finder with what the customer chose; bad input says why."""
        self.filter_error = ""
        near = None
        address = str(form.get("address", "")).strip()
        try:
            with session_scope() as session:
                if address:
                    point = booking.locate_address(address)
                    near = (point.lat, point.lng)
                    self.located = t("service.located", label=point.label)
                day = str(form.get("available_on", "")).strip()
                filters = discovery.TechnicianFilter(
                    service_id=self._service_id,
                    gender=str(form.get("gender", ""))
                    if form.get("gender") in ("female", "male")
                    else None,
                    age_min=small_number(form.get("age_min")),
                    age_max=small_number(form.get("age_max")),
                    years_min=small_number(form.get("years_min")),
                    skill=str(form.get("skill", "")).strip()[:20] or None,
                    rating_min=float(form["rating_min"])
                    if form.get("rating_min") in ("3", "4", "4.5")
                    else None,
                    price_min_fen=_yuan_to_fen(form.get("price_min")),
                    price_max_fen=_yuan_to_fen(form.get("price_max")),
                    near=near,
                    radius_km=_radius(form.get("radius_km")),
                    available_on=date.fromisoformat(day) if day else None,
                    sort=str(form.get("sort")) if form.get("sort") in discovery.SORTS else "rating",
                )
                cards = discovery.search_technicians(session, filters)
        except DomainError as err:
            self.filter_error = error_text(err)
            return
        except ValueError:
            self.filter_error = t("service.bad_filter")
            return
        self.technicians = self._technician_rows(cards)
        self.searched = True
