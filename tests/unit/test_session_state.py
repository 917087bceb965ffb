"""A browser tab's state tree holds one user's data at a time (in-process state; the browser
tests check the same through Redis with two workers)."""

from __future__ import annotations

import asyncio
import contextvars

import pytest
from reflex.state import BaseState, State

import salon_app.salon_app  # noqa: F401 - registers every page state under SessionState
from salon_app.auth import session_state
from salon_app.auth.session_state import SessionState
from salon_app.auth.state import AuthFormState
from salon_app.core.errors import PermissionDenied
from salon_app.core.services.access import Actor
from salon_app.customer.orders.state import OrderState
from salon_app.merchant.home.state import MerchantHomeState
from salon_app.technician.job.state import JobState

A_TECHNICIAN = Actor(7, "technician", "技师甲", None, 3)


def _tab() -> State:
    return State(_reflex_internal_init=True)


def _state(tab: State, cls: type[BaseState]) -> BaseState:
    return tab.get_substate(cls.get_full_name().split("."))


def _not_default(state: BaseState) -> dict[str, object]:
    """The fields this state declares whose value differs from their default."""
    cls = type(state)
    return {
        name: getattr(state, name)
        for name, f in cls.__fields__.items()
        if f._owner is cls and not name.startswith("rx_router") and name != "router_data"
        if getattr(state, name) != f.default_value()
    }


def _someone_used(tab: State) -> None:
    session = _state(tab, SessionState)
    session.auth_token, session.user_name, session.user_role = "tok", "技师甲", "technician"
    job = _state(tab, JobState)
    job.code, job.job = "J1", {"phone": "+8613800138001", "address": "福田区深南大道6008号"}
    order = _state(tab, OrderState)
    order._pending = {"review:J1": [b"jpeg"]}
    _state(tab, MerchantHomeState).revenue_30d = "¥24513"


def _all_states(state: BaseState) -> list[BaseState]:
    return [state, *(s for sub in state.substates.values() for s in _all_states(sub))]


def test_forgetting_the_tab_resets_every_app_state_and_backend_var():
    tab = _tab()
    _someone_used(tab)
    asyncio.run(_state(tab, AuthFormState)._forget_tab())
    leftovers = {
        type(s).__name__: left
        for s in _all_states(_state(tab, SessionState))
        if (left := _not_default(s))
    }
    assert leftovers == {}


def test_a_page_that_sends_its_user_to_log_in_drops_its_data():
    tab = _tab()
    _someone_used(tab)
    _state(tab, SessionState).auth_token = ""
    job = _state(tab, JobState)
    data, events = job._guarded(lambda s, a: pytest.fail("loaded for nobody"))
    assert data is None and events
    assert _not_default(job) == {}


def test_a_page_that_refuses_its_user_drops_its_data(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(SessionState, "_actor", lambda self, session: A_TECHNICIAN)
    tab = _tab()
    _someone_used(tab)
    job = _state(tab, JobState)

    def refused(session, actor):
        raise PermissionDenied()

    assert job._guarded(refused) == (None, None)
    assert _not_default(job) == {}
    assert job.access_error == "您没有权限访问该页面"


def test_a_var_assigned_the_value_it_has_is_not_sent_again() -> None:
    """Pages re-assign what they show on every load: only what changed goes to the browser."""
    tab = _tab()
    page = _state(tab, OrderState)
    page.user_name = "技师甲"
    page.admin_rights = ["view_overview"]
    assert tab.get_delta() != {}
    tab._clean()
    page.user_name = "技师甲"
    page.admin_rights = ["view_overview"]  # a new list, equal to the one shown
    assert tab.get_delta() == {}
    page.user_name = "技师乙"
    delta = tab.get_delta()
    assert [v for changes in delta.values() for k, v in changes.items() if "user_name" in k] == [
        "技师乙"
    ]


@pytest.fixture
def resolves(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each time the login behind a token is looked up in the database."""
    seen: list[str] = []

    def resolve(session, token):
        seen.append(token)
        return A_TECHNICIAN

    monkeypatch.setattr(session_state.auth, "resolve", resolve)
    return seen


def test_one_event_looks_its_login_up_once_and_the_next_event_again(resolves):
    page = _state(_tab(), JobState)
    page.auth_token = "token-1"

    def one_event() -> None:  # a page's load and its panels, each asking who is logged in
        for _ in range(4):
            assert page._actor(None) == A_TECHNICIAN

    contextvars.copy_context().run(one_event)
    assert resolves == ["token-1"]
    contextvars.copy_context().run(one_event)  # the next event: a login ended meanwhile is seen
    assert resolves == ["token-1", "token-1"]


def test_a_long_task_asks_again_after_a_second_and_another_token_at_once(
    resolves, monkeypatch: pytest.MonkeyPatch
):
    page = _state(_tab(), JobState)
    page.auth_token = "token-1"
    now = [1000.0]
    monkeypatch.setattr(session_state.time, "monotonic", lambda: now[0])

    def live_watch() -> None:
        page._actor(None)
        page._actor(None)
        now[0] += session_state.RESOLVED_SECONDS
        page._actor(None)
        page.auth_token = "token-2"  # the tab's user changed
        page._actor(None)

    contextvars.copy_context().run(live_watch)
    assert resolves == ["token-1", "token-1", "token-2"]
