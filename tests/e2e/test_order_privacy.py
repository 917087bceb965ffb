"""Hole 2 in the browser: the technician's job page shows the full address while the job is on
and the district once it is cancelled; both order pages offer the relay number only."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.models import Order, User
from salon_app.core.services import auth
from salon_app.core.services.booking import changes as order_changes
from tests.e2e.conftest import PHONE_VIEWPORT, at, log_in
from tests.support.journeys import accepted
from tests.support.orders import at_home_order

HOME = (22.5405, 114.029)  # near 车公庙, where demo hairdressers come to the customer
ADDRESS = "福田区深南大道6008号2栋1201"


def test_job_page_shows_the_address_while_the_job_is_on_and_the_district_after_cancelling(
    browser: Browser, app_url: str, app_engine
):
    order, tech_phone = accepted(app_engine, lambda s, c: at_home_order(s, c, HOME, ADDRESS))
    with Session(app_engine) as s:
        customer_phone = s.get(User, order.customer_id).phone.removeprefix("+86")

    tech = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN").new_page()
    log_in(tech, app_url, tech_phone, DEMO_PASSWORD)
    expect(tech).to_have_url(at(app_url, "/tech"))
    tech.goto(f"{app_url}/tech/job/{order.code}")
    expect(tech.locator("#job-address")).to_contain_text("2栋1201", timeout=20_000)
    expect(tech.locator("#job-phone")).to_have_text(
        f"{customer_phone[:3]}****{customer_phone[-4:]}"
    )
    call = tech.locator("#job-call")
    expect(call).to_contain_text(re.compile(r"拨打 171\d{8}"))
    relay = re.search(r"171\d{8}", call.inner_text()).group(0)
    expect(call).to_have_attribute("href", f"tel:{relay}")
    expect(tech.locator("body")).not_to_contain_text(customer_phone)

    customer = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN").new_page()
    log_in(customer, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(customer).to_have_url(at(app_url, "/"))
    customer.goto(f"{app_url}/orders/{order.code}")
    expect(customer.locator("#order-call")).to_contain_text(f"拨打 {relay}", timeout=20_000)
    expect(customer.locator("#order-call")).to_have_attribute("href", f"tel:{relay}")
    expect(customer.locator("body")).not_to_contain_text(tech_phone)

    with Session(app_engine, expire_on_commit=False) as s:
        actor = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        order_changes.cancel(s, actor, order.code, "计划有变")
        assert s.exec(select(Order).where(Order.code == order.code)).one().status in (
            "cancelled",
            "refunded",
        )

    # the open job page follows live: the address leaves the page, the district stays
    expect(tech.locator("#job-address")).not_to_contain_text("2栋1201", timeout=20_000)
    expect(tech.locator("#job-address")).to_have_text("福田区")
    expect(tech.locator("#job-call")).to_have_count(0)
    tech.reload()
    expect(tech.locator("#job-status")).to_contain_text("取消", timeout=20_000)
    expect(tech.locator("#job-address")).to_have_text("福田区")
    expect(tech.locator("body")).not_to_contain_text("2栋1201")

    customer.reload()
    expect(customer.locator("#order-phone")).to_have_text("联系已关闭", timeout=20_000)
    expect(customer.locator("#order-call")).to_have_count(0)
    for p in (tech, customer):
        p.context.close()
