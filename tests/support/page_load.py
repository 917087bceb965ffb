"""Browser tests: wait until a page load's on_load handlers have run.

A Reflex tab keeps its state between page loads (the token lives in the tab), so right after a
navigation the page shows what the previous load left, then this load's handlers change it (a
form keyed on a version is mounted again, dropping what was typed into it meanwhile). The
frontend is told the load is done by a state frame with is_hydrated true, sent after the
handlers.
"""

from __future__ import annotations

import time

from playwright.sync_api import Page, WebSocket

HYDRATED = '"is_hydrated_rx_state_":true'


def received_frames(page: Page) -> list[str]:
    """Every websocket message the browser tab receives from now on, as text."""
    frames: list[str] = []
    page.on("websocket", lambda ws: _collect(ws, frames))
    return frames


def _collect(ws: WebSocket, frames: list[str]) -> None:
    ws.on(
        "framereceived",
        lambda data: frames.append(data if isinstance(data, str) else data.decode()),
    )


def wait_for_hydrate(page: Page, frames: list[str], seconds: float = 15) -> None:
    """Until the page load's state snapshot has arrived and its on_load handlers have run."""
    deadline = time.monotonic() + seconds
    while not any(HYDRATED in f for f in frames):
        assert time.monotonic() < deadline, "no hydrated state arrived"
        page.wait_for_timeout(100)  # Playwright delivers the frames while it waits


def goto_loaded(page: Page, url: str, seconds: float = 15) -> None:
    """Open `url` in the tab and return once its on_load handlers have run."""
    frames: list[str] = []

    def listen(ws: WebSocket) -> None:
        _collect(ws, frames)

    page.on("websocket", listen)
    try:
        page.goto(url)
        wait_for_hydrate(page, frames, seconds)
    finally:
        page.remove_listener("websocket", listen)
