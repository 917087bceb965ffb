"""Issue 13, visits: steps follow the clock, a verified arrival, SOS reaching the platform's
alert queue, and a shared visit that shows no address."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE, OPERATIONS_PHONE
from salon_app.core.models import Order, OrderEvent
from tests.e2e.conftest import PHONE_VIEWPORT, at, log_in
from tests.support import journeys
from tests.support.journeys import accepted
from tests.support.orders import at_home_order, pending_order

HOME = (22.5405, 114.029)
ADDRESS = "福田区深南大道6008号2栋1201"
DESKTOP = {"width": 1280, "height": 900}


def _phone_page(browser: Browser, where: dict | None = None) -> Page:
    extra = {"geolocation": where, "permissions": ["geolocation"]} if where else {}
    return browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN", **extra).new_page()


def _technician_on_job(browser: Browser, app_url: str, phone: str, code: str, where=None) -> Page:
    page = _phone_page(browser, where)
    log_in(page, app_url, phone, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/tech"))
    page.goto(f"{app_url}/tech/job/{code}")
    expect(page.locator("#next-step")).to_be_visible()
    return page


def _events(app_engine, code: str) -> list[str]:
    with Session(app_engine) as s:
        order = s.exec(select(Order).where(Order.code == code)).one()
        return list(
            s.exec(
                select(OrderEvent.kind)
                .where(OrderEvent.order_id == order.id)
                .order_by(OrderEvent.id)
            ).all()
        )


def test_departing_days_early_is_refused_with_the_time_it_becomes_possible(
    browser: Browser, app_url: str, app_engine
):
    order, phone = accepted(app_engine, pending_order)  # two days or more ahead
    page = _technician_on_job(browser, app_url, phone, order.code)
    page.locator("#next-step").filter(has_text="出发").click()
    toast = page.locator("[data-sonner-toast]").filter(has_text="还不能出发")
    expect(toast).to_contain_text("最早可在")
    expect(page.locator("#next-step")).to_have_text("出发")  # nothing changed
    assert "departed" not in _events(app_engine, order.code)
    page.context.close()


def test_on_time_and_at_the_door_the_arrival_is_verified(
    browser: Browser, app_url: str, app_engine
):
    order, phone = accepted(app_engine, lambda s, c: at_home_order(s, c, HOME, ADDRESS))
    with Session(app_engine, expire_on_commit=False) as s:
        order = journeys.bring_forward(s, s.get(Order, order.id), minutes=60)
    door = {"latitude": order.lat, "longitude": order.lng}
    page = _technician_on_job(browser, app_url, phone, order.code, door)
    page.locator("#next-step").filter(has_text="出发").click()
    expect(page.locator("#job-step")).to_contain_text("技师已出发", timeout=20_000)
    expect(page.locator("#sos-panel")).to_contain_text("110")  # the visit is on
    page.locator("#next-step").filter(has_text="到达").click()
    expect(page.locator("#job-step")).to_contain_text("技师已到达", timeout=20_000)
    expect(page.locator("#job-arrival")).to_contain_text("到达已核实")
    page.locator("#next-step").filter(has_text="开始服务").click()
    expect(page.locator("#job-step")).to_contain_text("服务进行中", timeout=20_000)
    page.locator("#next-step").filter(has_text="完成服务").click()  # minutes after the start
    expect(page.locator("[data-sonner-toast]").filter(has_text="还不能完成服务")).to_be_visible()
    assert "completed" not in _events(app_engine, order.code)
    page.context.close()


def test_sos_during_a_visit_appears_in_the_alert_queue(browser: Browser, app_url: str, app_engine):
    order, _ = accepted(app_engine, lambda s, c: at_home_order(s, c, HOME, ADDRESS))
    with Session(app_engine, expire_on_commit=False) as s:
        order = s.get(Order, order.id)
        tech = journeys.technician_actor(s, order.technician_id)
        journeys.step(s, tech, order, "departed")
    customer = _phone_page(browser, {"latitude": HOME[0], "longitude": HOME[1]})
    log_in(customer, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(customer).to_have_url(at(app_url, "/"))
    customer.goto(f"{app_url}/orders/{order.code}")
    panel = customer.locator("#sos-panel")
    expect(panel).to_contain_text("报警电话 110")
    expect(panel).to_contain_text("平台安全热线")
    customer.locator("#sos-button").click()
    expect(customer.locator("#sos-result")).to_have_text("已发出紧急求助：平台安全中心和店铺已收到")
    customer.locator("#sos-button").click()  # a second press: still one alert
    expect(customer.locator("#sos-result")).to_have_text("紧急求助已发出，平台正在处理")

    admin = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(admin, app_url, OPERATIONS_PHONE, DEMO_PASSWORD)
    expect(admin).to_have_url(at(app_url, "/admin"))
    admin.goto(f"{app_url}/admin/alerts")
    first = admin.locator(".alerts-row").first
    expect(first).to_contain_text("紧急求助 SOS")
    expect(first).to_contain_text(order.code)
    expect(first).to_contain_text("顾客在上门服务中按下紧急求助")
    expect(
        admin.locator(".alerts-row").filter(has_text="紧急求助 SOS").filter(has_text=order.code)
    ).to_have_count(1)

    # share-my-visit: someone without an account follows the visit, with no address shown
    customer.locator("#create-share").click()
    link = customer.locator("#share-link")
    expect(link).to_contain_text("/visit/")
    follower = _phone_page(browser)
    follower.goto(link.inner_text().strip())
    expect(follower.locator("#share-step")).to_contain_text("技师已出发")
    expect(follower.locator("#share-technician")).not_to_have_text("")
    expect(follower.get_by_text("深南大道")).to_have_count(0)
    customer.locator("#revoke-share").click()
    follower.reload()
    expect(follower.locator("#share-problem")).to_contain_text("分享链接已失效")
    for p in (customer, admin, follower):
        p.context.close()
