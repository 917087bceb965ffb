"""Where each browser tab's page state lives on the embedded stack (one worker, no Redis).

Reflex's default there is the disk state manager: a pickle file per state of every tab, kept
an hour and found again by scanning the whole folder, so its cost grows with the traffic of
the last hour (issue 14: with 8,600 files, 50 tabs went from p95 15 ms to 202 ms). Here the
states stay in the worker's memory instead, for exactly as long as they can be used:

- while the tab's websocket is connected, however long it sits idle (its page still shows
  that state, and a live page may push into it at any time);
- GRACE_SECONDS after it disconnected, so a reload or a short network loss finds its state;
  after that it is dropped. A tab that comes back later reconnects with its hydrate event,
  which rebuilds the page from the browser's stored login and the page's on_load.

Memory is therefore bounded by the connected tabs plus those closed in the last few
minutes, and a closed tab's memory is freed minutes after it closed, not an hour. A restart
forgets every state, as with the disk manager after an hour: the browser reconnects and
hydrates. With Redis (several workers) Reflex's Redis state manager is used unchanged.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import reflex as rx
from reflex.istate.manager.memory import StateManagerMemory
from reflex.utils import prerequisites
from reflex_base.registry import RegistrationContext

GRACE_SECONDS = 300


@dataclasses.dataclass
class TabStates(StateManagerMemory):
    """The memory state manager, where a state lives while its tab is connected."""

    # Whether a tab (its client token) has a live websocket in this worker.
    connected: Callable[[str], bool] = lambda _token: False

    def _purge_expired_tokens(self) -> float | None:
        """Connected tabs' deadlines move on instead of their states being dropped."""
        now = time.time()
        for key, (expires_at, token) in list(self._token_expires_at.items()):
            if expires_at <= now and self.connected(token.ident):
                self._token_expires_at[key] = (now + self.token_expiration, token)
        return super()._purge_expired_tokens()


def tab_connected(token: str, app: rx.App | None = None) -> bool:
    """Whether the tab (its client token) has a websocket open. A tab's background tasks
    (live pages, the login watch) run in the worker holding its socket and end when it is
    gone: a closed tab must not keep a task looking at the database, nor keep its state."""
    app = app or RegistrationContext.get().app
    namespace = app.event_namespace
    return namespace is not None and token in namespace._token_manager.token_to_socket


def keep_tab_states_in_memory(app: rx.App, grace_seconds: int = GRACE_SECONDS) -> None:
    """Use TabStates for the app unless its states go to Redis (scale-out)."""
    if prerequisites.parse_redis_url() is not None:
        return

    def connected(token: str) -> bool:
        return tab_connected(token, app)

    app._state_manager = TabStates(token_expiration=grace_seconds, connected=connected)
