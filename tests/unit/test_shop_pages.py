"""The shop pages' states: the form's week, the handlers refusing what a role may not do, and
a merchant of another shop getting nothing of this one."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from reflex.state import BaseState, State
from sqlmodel import Session

import salon_app.salon_app  # noqa: F401 - registers every page state under SessionState
from salon_app.auth.session_state import SessionState
from salon_app.core.errors import DomainError
from salon_app.core.services import merchants
from salon_app.customer.shop.state import week_rows
from salon_app.merchant.shop import state as shop_state
from salon_app.merchant.shop.state import ShopInfoState, hours_from_form
from salon_app.merchant.staff import state as staff_state
from salon_app.merchant.staff.state import StaffState
from tests.support.handlers import call
from tests.support.shops import FRONT_DESK, OTHER_OWNER, OWNER, login

TUESDAY = date(2026, 3, 3)


def _rows(closed: set[int] = frozenset()) -> list[dict[str, str]]:
    return [{"weekday": str(d), "closed": "1" if d in closed else ""} for d in range(7)]


def test_the_week_form_reads_open_days_and_closed_ones():
    form = {f"s0_{d}": "10:00" for d in range(7)} | {f"e0_{d}": "21:00" for d in range(7)}
    form |= {"s1_2": "22:00", "e1_2": "24:00"}
    ranges = hours_from_form(_rows({6}), form)
    assert merchants.OpenRange(2, "22:00", "24:00") in ranges
    assert {r.weekday for r in ranges} == set(range(6))


@pytest.mark.parametrize(
    ("form", "key"),
    [
        ({"s0_0": "10:00"}, "shop_admin.hours_incomplete"),
        ({}, "shop_admin.hours_empty_day"),
    ],
)
def test_a_half_filled_range_or_an_open_day_without_one_is_refused(form, key):
    with pytest.raises(DomainError) as err:
        hours_from_form(_rows(set(range(1, 7))), form)
    assert err.value.key == key and err.value.params["weekday"] == 0


def test_the_public_week_marks_today_and_closed_days():
    rows = week_rows([merchants.OpenRange(1, "10:00", "14:00")], TUESDAY)
    assert [r["today"] for r in rows].index("1") == 1
    assert rows[1]["text"] == "10:00–14:00" and rows[1]["closed"] == ""
    assert rows[0]["text"] == "休息" and rows[0]["closed"] == "1"


def _state(cls: type[BaseState], monkeypatch, demo_engine, phone: str) -> BaseState:
    """A page state whose user is `phone`, running against the demo city."""
    with Session(demo_engine) as s:
        actor = login(s, phone)
    monkeypatch.setattr(SessionState, "_actor", lambda self, session: actor)

    @contextmanager
    def scope(engine=None):
        with Session(demo_engine, expire_on_commit=False) as s:
            yield s

    monkeypatch.setattr(shop_state, "session_scope", scope)
    monkeypatch.setattr(staff_state, "session_scope", scope)
    monkeypatch.setattr("salon_app.auth.session_state.session_scope", scope)
    tab = State(_reflex_internal_init=True)
    return tab.get_substate(cls.get_full_name().split("."))


def test_front_desk_sees_the_shop_but_its_save_is_refused(monkeypatch, demo_engine):
    page = _state(ShopInfoState, monkeypatch, demo_engine, FRONT_DESK)
    call(ShopInfoState.load, page)
    assert page.loaded and not page.can_edit
    name = page.name
    form = {"name": "改名", "address": page.address, "contact_phone": page.contact_phone}
    call(ShopInfoState.save_info, page, form)
    assert page.info_error == "您没有权限访问该页面"
    with Session(demo_engine) as s:
        assert merchants.shop_settings(s, login(s, OWNER)).info.name == name


def test_another_shops_owner_cannot_remove_this_shops_closure(monkeypatch, demo_engine):
    with Session(demo_engine) as s:
        closure = merchants.shop_settings(s, login(s, OWNER)).closures[0]
    page = _state(ShopInfoState, monkeypatch, demo_engine, OTHER_OWNER)
    call(ShopInfoState.load, page)
    events = call(ShopInfoState.remove_closure, page, str(closure.id))
    assert "找不到该休息日" in str(events)
    with Session(demo_engine) as s:
        assert closure in merchants.shop_settings(s, login(s, OWNER)).closures


def test_only_the_owner_manages_staff_from_the_page(monkeypatch, demo_engine):
    page = _state(StaffState, monkeypatch, demo_engine, FRONT_DESK)
    call(StaffState.load, page)
    assert page.members and not page.can_manage
    call(StaffState.invite, page, {"phone": "17600000011", "role": "owner"})
    assert page.invite_error == "您没有权限访问该页面"
    assert page.invitations == []
