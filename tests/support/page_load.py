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
LOADING = '"is_hydrated_rx_state_":false'


def received_frames(page: Page) -> list[str]:
    """Every websocket message the browser tab receives from now on, as text."""
    frames: list[str] = []
    page.on("websocket", lambda ws: _collect(ws, frames))
    return frames


def _collect(ws: WebSocket, frames: list[str]) -> None:
    ws.on("framereceived", lambda data: frames.append(_text(data)))


def socket_log(page: Page) -> list[tuple[str, str]]:
    """Every websocket message of the tab from now on, in order: ("sent" | "received", text)."""
    log: list[tuple[str, str]] = []

    def attach(ws: WebSocket) -> None:
        ws.on("framesent", lambda data: log.append(("sent", _text(data))))
        ws.on("framereceived", lambda data: log.append(("received", _text(data))))

    page.on("websocket", attach)
    return log


def _text(data: str | bytes) -> str:
    return data if isinstance(data, str) else data.decode()


def _route_loaded(log: list[tuple[str, str]], path: str) -> bool:
    """The browser asked for `path`'s on_load handlers (a move inside the app), then the
    server said the page is loading and, after the handlers, that it has loaded."""
    asked = [
        i
        for i, (way, text) in enumerate(log)
        if way == "sent" and "on_load_internal" in text and f'"pathname":"{path}' in text
    ]
    if not asked:
        return False
    answers = [text for way, text in log[asked[-1] :] if way == "received"]
    loading = next((i for i, text in enumerate(answers) if LOADING in text), None)
    return loading is not None and any(HYDRATED in text for text in answers[loading:])


def wait_for_route_load(
    page: Page, log: list[tuple[str, str]], path: str, seconds: float = 15
) -> None:
    """Until the on_load handlers of the app's own move to `path` (a redirect, a link) have
    run; what they change may not show on the page (e.g. the login page wiping the tab)."""
    deadline = time.monotonic() + seconds
    while not _route_loaded(log, path):
        assert time.monotonic() < deadline, f"the load of {path} did not finish"
        page.wait_for_timeout(100)


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
