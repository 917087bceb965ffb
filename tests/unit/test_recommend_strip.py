"""The 猜你喜欢 strip: visitors' guesses are worked out once per page and shared until the
safety look; a logged-in customer's are their own and worked out again once they book."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlmodel import Session

from salon_app.core.demo.logins import CUSTOMER_PHONE, DEMO_PASSWORD
from salon_app.core.live_feed import SharedReads, shared_reads
from salon_app.core.services import auth
from salon_app.core.settings import get_settings
from salon_app.customer.recommend import state as strip_state
from salon_app.customer.recommend.state import _recommend
from tests.support.orders import pending_order


@pytest.fixture
def worked_out(monkeypatch: pytest.MonkeyPatch, demo_engine) -> list[tuple]:
    calls: list[tuple] = []
    real = strip_state.recommendations.recommend

    def counted(session, actor, slug):
        calls.append((actor.user_id if actor else None, slug))
        return real(session, actor, slug)

    @contextmanager
    def scope(engine=None):
        with Session(demo_engine, expire_on_commit=False) as s:
            yield s

    monkeypatch.setattr(strip_state, "session_scope", scope)
    monkeypatch.setattr(strip_state.recommendations, "recommend", counted)
    monkeypatch.setattr(strip_state, "_GUESSES", SharedReads())
    return calls


@pytest.fixture
def customer_token(demo_session: Session) -> str:
    return auth.log_in(demo_session, CUSTOMER_PHONE, DEMO_PASSWORD).token


def test_visitors_share_one_answer_per_page_until_the_safety_look(worked_out, monkeypatch):
    first = _recommend("", "")
    assert _recommend("", "") is first
    assert _recommend("", "haircut") is not first  # another page: its own answer
    assert worked_out == [(None, ""), (None, "haircut")]
    clock = shared_reads.time.monotonic() + get_settings().live_safety_seconds + 1
    monkeypatch.setattr(shared_reads.time, "monotonic", lambda: clock)
    _recommend("", "")  # after the safety look: worked out again
    assert worked_out[-1] == (None, "")
    assert len(worked_out) == 3


def test_a_customer_s_guesses_are_their_own_until_they_book(
    worked_out, customer_token, demo_session: Session
):
    _recommend("", "")
    mine = _recommend(customer_token, "")
    assert _recommend(customer_token, "") is mine
    assert [who is None for who, _ in worked_out] == [True, False]
    pending_order(demo_session, auth.resolve(demo_session, customer_token))
    _recommend(customer_token, "")  # their history changed: worked out again
    assert len(worked_out) == 3 and worked_out[2][0] is not None
