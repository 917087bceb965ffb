"""A technician's profile page, where the customer picks a service, day and slot, and books."""

from __future__ import annotations

from datetime import datetime

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text, in_worker_thread
from salon_app.components.browser_input import row_id
from salon_app.components.format import money
from salon_app.components.slot_week import WEEK_DAYS, day_to_show, slot_week
from salon_app.core.clock import local_today
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.live_feed import PUBLIC, SharedReads, technician
from salon_app.core.services import booking
from salon_app.core.services.technicians import public_profile as profiles
from salon_app.customer.booking_flow import place_booking
from salon_app.customer.price_panel import PricePanel
from salon_app.customer.rows import review_rows
from salon_app.customer.technician.learning import learning_rows
from salon_app.i18n import t

Learning = tuple[list[dict[str, str]], list[str]]
# What a visitor (not logged in) is shown is the same for every visitor: shared until the
# technician or a public page changes (live_feed.shared_reads). Logged-in customers read afresh.
_VISITORS_PROFILES: SharedReads[tuple[profiles.TechnicianProfile, Learning]] = SharedReads()
_VISITORS_SLOTS: SharedReads[list[datetime]] = SharedReads()


def _profile(session: Session, tech_id: int) -> tuple[profiles.TechnicianProfile, Learning]:
    profile = profiles.technician_profile(session, tech_id)
    return profile, learning_rows(session, profile.id)


def _profile_topics(found: tuple[profiles.TechnicianProfile, Learning]) -> tuple:
    return PUBLIC, technician(found[0].id)


def _fitting(offers: list[dict[str, str]], main: str, mode: str) -> list[dict[str, str]]:
    """Other services of the technician that can be done in the same visit (same place)."""
    return [o for o in offers if o["slug"] != main and o.get(mode)]


class BookingState(PricePanel, SessionState):
    found: bool = True
    profile: dict[str, str] = {}
    skills: list[str] = []
    offers: list[dict[str, str]] = []
    certificates: list[dict[str, str]] = []
    training: list[dict[str, str]] = []
    courses: list[dict[str, str]] = []  # completed courses (valid course certificates)
    badges: list[str] = []
    cases: list[dict[str, str]] = []
    reviews: list[dict[str, str]] = []
    service_slug: str = ""
    extras: list[str] = []  # slugs of more services in the same visit
    mode: str = "in_shop"
    modes: list[str] = []
    located: str = ""
    days: list[dict[str, str]] = []
    day: str = ""
    slots: list[dict[str, str]] = []
    slot: str = ""
    form_error: str = ""
    _tech_id: int = 0
    _week: dict[str, list[dict[str, str]]] = {}
    _address: str = ""
    _at: tuple[float, float] | None = None

    def _offer(self) -> dict[str, str]:
        return next((o for o in self.offers if o["slug"] == self.service_slug), {})

    def _visit(self) -> list[dict[str, str]]:
        """The chosen services: the main one, then the extras, in the order of the offers."""
        main = self._offer()
        return ([main] if main else []) + [o for o in self.offers if o["slug"] in self.extras]

    @rx.var
    def offer_label(self) -> str:
        visit = self._visit()
        if not visit:
            return ""
        return t(
            "booking.visit_label",
            names=" + ".join(o["name"] for o in visit),
            price=money(sum(int(o["price_fen"]) for o in visit)),
            minutes=sum(int(o["minutes"]) for o in visit),
        )

    @rx.var
    def extra_choices(self) -> list[dict[str, str]]:
        return _fitting(self.offers, self.service_slug, self.mode)

    @rx.event
    def load(self) -> None:
        """Show the profile; a repeated load of the same technician keeps the customer's picks."""
        raw_id = self._param("tech_id")
        same = self.found and raw_id == str(self._tech_id)
        if not same:
            self.form_error = self.located = self.slot = self.day = ""
            self.extras = []
            self._at, self._address = None, ""
        tech_id = row_id(raw_id)
        try:
            profile, learning = self._public_read(
                _VISITORS_PROFILES, tech_id, lambda s: _profile(s, tech_id), _profile_topics
            )
            self.courses, self.badges = learning
        except DomainError:
            self.found = False
            return
        self.found, self._tech_id = True, profile.id
        self._fill(profile)
        slugs = [o.slug for o in profile.offers]
        if not (same and self.service_slug in slugs):
            wanted = self._param("service")
            self.service_slug = wanted if wanted in slugs else (slugs[0] if slugs else "")
        self._choose_modes()
        kept = self.slot
        self._refresh_slots()
        if any(s["value"] == kept for s in self.slots):
            self.slot = kept

    def _fill(self, p: profiles.TechnicianProfile) -> None:
        self.profile = {
            "name": p.display_name,
            "photo": p.photo_url,
            "gender": t(f"tech.gender.{p.gender or 'unknown'}"),
            "age": t("tech.age", age=p.age) if p.age is not None else "",
            "years": t("tech.years", years=p.years_experience),
            "rating": t("tech.rating_count", rating=p.rating, count=p.rating_count)
            if p.rating is not None
            else t("tech.no_rating"),
            "bio": p.bio,
            "shop": p.shop_name or t("tech.independent"),
            "shop_link": routes.shop(p.shop_id) if p.shop_id else "",
            "status": t(f"tech.live.{p.live_status}"),
            "areas": "、".join(p.areas),
        }
        self.skills = p.skills
        self.offers = [
            {
                "service_id": str(o.service_id),
                "slug": o.slug,
                "name": o.name,
                "price": money(o.price_fen),
                "price_fen": str(o.price_fen),
                "minutes": str(o.duration_min),
                "duration": t("common.minutes", minutes=o.duration_min),
                "at_home": "1" if o.at_home else "",
                "in_shop": "1" if o.in_shop and p.shop_name else "",
            }
            for o in p.offers
        ]
        self.certificates = [
            {
                "name": c.name,
                "issuer": c.issuer,
                "year": str(c.issued_on.year) if c.issued_on else "",
                "verified": t("tech.verified") if c.verified else "",
            }
            for c in p.certificates
        ]
        self.training = [
            {
                "course": r.course_name,
                "organiser": r.organiser,
                "year": str(r.completed_on.year),
                "hours": t("tech.training_hours", hours=r.hours) if r.hours else "",
                "note": f"（{r.note}）" if r.note else "",
            }
            for r in p.training
        ]
        self.cases = [
            {
                "title": c.title,
                "service": c.service_name,
                "before": c.before_url,
                "after": c.after_url,
            }
            for c in p.case_studies
        ]
        self.reviews = review_rows(p.reviews)

    def _choose_modes(self) -> None:
        offer = self._offer()
        self.modes = [m for m in ("in_shop", "at_home") if offer.get(m)]
        if self.mode not in self.modes:
            self.mode = self.modes[0] if self.modes else "in_shop"
        self._keep_fitting_extras()

    def _keep_fitting_extras(self) -> None:
        fitting = {o["slug"] for o in _fitting(self.offers, self.service_slug, self.mode)}
        self.extras = [slug for slug in self.extras if slug in fitting]

    def _refresh_slots(self) -> None:
        """The week's free starts at once: full days are marked, the chosen day is kept when it
        has free time, else the first day that has some is shown."""
        self.slot = ""
        visit = self._visit()
        starts = None
        if visit and not (self.mode == "at_home" and self._at is None):
            tech_id, service_ids = self._tech_id, [int(o["service_id"]) for o in visit]
            at, today = (self._at if self.mode == "at_home" else None), local_today()

            def read(session: Session) -> list[datetime]:
                ids = service_ids
                return booking.visit_slots(session, tech_id, ids, today, WEEK_DAYS, at=at)

            try:
                if at is not None:  # the customer's own address: not shared
                    with session_scope() as session:
                        starts = read(session)
                else:
                    key = (tech_id, tuple(service_ids), today)
                    topics = (PUBLIC, technician(tech_id))
                    starts = self._public_read(_VISITORS_SLOTS, key, read, lambda _: topics)
            except DomainError as err:  # e.g. a service withdrawn since the page loaded
                self.form_error, starts = error_text(err), []
        self.days, self._week = slot_week(starts)
        self.day = day_to_show(self.days, self.day)
        self.slots = self._week.get(self.day, [])
        self._requote()

    def _price_basket(self) -> tuple[int, list[int]] | None:
        return self._tech_id, [int(o["service_id"]) for o in self._visit()]

    @rx.event
    def choose_service(self, slug: str) -> None:
        if any(o["slug"] == slug for o in self.offers):
            self.service_slug = slug
            self._choose_modes()
            self._refresh_slots()

    @rx.event
    def toggle_extra(self, slug: str) -> None:
        """Add a service to the visit, or take it out again."""
        if slug in self.extras:
            self.extras = [s for s in self.extras if s != slug]
        elif any(o["slug"] == slug for o in _fitting(self.offers, self.service_slug, self.mode)):
            if len(self.extras) + 1 >= booking.SERVICES_PER_VISIT_MAX:
                self.form_error = t("booking.too_many_services", max=booking.SERVICES_PER_VISIT_MAX)
                return
            self.extras = [*self.extras, slug]
        else:
            return
        self.form_error = ""
        self._refresh_slots()

    @rx.event
    def choose_mode(self, mode: str) -> None:
        if mode in self.modes:
            self.mode = mode
            self._keep_fitting_extras()
            self._refresh_slots()

    @rx.event
    def choose_day(self, day: str) -> None:
        if any(d["value"] == day for d in self.days):
            self.day, self.slot = day, ""
            self.slots = self._week.get(day, [])

    @rx.event
    def choose_slot(self, value: str) -> None:
        if any(s["value"] == value for s in self.slots):
            self.slot = value

    @rx.event
    @in_worker_thread
    def locate(self, form: dict) -> None:
        self.form_error = ""
        try:
            point = booking.locate_address(str(form.get("address", "")))
        except DomainError as err:
            self.form_error, self.located, self._at = error_text(err), "", None
            self.slots = []
            return
        self._address = str(form.get("address", "")).strip()
        self._at = (point.lat, point.lng)
        self.located = t("service.located", label=point.label)
        self._refresh_slots()

    @rx.event
    @in_worker_thread
    def submit(self, form: dict) -> list | None:
        """Book the chosen slot; the order page then offers the payment methods."""
        self.form_error = ""
        if not self.slot or not self._offer():
            self.form_error = t("booking.choose_slot")
            return None
        request = booking.BookingRequest(
            service_id=int(self._offer()["service_id"]),
            technician_id=self._tech_id,
            starts_at=datetime.fromisoformat(self.slot),
            at_home=self.mode == "at_home",
            address=self._address,
            special_needs=str(form.get("special_needs", "")),
            extra_service_ids=tuple(int(o["service_id"]) for o in self._visit()[1:]),
            source=self._entry_source(),
            coupon_id=self._coupon_id(),
            points=self._points(),
        )
        events, refusal = place_booking(self, request)
        if refusal is not None:
            self.form_error = error_text(refusal)
            self._refresh_slots()
        return events
