"""The scale-out stack is what it claims: two backend workers sharing state through Redis."""

from __future__ import annotations

import pickle
import time

import psutil
import pytest
import redis
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from salon_app.core.demo import logins
from salon_app.core.models import Technician, User
from salon_app.core.services import auth
from tests.e2e.conftest import STACK, at, log_in
from tests.support.journeys import accept, mark_paid
from tests.support.orders import pending_order


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


def _worker(client: redis.Redis, page: Page) -> str:
    """The backend worker holding this tab's websocket (Reflex keeps it in Redis)."""
    token = page.evaluate("window.sessionStorage.getItem('token')")
    record = client.get(f"token_manager_socket_record_{token}")
    assert record is not None, "the tab's socket should be known in Redis"
    return pickle.loads(record).instance_id


@pytest.mark.scaleout
def test_a_message_sent_through_one_worker_appears_live_on_a_tab_of_the_other(
    browser: Browser, app_url: str, app_engine, stack_env: dict[str, str]
):
    if STACK != "scaleout":
        pytest.skip("only meaningful on the scale-out stack")
    with Session(app_engine, expire_on_commit=False) as s:
        customer = auth.log_in(s, logins.CUSTOMER_PHONE, logins.DEMO_PASSWORD).actor
        order = mark_paid(s, pending_order(s, customer))
        accept(s, order)  # the thread opens with the acceptance
        tech = s.get(Technician, order.technician_id)
        phone = s.get(User, tech.user_id).phone.removeprefix("+86")
    client = redis.Redis.from_url(stack_env["REDIS_URL"])

    shopper = browser.new_context(locale="zh-CN").new_page()
    log_in(shopper, app_url, logins.CUSTOMER_PHONE, logins.DEMO_PASSWORD)
    expect(shopper).to_have_url(at(app_url, "/"))
    shopper.goto(f"{app_url}/orders/{order.code}")
    expect(shopper.locator("#message-body")).to_be_visible()
    technician = browser.new_context(locale="zh-CN").new_page()
    log_in(technician, app_url, phone, logins.DEMO_PASSWORD)
    expect(technician).to_have_url(at(app_url, "/tech"))
    technician.goto(f"{app_url}/tech/job/{order.code}")
    expect(technician.locator("#message-body")).to_be_visible()
    # Each load opens a new websocket on either worker: reload until the two tabs are apart.
    for _ in range(16):
        if _worker(client, technician) != _worker(client, shopper):
            break
        technician.reload()
        expect(technician.locator("#message-body")).to_be_visible()
    else:
        pytest.fail("the two tabs never landed on different workers")

    shopper.locator("#message-body").fill("麻烦带上吹风机")
    shopper.locator("#message-send").click()
    # Within the default wait, well before the 30 s safety look: pushed through Redis.
    expect(technician.locator("#thread")).to_contain_text("麻烦带上吹风机")
    for p in (shopper, technician):
        p.context.close()
