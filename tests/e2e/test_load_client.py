"""The load benchmark's socket client (bench/load) still speaks the app's protocol: against the
real app it hydrates a page, moves to another, logs in through the form and opens the orders
page, and a browsing run records round trips without errors. No timing is asserted: the
figures are the benchmark's business (`make bench-load`)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

from bench.load import (
    DEFAULT_MIX,
    Context,
    Stack,
    Tab,
    browsing,
    event_names,
    log_in,
    log_in_accounts,
    read_world,
)
from salon_app import routes

T = TypeVar("T")


def _in_own_loop(coro: Coroutine[Any, Any, T]) -> T:
    """Run in a thread of its own: Playwright's sync API may hold this thread's loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.fixture(scope="module")
def world(stack_env: dict[str, str], app_url: str):
    url = stack_env.get("DATABASE_URL") or f"sqlite:///{stack_env['SALON_INSTANCE_DIR']}/salon.db"
    return read_world(url)


def test_the_load_client_hydrates_moves_and_logs_in(app_url: str, world):
    names = event_names()
    category = next(p for p in world.browse if p.path.startswith("/category/"))

    async def visit() -> tuple[Tab, Tab, float, float, str]:
        tab = Tab(app_url, names, keep=True)
        opened = await tab.open(world.browse[0])  # the home page
        moved = await tab.navigate(category)
        customer, _, path = await log_in(app_url, names, world.customers[0])
        customer.messages = []
        orders = next(p for p in world.customers[0].pages if p.path == routes.ORDERS)
        await customer.navigate(orders)
        await tab.close()
        await customer.close()
        return tab, customer, opened, moved, path

    tab, customer, opened, moved, path = _in_own_loop(visit())
    assert opened > 0 and moved > 0
    slug = dict(category.query)["category_slug"]
    assert any(f'"category_slug_rx_state_":"{slug}"' in m for m in tab.messages or [])
    assert path == routes.HOME and customer.auth_token
    # Still logged in on the orders page: its rows came, and nothing sent the tab to log in
    # (logged_in itself is not sent again: it did not change since the login).
    assert any("orders_state" in m for m in customer.messages or [])
    assert not any(routes.LOGIN in m for m in customer.messages or [])


def test_a_short_browsing_run_records_round_trips(app_server, app_url: str, world, stack_env):
    names = event_names()
    url = stack_env.get("DATABASE_URL") or f"sqlite:///{stack_env['SALON_INSTANCE_DIR']}/salon.db"
    stack = Stack("test", app_url, url, app_server)

    async def run() -> dict[str, float]:
        logins = {
            "customer": await log_in_accounts(app_url, names, list(world.customers[:2])),
            "technician": await log_in_accounts(app_url, names, list(world.technicians[:2])),
        }
        ctx = Context(stack, names, world, logins)
        return await browsing(ctx, tabs=6, seconds=3, think=0.3, mix=DEFAULT_MIX)

    figures = _in_own_loop(run())
    assert figures["errors"] == 0
    assert figures["events_per_s"] > 0
    assert figures["p50_ms"] > 0 and figures["clients"] == 6
