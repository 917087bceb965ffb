"""The 猜你喜欢 strip: visitors' guesses are worked out once a minute per page and shared;
a logged-in customer's are always their own and fresh."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlmodel import Session

from salon_app.core.demo.logins import CUSTOMER_PHONE, DEMO_PASSWORD
from salon_app.core.services import auth
from salon_app.customer.recommend import state as strip_state
from salon_app.customer.recommend.state import _recommend


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
    monkeypatch.setattr(strip_state, "_for_visitors", {})
    return calls


@pytest.fixture
def customer_token(demo_session: Session) -> str:
    return auth.log_in(demo_session, CUSTOMER_PHONE, DEMO_PASSWORD).token


def test_visitors_share_one_answer_per_page_for_a_minute(worked_out, monkeypatch):
    first = _recommend("", "")
    assert _recommend("", "") is first
    assert _recommend("", "haircut") is not first  # another page: its own answer
    assert worked_out == [(None, ""), (None, "haircut")]
    clock = strip_state.time.monotonic() + strip_state.VISITOR_SECONDS + 1
    monkeypatch.setattr(strip_state.time, "monotonic", lambda: clock)
    _recommend("", "")  # a minute later: worked out again
    assert worked_out[-1] == (None, "")
    assert len(worked_out) == 3


def test_a_customer_s_guesses_are_never_shared(worked_out, customer_token):
    _recommend(customer_token, "")
    _recommend(customer_token, "")
    assert [who for who, _ in worked_out] == [worked_out[0][0]] * 2
    assert worked_out[0][0] is not None
