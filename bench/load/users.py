"""The simulated users: who opens which pages, how long they look at each, and what is timed.

Kinds (the default mix, in %): anonymous customers browsing home / search / category / service /
technician pages (70), logged-in customers on their orders and order pages and the shop (15),
technicians with the job board open (10), merchants on their dashboards (5). Logged-in tabs
open the app already logged in, with the login token the browser keeps in local storage
(the accounts were logged in once through the real login form: `log_in_accounts`).
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

from bench.load.protocol import Names, Page, Tab, TabError
from bench.load.world import Account, World
from salon_app import routes
from salon_app.core.demo.logins import DEMO_PASSWORD

DEFAULT_MIX = {"anonymous": 70, "customer": 15, "technician": 10, "merchant": 5}
# A technician or merchant keeps a board open: they move on this many times less often.
DWELL = {"anonymous": 1.0, "customer": 1.0, "technician": 5.0, "merchant": 5.0}
LOGIN_PAGE = Page(routes.LOGIN)


@dataclass
class Recorder:
    """Round trips and errors with the monotonic time they ended."""

    trips: list[tuple[float, str, float]] = field(default_factory=list)  # (at, what, ms)
    errors: list[tuple[float, str]] = field(default_factory=list)

    def ok(self, what: str, ms: float) -> None:
        self.trips.append((time.monotonic(), what, ms))

    def failed(self, what: str, err: BaseException) -> None:
        self.errors.append((time.monotonic(), f"{what}: {type(err).__name__}: {err}"[:300]))

    def window(self, start: float, end: float, what: tuple[str, ...]) -> list[float]:
        return [ms for at, kind, ms in self.trips if start <= at <= end and kind in what]


@dataclass(frozen=True)
class Login:
    """A login kept by the browser: its token and device tokens, and the account's pages."""

    account: Account
    auth_token: str
    devices: str


def parse_mix(text: str) -> dict[str, int]:
    """`anonymous=70,customer=15,technician=10,merchant=5` (missing kinds: 0)."""
    mix = {kind: 0 for kind in DEFAULT_MIX}
    for part in filter(None, text.split(",")):
        kind, _, weight = part.partition("=")
        if kind not in mix:
            raise ValueError(f"unknown kind {kind!r}: {', '.join(mix)}")
        mix[kind] = int(weight)
    return mix


def kinds_for(tabs: int, mix: dict[str, int]) -> list[str]:
    """`tabs` kinds in the mix's proportions (largest remainder), shuffled reproducibly."""
    total = sum(mix.values()) or 1
    counts = {k: tabs * w // total for k, w in mix.items()}
    rest = sorted(mix, key=lambda k: -(tabs * mix[k] % total))
    for kind in rest[: tabs - sum(counts.values())]:
        counts[kind] += 1
    kinds = [k for k, n in counts.items() for _ in range(n)]
    random.Random(tabs).shuffle(kinds)
    return kinds


async def log_in(url: str, names: Names, account: Account) -> tuple[Tab, float, str]:
    """A tab opens the login page and submits the form; (tab, ms from submit until the page
    it was sent to has loaded, that path). The tab stays open on that page."""
    tab = Tab(url, names)
    try:
        await tab.open(LOGIN_PAGE)
        started = time.perf_counter()
        path = await tab.log_in(LOGIN_PAGE, account.phone, DEMO_PASSWORD)
        landing = next((p for p in account.pages if p.path == path), Page(path))
        await tab.navigate(landing)
    except BaseException:
        await tab.close()
        raise
    return tab, (time.perf_counter() - started) * 1000, path


async def log_in_accounts(url: str, names: Names, accounts: list[Account]) -> list[Login]:
    """Log each account in once through the login form (a few at a time)."""
    gate = asyncio.Semaphore(4)

    async def one(account: Account) -> Login | None:
        async with gate:
            try:
                tab, _, _ = await log_in(url, names, account)
            except (TabError, OSError) as err:
                print(f"    login of {account.phone[-4:]} failed: {err}", flush=True)
                return None
            await tab.close()
            return Login(account, tab.auth_token, tab.devices)

    return [x for x in await asyncio.gather(*(one(a) for a in accounts)) if x is not None]


class User:
    """One tab driven like a person: open the app, look, move on; reopen after an error."""

    def __init__(
        self,
        url: str,
        names: Names,
        world: World,
        kind: str,
        login: Login | None,
        think: float,
        rng: random.Random,
    ) -> None:
        self.url, self.names, self.world, self.kind = url, names, world, kind
        self.login, self.think, self.rng = login, think * DWELL[kind], rng
        self.tab: Tab | None = None

    def _pages(self) -> tuple[Page, ...]:
        if self.login is None:
            return self.world.browse
        if self.kind == "customer":
            return self.login.account.pages + self.world.browse[:12]
        return self.login.account.pages

    def _next(self, current: Page | None) -> Page:
        pages = self._pages()
        if self.kind == "technician" and self.rng.random() < 0.7:
            return pages[0]  # back to the job board
        choices = [p for p in pages if p != current] or list(pages)
        return self.rng.choice(choices)

    async def _open(self, rec: Recorder) -> Page:
        self.tab = Tab(self.url, self.names)
        if self.login is not None:
            self.tab.auth_token, self.tab.devices = self.login.auth_token, self.login.devices
        page = self._pages()[0] if self.login else self._next(None)
        rec.ok("open", await self.tab.open(page, self.tab.stored_vars()))
        return page

    async def run(self, stop: asyncio.Event, rec: Recorder) -> None:
        page: Page | None = None
        while not stop.is_set():
            try:
                if self.tab is None or self.tab.closed.is_set():
                    page = await self._open(rec)
                pause = self.think * self.rng.uniform(0.5, 1.5)
                try:
                    await asyncio.wait_for(stop.wait(), pause)
                    break
                except TimeoutError:
                    pass
                page = self._next(page)
                rec.ok("navigate", await self.tab.navigate(page))
            except (TabError, OSError) as err:
                if stop.is_set():
                    break
                rec.failed(self.kind, err)
                await self.close()
                await asyncio.sleep(self.think)
        # leave the tab open: the caller measures memory with every tab connected, then closes

    async def close(self) -> None:
        if self.tab is not None:
            await self.tab.close()
