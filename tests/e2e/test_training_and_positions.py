"""Training on the profile (technician adds, customer reads) and positions on progress steps."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE, TECHNICIAN_PHONE
from salon_app.core.models import CompletedTraining, Order, OrderEvent
from tests.e2e.conftest import PHONE_VIEWPORT, at, log_in
from tests.support.journeys import accepted, bring_forward
from tests.support.orders import at_home_order, pending_order

SHOP_FRONT = {"latitude": 22.5431, "longitude": 114.0579}
HOME = (22.5405, 114.029)  # near 车公庙, where demo hairdressers come to the customer


@pytest.fixture
def course(app_engine) -> Iterator[str]:
    """A course name nobody has yet; any record with it is removed afterwards."""
    name = f"日式剪发进阶班{uuid.uuid4().hex[:4]}"
    yield name
    with Session(app_engine) as s:
        for row in s.exec(select(CompletedTraining).where(CompletedTraining.course_name == name)):
            s.delete(row)
        s.commit()


def test_technician_adds_training_and_a_customer_sees_it(
    page: Page, browser: Browser, app_url: str, app_engine, course: str
):
    log_in(page, app_url, TECHNICIAN_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/tech"))
    page.goto(f"{app_url}/tech/profile")
    form = page.locator("#section-training")
    expect(form.locator("#training-course")).to_be_visible()

    form.locator("#training-add").click()  # nothing typed: refused, nothing saved
    expect(page.locator("#training-error")).to_have_text("请填写课程名称")

    form.locator("#training-course").fill(course)
    form.locator("#training-organiser").fill("深圳东田造型职业培训学校")
    form.locator("#training-date").fill("2024-06-30")
    form.locator("#training-hours").fill("48")
    form.locator("#training-note").fill("结业考核优秀")
    form.locator("#training-add").click()
    expect(page.get_by_text("培训经历已添加")).to_be_visible()
    expect(page.locator("#training-list")).to_contain_text(course)
    expect(page.locator("#training-error")).to_have_count(0)

    with Session(app_engine) as s:
        row = s.exec(select(CompletedTraining).where(CompletedTraining.course_name == course)).one()
        tech_id = row.technician_id
        assert (row.organiser, row.hours, row.completed_on.isoformat()) == (
            "深圳东田造型职业培训学校",
            48,
            "2024-06-30",
        )
    visitor = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN").new_page()
    visitor.goto(f"{app_url}/technician/{tech_id}")
    shown = visitor.locator("#profile-training .training").filter(has_text=course)
    expect(shown).to_contain_text("深圳东田造型职业培训学校 2024 48 学时（结业考核优秀）")
    visitor.context.close()


def _soon(app_engine, order: Order) -> None:
    """出发 is possible from two hours before the start: the visit is brought to an hour ahead."""
    with Session(app_engine, expire_on_commit=False) as s:
        bring_forward(s, s.get(Order, order.id), minutes=60)


def _departed(browser: Browser, app_url: str, phone: str, code: str, where: dict) -> Page:
    """The technician, with the browser allowed to tell `where` they are, taps 出发."""
    context = browser.new_context(
        viewport=PHONE_VIEWPORT, locale="zh-CN", geolocation=where, permissions=["geolocation"]
    )
    page = context.new_page()
    log_in(page, app_url, phone, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/tech"))
    page.goto(f"{app_url}/tech/job/{code}")
    page.locator("#next-step").filter(has_text="出发").click()
    expect(page.locator("#job-step")).to_contain_text("技师已出发", timeout=20_000)
    return page


def _step_event(app_engine, code: str, kind: str) -> OrderEvent:
    with Session(app_engine) as s:
        order = s.exec(select(Order).where(Order.code == code)).one()
        return s.exec(
            select(OrderEvent).where(OrderEvent.order_id == order.id, OrderEvent.kind == kind)
        ).one()


def test_a_step_records_the_position_the_browser_gives(browser: Browser, app_url: str, app_engine):
    order, phone = accepted(app_engine, pending_order)
    _soon(app_engine, order)
    code = order.code
    page = _departed(browser, app_url, phone, code, SHOP_FRONT)
    departed = page.locator(".job-event").filter(has_text="技师出发")
    expect(departed).to_contain_text("已记录位置")
    event = _step_event(app_engine, code, "departed")
    assert (event.lat, event.lng) == (SHOP_FRONT["latitude"], SHOP_FRONT["longitude"])

    page.context.clear_permissions()  # permission withdrawn: the step still works, unlocated
    page.locator("#next-step").filter(has_text="到达").click()
    expect(page.locator("#job-step")).to_contain_text("技师已到达", timeout=20_000)
    arrived = _step_event(app_engine, code, "arrived")
    assert (arrived.lat, arrived.lng) == (None, None)
    expect(page.locator(".job-event").filter(has_text="技师到达")).not_to_contain_text("已记录位置")
    page.context.close()


def test_the_customer_sees_how_far_the_departed_technician_is(
    browser: Browser, app_url: str, app_engine
):
    order, phone = accepted(
        app_engine, lambda s, c: at_home_order(s, c, HOME, "福田区深南大道6008号2栋1201")
    )
    _soon(app_engine, order)
    west = {"latitude": order.lat, "longitude": order.lng - 0.026}  # about 2.7 km away
    technician = _departed(browser, app_url, phone, order.code, west)

    viewer = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN").new_page()
    log_in(viewer, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(viewer).to_have_url(at(app_url, "/"))
    viewer.goto(f"{app_url}/orders/{order.code}")
    departed = viewer.locator("#timeline > *").filter(has_text="技师出发")
    expect(departed.locator(".distance")).to_have_text(re.compile(r"距服务地址约 2\.\d 公里"))
    expect(viewer.locator("#timeline")).not_to_contain_text(f"{order.lat:.3f}")
    for p in (technician, viewer):
        p.context.close()
