"""Paying through the local sandbox's cashier page, for each of the three methods."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from tests.e2e.conftest import at, log_in
from tests.e2e.test_customer_journey import book_a_slot, open_first_technician
from tests.support.app_server import AppServer

# Open days (with free time) to book on: every demo technician has at least five in a week.
PROVIDERS = [("wechat", 1), ("alipay", 2), ("card", 3)]


@pytest.mark.parametrize(("provider", "day"), PROVIDERS)
def test_customer_pays_through_the_cashier_and_the_order_is_paid(
    page: Page, app_url: str, provider: str, day: int
):
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    open_first_technician(page, app_url)
    book_a_slot(page, day_index=day, slot_index=1)
    expect(page.locator("#order-status")).to_have_text("待支付")
    order_url = page.url
    page.locator(f"#pay-{provider}").click()
    expect(page.locator("#confirm")).to_be_visible()  # the provider's cashier (sandbox)
    page.locator("#confirm").click()
    expect(page).to_have_url(re.compile(re.escape(order_url) + r"/?(\?.*)?$"))
    expect(page.locator("#order-status")).to_have_text("待服务", timeout=20_000)
    expect(page.locator("#timeline")).to_contain_text("支付成功")


def test_declining_at_the_cashier_leaves_the_order_unpaid(page: Page, app_url: str):
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    open_first_technician(page, app_url)
    book_a_slot(page, day_index=2, slot_index=2)
    expect(page.locator("#order-status")).to_have_text("待支付")
    order_url = page.url
    page.locator("#pay-alipay").click()
    page.locator("#decline").click()
    expect(page).to_have_url(re.compile(re.escape(order_url) + r"/?(\?.*)?$"))
    expect(page.locator("#order-status")).to_have_text("待支付")
    expect(page.locator("#pay-wechat")).to_be_visible()


@pytest.fixture
def late_notifications(app_server: AppServer) -> Iterator[httpx.Client]:
    """The sandbox keeps its notifications back until released (a slow gateway)."""
    with httpx.Client(base_url=f"http://127.0.0.1:{app_server.pay_port}", timeout=10) as sandbox:
        sandbox.post("/_sandbox/behaviour", json={"hold": True}).raise_for_status()
        yield sandbox
        sandbox.post("/_sandbox/behaviour", json={"hold": False})
        sandbox.post("/_sandbox/release")


@pytest.mark.scaleout
def test_back_from_the_cashier_before_the_notification_the_order_shows_paid(
    page: Page, app_url: str, late_notifications: httpx.Client
):
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    open_first_technician(page, app_url)
    book_a_slot(page, day_index=3, slot_index=3)
    expect(page.locator("#order-status")).to_have_text("待支付")
    delivered = late_notifications.get("/_sandbox/deliveries").json()
    page.locator("#pay-wechat").click()
    page.locator("#confirm").click()
    # No notification has reached the app: the order page asks the gateway itself.
    expect(page.locator("#order-status")).to_have_text("待服务", timeout=20_000)
    expect(page.locator("#timeline")).to_contain_text("支付成功")
    assert late_notifications.get("/_sandbox/deliveries").json() == delivered
