"""Issue 13, hole 9: numbers from the browser. `inf`, `1e20`, 30-digit ids, `-0`, `NaN` and ''
reach every number handler as a clear message, and nothing changes (components/browser_input.py
is the one parser)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from reflex.state import State
from sqlmodel import Session, select

import salon_app.salon_app  # noqa: F401 - registers every page state under SessionState
from salon_app.auth.session_state import SessionState
from salon_app.campaigns.state import holdout_bp
from salon_app.components import browser_input
from salon_app.core.demo.logins import CUSTOMER_PHONE, TECHNICIAN_PHONE
from salon_app.core.errors import DomainError
from salon_app.core.models import Certificate, ServiceArea, TechnicianService
from salon_app.coupon_desk.typed import discount_bp as coupon_discount_bp
from salon_app.customer.browse import state as browse_state
from salon_app.i18n import t
from salon_app.merchant.incentives.state import _rating_x100
from salon_app.promotions.state import discount_bp as promotion_discount_bp
from salon_app.technician.profile import state as profile_state
from salon_app.technician.profile.training_state import hours_from_form
from salon_app.technician.profile.view import radius_km, whole_number
from tests.support.handlers import call
from tests.support.shops import login

HOSTILE = ["inf", "-inf", "Infinity", "1e20", "9" * 30, "-0", "NaN", "nan", "²", "0x10", "1_0"]
BLANK = ["", "  ", None]


def _refused(call, value: object) -> str:
    with pytest.raises(DomainError) as err:
        call(value)
    text = t(err.value.key, **err.value.params)
    assert text != err.value.key and "{" not in text  # a real, filled-in message
    return text


# --- the parser ------------------------------------------------------------------------


@pytest.mark.parametrize("sent", HOSTILE + BLANK)
def test_the_parser_refuses_what_is_no_sane_number(sent):
    bounds = {"minimum": 0, "maximum": 10**6, "error": "tech_profile.number_invalid"}
    for parse in (
        lambda v: browser_input.whole(v, **bounds),
        lambda v: browser_input.scaled(v, factor=100, **bounds),
        lambda v: browser_input.fen(v, error="tech_profile.price_invalid", maximum=10**8),
        lambda v: browser_input.radius_km(v, minimum=1, maximum=30, error="x.y"),
    ):
        with pytest.raises(DomainError):
            parse(sent)
    assert browser_input.small_number(sent) is None and browser_input.row_id(sent) == 0


def test_the_parser_reads_plain_numbers_within_bounds():
    assert browser_input.whole(" 42 ", minimum=0, maximum=99, error="e") == 42
    assert browser_input.whole("", minimum=0, maximum=99, error="e", empty=7) == 7
    assert browser_input.optional_whole("", minimum=0, maximum=9, error="e") is None
    assert browser_input.scaled("4.8", factor=100, minimum=0, maximum=500, error="e") == 480
    assert browser_input.scaled("12.5%", factor=100, minimum=0, maximum=10**4, error="e") == 1250
    assert browser_input.fen("¥88.5", error="e", maximum=10**6) == 8850
    assert browser_input.radius_km("7.5", minimum=1, maximum=30, error="e") == 7.5
    for out_of_bounds in ("100", "-1"):
        with pytest.raises(DomainError):
            browser_input.whole(out_of_bounds, minimum=0, maximum=99, error="e")
    with pytest.raises(DomainError):  # a third decimal of a percentage is no basis point
        browser_input.scaled("1.005", factor=100, minimum=0, maximum=10**4, error="e")


# --- every page parser that feeds a handler -------------------------------------------------


PAGE_PARSERS = {
    "price filter": browse_state._yuan_to_fen,
    "profile number / certificate id": whole_number,
    "service radius": radius_km,
    "training hours": hours_from_form,
    "promotion discount": promotion_discount_bp,
    "coupon discount": coupon_discount_bp,
    "incentive rating": _rating_x100,
    "campaign holdout": holdout_bp,
}


@pytest.mark.parametrize("sent", HOSTILE)
@pytest.mark.parametrize("name", PAGE_PARSERS)
def test_every_number_field_refuses_hostile_numbers_with_a_message(name, sent):
    _refused(PAGE_PARSERS[name], sent)


def test_blank_fields_mean_what_the_form_says():
    assert browse_state._yuan_to_fen("") is None  # no price bound
    assert hours_from_form(" ") is None  # no hours given
    assert holdout_bp("") == 0
    assert _rating_x100("") is None
    _refused(whole_number, "")
    _refused(radius_km, "")


# --- the handlers: a message, and nothing changed --------------------------------------------


@pytest.fixture
def page(monkeypatch, demo_engine):
    """page(StateClass, phone): a page state of the demo city's `phone`, on the demo city."""

    def make(cls, phone: str):
        with Session(demo_engine) as s:
            actor = login(s, phone)
        monkeypatch.setattr(SessionState, "_actor", lambda self, session: actor)

        @contextmanager
        def scope(engine=None):
            with Session(demo_engine, expire_on_commit=False) as s:
                yield s

        monkeypatch.setattr(profile_state, "session_scope", scope)
        monkeypatch.setattr(browse_state, "session_scope", scope)
        monkeypatch.setattr("salon_app.auth.session_state.session_scope", scope)
        tab = State(_reflex_internal_init=True)
        return tab.get_substate(cls.get_full_name().split("."))

    return make


def _snapshot(demo_engine) -> tuple:
    with Session(demo_engine) as s:
        return (
            sorted((a.technician_id, a.radius_km, a.label) for a in s.exec(select(ServiceArea))),
            sorted(
                (p.technician_id, p.service_id, p.price_fen)
                for p in s.exec(select(TechnicianService))
            ),
            sorted(c.id for c in s.exec(select(Certificate))),
        )


@pytest.mark.parametrize("sent", [*HOSTILE, ""])
def test_the_technician_profile_handlers_refuse_and_change_nothing(page, demo_engine, sent):
    state = page(profile_state.TechProfileState, TECHNICIAN_PHONE)
    call(profile_state.TechProfileState.load, state)
    service = state.service_options[0]["id"]
    before = _snapshot(demo_engine)

    call(
        profile_state.TechProfileState.save_area,
        state,
        {"address": "深圳市福田区车公庙", "radius": sent},
    )
    assert "公里" in state.area_error
    call(profile_state.TechProfileState.save_price, state, {"service_id": service, "price": sent})
    assert state.price_error
    call(profile_state.TechProfileState.save_price, state, {"service_id": sent, "price": "88"})
    assert state.price_error
    for handler in (
        profile_state.TechProfileState.remove_certificate,
        profile_state.TechProfileState.view_scan,
    ):
        events = call(handler, state, sent)
        assert "error-toast" in str(events)
    assert _snapshot(demo_engine) == before


@pytest.mark.parametrize("sent", HOSTILE)
def test_the_price_filter_says_why_and_finds_nothing_new(page, sent):
    state = page(browse_state.ServiceState, CUSTOMER_PHONE)
    state.technicians = [{"name": "之前的结果"}]
    call(browse_state.ServiceState.filter, state, {"price_min": sent, "price_max": "300"})
    assert state.filter_error == t("input.price_filter_invalid")
    assert state.technicians == [{"name": "之前的结果"}]
