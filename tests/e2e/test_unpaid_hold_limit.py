"""Free slot hoarding (issue 13, hole 4) in the browser: a customer holding two unpaid orders is
told why a third booking is refused, and may book again once one is cancelled."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import Session, func, select

from salon_app.core.models import Order
from salon_app.core.services.booking import changes
from tests.e2e.conftest import at, log_in
from tests.e2e.test_accounts import fresh_phone
from tests.e2e.test_customer_journey import book_a_slot, open_first_technician
from tests.support import journeys
from tests.support.orders import pending_order

PASSWORD = "hello2026"


def test_the_third_unpaid_booking_shows_why_and_cancelling_one_frees_a_place(
    page: Page, app_url: str, app_engine
):
    phone = fresh_phone()
    with Session(app_engine, expire_on_commit=False) as s:
        customer = journeys.sign_up(s, phone, PASSWORD, "囤单顾客")
        first = pending_order(s, customer)
        pending_order(s, customer)
    log_in(page, app_url, phone, PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    open_first_technician(page, app_url)

    def orders() -> int:
        with Session(app_engine) as s:
            return s.exec(
                select(func.count()).select_from(Order).where(Order.customer_id == customer.user_id)
            ).one()

    book_a_slot(page, day_index=2, slot_index=0)
    expect(page.locator("#booking-error")).to_have_text(
        "您已有 2 个待支付订单，请先支付或取消其中一个，再预约新的时段"
    )
    expect(page.locator("#booking-panel")).to_be_visible()  # still on the profile
    assert orders() == 2

    with Session(app_engine) as s:
        changes.cancel(s, customer, first.code)
    book_a_slot(page, day_index=2, slot_index=0)
    expect(page).to_have_url(re.compile(r"/orders/\d+$"))
    expect(page.locator("#order-status")).to_have_text("待支付")
    assert orders() == 3
