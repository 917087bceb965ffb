"""Visitors' shared reads of public pages: the technician page, its slots and price, and a
service's page are read once for every visitor and read again as soon as something they show
changes through the app (a booking of that technician, a profile or price edit), or after the
live pages' safety look for changes made behind the app's back; a logged-in customer always
reads afresh."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

import pytest
from reflex.state import BaseState, State
from sqlmodel import Session, SQLModel, select

import salon_app.salon_app  # noqa: F401 - registers every page state under SessionState
from salon_app.auth import session_state
from salon_app.auth.session_state import SessionState
from salon_app.core import live_feed
from salon_app.core.demo.logins import CUSTOMER_PHONE, DEMO_PASSWORD
from salon_app.core.live_feed import PRIVATE_TABLES, SharedReads, changes, shared_reads
from salon_app.core.models import AuthSession, Service, Technician
from salon_app.core.services import auth
from salon_app.core.services.technicians import public_profile
from salon_app.customer import price_panel
from salon_app.customer.browse import state as browse_state
from salon_app.customer.browse.state import ServiceState
from salon_app.customer.technician import state as tech_state
from salon_app.customer.technician.state import BookingState
from tests.support.handlers import call
from tests.support.orders import pending_order


class Reads:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> int:
        self.count += 1
        return self.count


def test_a_kept_answer_is_shared_until_one_of_its_topics_changes():
    kept, reads = SharedReads[int](), Reads()
    topic = live_feed.technician(-1)
    assert kept.get("a", reads, lambda _: [topic]) == 1
    assert kept.get("a", reads, lambda _: [topic]) == 1
    assert kept.get("b", reads, lambda _: [topic]) == 2  # another key: its own read
    live_feed.notify_here([live_feed.technician(-2)])  # someone else's change
    assert kept.get("a", reads, lambda _: [topic]) == 1
    live_feed.notify_here([topic])
    assert kept.get("a", reads, lambda _: [topic]) == 3


def test_a_change_during_the_read_makes_its_answer_stale_at_once():
    kept, reads = SharedReads[int](), Reads()
    topic = live_feed.technician(-3)

    def read_while_it_changes() -> int:
        live_feed.notify_here([topic])
        return reads()

    assert kept.get("a", read_while_it_changes, lambda _: [topic]) == 1
    assert kept.get("a", reads, lambda _: [topic]) == 2


def test_an_answer_is_read_again_after_the_safety_look(monkeypatch: pytest.MonkeyPatch):
    kept, reads = SharedReads[int](), Reads()
    assert kept.get("a", reads, lambda _: []) == 1
    later = shared_reads.time.monotonic() + 31
    monkeypatch.setattr(shared_reads.time, "monotonic", lambda: later)
    assert kept.get("a", reads, lambda _: []) == 2


def test_the_private_tables_are_tables():
    assert set(SQLModel.metadata.tables) >= PRIVATE_TABLES


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[set]:
    seen: list[set] = []
    monkeypatch.setattr(changes, "publish", lambda topics: seen.append(set(topics)))
    return seen


def test_a_profile_edit_tells_public_pages_and_a_login_does_not(demo_session: Session, published):
    tech = demo_session.exec(select(Technician).order_by(Technician.id)).first()
    tech.bio = "十年经验，擅长短发造型"
    demo_session.add(tech)
    demo_session.commit()
    assert live_feed.PUBLIC in set().union(*published)
    published.clear()
    auth.log_in(demo_session, CUSTOMER_PHONE, DEMO_PASSWORD)
    assert published and live_feed.PUBLIC not in set().union(*published)


def test_a_booking_tells_its_technician_not_every_public_page(
    demo_session: Session, customer, published
):
    order = pending_order(demo_session, customer)
    heard = set().union(*published)
    assert live_feed.technician(order.technician_id) in heard
    assert live_feed.PUBLIC not in heard


@pytest.fixture
def pages(monkeypatch: pytest.MonkeyPatch, demo_engine) -> dict[str, str]:
    """Page states on the demo city, fresh shared reads, and the route's parameters (set
    `params[...]`); the tab is a visitor until `auth_token` is set."""

    @contextmanager
    def scope(engine=None):
        with Session(demo_engine, expire_on_commit=False) as s:
            yield s

    for module in (tech_state, browse_state, price_panel, session_state):
        monkeypatch.setattr(module, "session_scope", scope)
    monkeypatch.setattr(tech_state, "_VISITORS_PROFILES", SharedReads())
    monkeypatch.setattr(tech_state, "_VISITORS_SLOTS", SharedReads())
    monkeypatch.setattr(price_panel, "_VISITORS_QUOTES", SharedReads())
    monkeypatch.setattr(browse_state, "_VISITORS_SERVICES", SharedReads())
    params: dict[str, str] = {}
    monkeypatch.setattr(SessionState, "_param", lambda self, name: params.get(name, ""))
    return params


def _page(cls: type[BaseState]) -> BaseState:
    return State(_reflex_internal_init=True).get_substate(cls.get_full_name().split("."))


def _slots(page: BookingState) -> set[str]:
    return {s["value"] for day in page._week.values() for s in day}


@pytest.fixture
def profiles_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    real = public_profile.technician_profile

    def counted(session, tech_id):
        seen.append(tech_id)
        return real(session, tech_id)

    monkeypatch.setattr(public_profile, "technician_profile", counted)
    return seen


def test_visitors_share_a_technician_page_until_it_is_booked(
    demo_session: Session, customer, pages, profiles_read
):
    tech_id = pending_order(demo_session, customer).technician_id  # a haircut technician
    pages.update(tech_id=str(tech_id), service="haircut")
    first, second = _page(BookingState), _page(BookingState)
    call(BookingState.load, first)
    call(BookingState.load, second)
    assert profiles_read == [tech_id]  # read once for both visitors
    assert second.profile == first.profile and second.price_total == first.price_total != ""
    free = max(_slots(second))  # the week's last free start (there is one): far from the lead time

    pending_order(demo_session, customer, tech_id, datetime.fromisoformat(free))
    call(BookingState.load, second)
    assert free not in _slots(second)  # the booking is shown at once
    assert len(profiles_read) == 2


def test_a_visitor_sees_a_profile_edit_at_once(demo_session: Session, pages, profiles_read):
    tech = demo_session.exec(select(Technician).order_by(Technician.id)).first()
    pages["tech_id"] = str(tech.id)
    page = _page(BookingState)
    call(BookingState.load, page)
    tech.bio = "新的一句话介绍"
    demo_session.add(tech)
    demo_session.commit()
    call(BookingState.load, page)
    assert page.profile["bio"] == "新的一句话介绍"


def test_a_logged_in_customer_reads_afresh(demo_session: Session, pages, profiles_read):
    tech = demo_session.exec(select(Technician).order_by(Technician.id)).first()
    pages["tech_id"] = str(tech.id)
    page = _page(BookingState)
    page.auth_token = auth.log_in(demo_session, CUSTOMER_PHONE, DEMO_PASSWORD).token
    call(BookingState.load, page)
    call(BookingState.load, page)
    assert profiles_read == [tech.id, tech.id]
    assert page.user_name != ""  # the login was checked on the way


def test_a_visitor_sees_a_renamed_service_at_once(demo_session: Session, pages):
    service = demo_session.exec(select(Service).where(Service.slug == "haircut")).one()
    pages["service_slug"] = "haircut"
    page = _page(ServiceState)
    call(ServiceState.load, page)
    assert page.found and page.technicians
    service.name = "精剪造型"
    demo_session.add(service)
    demo_session.commit()
    other = _page(ServiceState)
    call(ServiceState.load, other)
    assert other.card["name"] == "精剪造型" != page.card["name"]


def test_an_ended_login_is_not_served_a_shared_page(demo_session: Session, pages):
    tech = demo_session.exec(select(Technician).order_by(Technician.id)).first()
    pages["tech_id"] = str(tech.id)
    page = _page(BookingState)
    page.auth_token = auth.log_in(demo_session, CUSTOMER_PHONE, DEMO_PASSWORD).token
    for login in demo_session.exec(select(AuthSession)).all():
        demo_session.delete(login)
    demo_session.commit()
    call(BookingState.load, page)
    assert page.auth_token == "" and page.notice != ""  # told to log in again
