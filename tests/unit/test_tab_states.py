"""Tab states on the embedded stack live in memory while the tab is connected and a grace
period after it left (salon_app/tab_states.py); the clock here is the state manager's own
(time.time, not the app's clock), replaced by a counter the test moves."""

from __future__ import annotations

import asyncio

import pytest
from reflex.istate.manager import memory
from reflex.istate.manager.token import BaseStateToken
from reflex.state import State

import salon_app.salon_app as app_module
from salon_app.tab_states import GRACE_SECONDS, TabStates


class _Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    fake = _Clock()
    monkeypatch.setattr(memory, "time", fake)
    monkeypatch.setattr("salon_app.tab_states.time", fake)
    return fake


def _token(name: str) -> BaseStateToken:
    return BaseStateToken(ident=name, cls=State)


def test_the_app_keeps_tab_states_in_memory_without_redis() -> None:
    manager = app_module.app.state_manager
    assert isinstance(manager, TabStates)
    assert manager.token_expiration == GRACE_SECONDS


def test_a_connected_tab_keeps_its_state_however_long_it_is_idle(clock: _Clock) -> None:
    open_tabs = {"open"}
    manager = TabStates(token_expiration=300, connected=open_tabs.__contains__)

    async def scenario() -> None:
        async with manager.modify_state(_token("open")) as state:
            state.router_data = {"marker": "kept"}
        async with manager.modify_state(_token("closed")):
            pass
        clock.now += 3 * 3600  # three idle hours
        manager._purge_expired_tokens()
        assert "open" in manager.states
        assert "closed" not in manager.states  # closed and past its grace: memory freed
        again = await manager.get_state(_token("open"))
        assert again.router_data == {"marker": "kept"}
        await manager.close()

    asyncio.run(scenario())


def test_a_closed_tab_is_found_again_within_the_grace_period(clock: _Clock) -> None:
    manager = TabStates(token_expiration=300, connected=lambda _token: False)

    async def scenario() -> None:
        first = await manager.get_state(_token("reloading"))
        clock.now += 299
        manager._purge_expired_tokens()
        assert await manager.get_state(_token("reloading")) is first
        clock.now += 301
        manager._purge_expired_tokens()
        assert "reloading" not in manager.states
        await manager.close()

    asyncio.run(scenario())
