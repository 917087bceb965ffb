"""The scale-out stack is what it claims: two backend workers sharing state through Redis."""

from __future__ import annotations

import time

import psutil
import pytest
import redis
from playwright.sync_api import Page, expect

from salon_app.core.demo import logins
from tests.e2e.conftest import STACK, at, log_in


@pytest.mark.scaleout
def test_two_workers_share_the_login_through_redis(
    page: Page, app_url: str, app_server, stack_env: dict[str, str]
):
    if STACK != "scaleout":
        pytest.skip("only meaningful on the scale-out stack")
    client = redis.Redis.from_url(stack_env["REDIS_URL"])
    log_in(page, app_url, logins.MERCHANT_PHONE, logins.DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/merchant"))
    expect(page.locator("#shop-name")).to_be_visible()
    assert client.dbsize() > 0, "state should live in Redis"

    deadline = time.monotonic() + 10
    while True:
        workers = psutil.Process(app_server.proc.pid).children()
        if len(workers) >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert len(workers) == 2

    # Each reload opens a new websocket, served by either worker; the login holds on all.
    for _ in range(4):
        page.reload()
        expect(page.locator("#shop-name")).to_be_visible()
        expect(page.locator("#access-error")).to_have_count(0)
