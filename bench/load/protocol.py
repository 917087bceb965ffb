"""One browser tab on Reflex's websocket: engine.io v4 / socket.io over wsproto and asyncio.

What a tab sends is what the compiled frontend sends (see bench/load/capture.py and the built
.web/utils/state.js): the socket opens on `/_event/?EIO=4&transport=websocket&token=<tab token>`;
the hydrate event (`<root state>.hydrate_and_load`, with the browser's stored vars and, on a
first load, the hashes of the compiled initial state) rides in the socket.io CONNECT packet with
the state schema hash; a move inside the app sends the new page's mount events, then
`update_vars_internal` (only when browser storage holds something) and `on_load_internal`.

Reflex 0.10 no longer marks an event's last update (`StateUpdate.final` is deprecated), so a
round trip ends at the update that says the work is over: a page load (hydrate or navigation)
ends with `is_hydrated` true, sent after the page's on_load handlers; a log-in with the
`_redirect` event (or the form's error).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    CloseConnection,
    Ping,
    RejectConnection,
    Request,
    TextMessage,
)
from wsproto.extensions import PerMessageDeflate

NAMESPACE = "/_event"
HYDRATED = '"is_hydrated_rx_state_":true'
REDIRECT = '"name":"_redirect"'
FORM_ERROR = re.compile(r'"form_error_rx_state_":"([^"]+)"')
AUTH_TOKEN = re.compile(r'"auth_token_rx_state_":"([^"]*)"')
DEVICE_TOKENS = re.compile(r'"tokens_rx_state_":"([^"]*)"')
REDIRECT_PATH = re.compile(r'"name":"_redirect".*?"path":"([^"]*)"')
USER_AGENT = "salon-load-bench/1 (Reflex socket client)"


class TabError(Exception):
    """The tab could not do what it was asked (refused, closed, timed out)."""


@dataclass(frozen=True)
class Names:
    """The app's event and var names, as the compiled frontend spells them (world.py)."""

    root: str  # the root state, e.g. reflex___state____state
    on_load: str  # <root>.<on_load_internal_state>.on_load_internal
    update_vars: str  # <root>.<update_vars_internal_state>.update_vars_internal
    log_in: str  # the login form's submit handler
    auth_var: str  # browser storage var of the login token (salon_token)
    device_var: str  # browser storage var of the device tokens (salon_device)
    schema: str  # the compiled frontend's state schema hash ("" when unknown)
    hashes: tuple[str, ...]  # per-state hashes of the compiled initial state


@dataclass(frozen=True)
class Page:
    """A page of the app: its path, the route params the browser puts in router_data.query,
    and the events its components send when they mount."""

    path: str
    query: tuple[tuple[str, str], ...] = ()
    mount: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()  # (event, payload)

    def router_data(self) -> dict:
        data: dict = {"pathname": self.path, "asPath": self.path}
        if self.query:
            data["query"] = dict(self.query)
        return data


def _packet(body: object) -> str:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


class Tab:
    """A tab: one socket with its own token. Not safe to drive from two coroutines at once."""

    def __init__(self, url: str, names: Names, timeout: float = 30.0, keep: bool = False) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "localhost", parts.port or 80
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.names, self.timeout = names, timeout
        self.token = str(uuid.uuid4())
        self.auth_token = self.devices = ""
        self.received = 0  # socket.io event messages from the server
        self.messages: list[str] | None = [] if keep else None  # their text, when kept
        self.closed = asyncio.Event()
        self._ws = WSConnection(ConnectionType.CLIENT)
        self._writer: asyncio.StreamWriter | None = None
        self._reader_task: asyncio.Task | None = None
        self._want: tuple[Callable[[str], bool], asyncio.Future[str]] | None = None
        self._accepted: asyncio.Future[None] | None = None
        self._connected: asyncio.Future[None] | None = None
        self._fragments: list[str] = []

    # -- what a user does ----------------------------------------------------------------
    async def open(self, page: Page, vars_: dict[str, str] | None = None) -> float:
        """Open the app at `page` (a full page load); ms until the page is hydrated."""
        loop = asyncio.get_running_loop()
        self._accepted, self._connected = loop.create_future(), loop.create_future()
        reader, self._writer = await asyncio.wait_for(
            asyncio.open_connection(self.host, self.port), self.timeout
        )
        target = "/_event/?" + urlencode(
            {"EIO": "4", "transport": "websocket", "token": self.token}
        )
        self._write(
            Request(
                host=f"{self.host}:{self.port}",
                target=target,
                extensions=[PerMessageDeflate()],
                extra_headers=[
                    (b"origin", self.origin.encode()),
                    (b"user-agent", USER_AGENT.encode()),
                ],
            )
        )
        self._reader_task = asyncio.create_task(self._read(reader))
        await asyncio.wait_for(asyncio.shield(self._accepted), self.timeout)
        payload: dict = {"hashes": list(self.names.hashes)} if self.names.hashes else {}
        if vars_:
            payload = {"vars": vars_, **payload}
        boot = {"name": f"{self.names.root}.hydrate_and_load", "payload": payload}
        boot["router_data"] = page.router_data()
        auth = {"event": boot, "state_schema": self.names.schema or None}
        started = time.perf_counter()
        done = self._expect(lambda text: HYDRATED in text)
        self._send_text(f"40{NAMESPACE},{_packet(auth)}")
        await self._wait(done)
        self._send_mount(page)
        return (time.perf_counter() - started) * 1000

    async def navigate(self, page: Page) -> float:
        """Move to `page` inside the app (a link click); ms until its on_load handlers ran."""
        started = time.perf_counter()
        done = self._expect(lambda text: HYDRATED in text)
        self._send_mount(page)
        stored = self.stored_vars()
        if stored:
            self.emit(self.names.update_vars, {"vars": stored}, page)
        self.emit(self.names.on_load, None, page)
        await self._wait(done)
        return (time.perf_counter() - started) * 1000

    async def log_in(self, page: Page, phone: str, password: str) -> str:
        """Submit the login form on `page`; the path the app sends the user to."""
        done = self._expect(lambda text: REDIRECT in text or FORM_ERROR.search(text) is not None)
        form = {"__reflex_form_data__": [["phone", phone], ["password", password], ["code", None]]}
        self.emit(self.names.log_in, {"form": form}, page)
        text = await self._wait(done)
        if (error := FORM_ERROR.search(text)) and REDIRECT not in text:
            raise TabError(f"login refused: {error.group(1)}")
        found = REDIRECT_PATH.search(text)
        return found.group(1) if found else "/"

    def stored_vars(self) -> dict[str, str]:
        """What the browser's local storage holds for the app (sent with page loads)."""
        stored = {}
        if self.auth_token:
            stored[self.names.auth_var] = self.auth_token
        if self.devices:
            stored[self.names.device_var] = self.devices
        return stored

    def emit(self, name: str, payload: dict | None, page: Page) -> None:
        event: dict = {"name": name}
        if payload:
            event["payload"] = payload
        event["router_data"] = page.router_data()
        self._send_text(f"42{NAMESPACE},{_packet(['event', event])}")

    async def close(self) -> None:
        """Leave the app: socket.io disconnect, then the websocket close."""
        if self._writer is None:
            return
        try:
            if not self.closed.is_set():
                self._send_text(f"41{NAMESPACE},")
                self._write(CloseConnection(code=1000))
                await self._writer.drain()
        except (ConnectionError, RuntimeError, Exception):
            pass
        self._writer.close()
        if self._reader_task is not None:
            self._reader_task.cancel()
        self.closed.set()

    # -- internals -----------------------------------------------------------------------
    def _send_mount(self, page: Page) -> None:
        for name, payload in page.mount:
            if name.endswith(".watch") and not self.auth_token:
                continue  # the login watch is mounted only for a logged-in user
            self.emit(name, dict(payload) or None, page)

    def _expect(self, done: Callable[[str], bool]) -> asyncio.Future[str]:
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._want = (done, future)
        return future

    async def _wait(self, future: asyncio.Future[str]) -> str:
        try:
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError as err:
            raise TabError(f"no answer in {self.timeout:.0f} s") from err
        finally:
            self._want = None

    def _write(self, event: object) -> None:
        if self._writer is None or self.closed.is_set():
            raise TabError("socket closed")
        self._writer.write(self._ws.send(event))  # type: ignore[arg-type]

    def _send_text(self, text: str) -> None:
        self._write(TextMessage(data=text))

    async def _read(self, reader: asyncio.StreamReader) -> None:
        try:
            while data := await reader.read(262144):
                self._ws.receive_data(data)
                for event in self._ws.events():
                    self._on_ws_event(event)
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.closed.set()
            self._fail(TabError("socket closed by the server"))

    def _on_ws_event(self, event: object) -> None:
        if isinstance(event, AcceptConnection):
            return
        if isinstance(event, RejectConnection):
            self._fail(TabError(f"websocket refused: {event.status_code}"))
        elif isinstance(event, Ping):
            self._writer.write(self._ws.send(event.response()))  # type: ignore[union-attr]
        elif isinstance(event, CloseConnection):
            self.closed.set()
            self._fail(TabError(f"closed by the server: {event.code}"))
        elif isinstance(event, TextMessage):
            self._fragments.append(event.data)
            if event.message_finished:
                text, self._fragments = "".join(self._fragments), []
                self._on_text(text)

    def _on_text(self, text: str) -> None:
        kind = text[:1]
        if kind == "0":  # engine.io open: the websocket is accepted
            if self._accepted is not None and not self._accepted.done():
                self._accepted.set_result(None)
        elif kind == "2":  # engine.io ping
            self._send_text("3")
        elif text.startswith(f"42{NAMESPACE},"):
            self.received += 1
            if self.messages is not None:
                self.messages.append(text)
            if '"auth_token_rx_state_":"' in text and (found := AUTH_TOKEN.search(text)):
                self.auth_token = found.group(1)
            if '"tokens_rx_state_":"' in text and (found := DEVICE_TOKENS.search(text)):
                self.devices = found.group(1)
            if self._want is not None and not self._want[1].done() and self._want[0](text):
                self._want[1].set_result(text)
        elif text.startswith(f"44{NAMESPACE},"):
            self._fail(TabError(f"connect refused: {text[:200]}"))
        elif text.startswith(f"41{NAMESPACE}"):
            self._fail(TabError("disconnected by the server"))

    def _fail(self, error: TabError) -> None:
        for future in (self._accepted, self._want[1] if self._want else None):
            if future is not None and not future.done():
                future.set_exception(error)
