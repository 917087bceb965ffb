"""The course desk on a desktop: an operator writes a course (details, a text lesson, a quiz
question), is refused bad input, publishes it, and technicians see it; support is refused."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import OPERATIONS_PHONE, SUPPORT_PHONE, TECHNICIAN_PHONE
from salon_app.core.models import Course, ServiceCategory
from tests.e2e.conftest import PHONE_VIEWPORT, log_in

DESKTOP = {"width": 1280, "height": 900}


def test_an_operator_writes_and_publishes_a_course(browser: Browser, app_url: str, app_engine):
    title = f"收纳礼仪{uuid.uuid4().hex[:4]}"
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, OPERATIONS_PHONE, DEMO_PASSWORD)
    page.wait_for_url(f"{app_url}/admin**")
    page.locator("#nav-admin-courses").click()
    expect(page.locator("#courses")).to_contain_text("上门服务礼仪与沟通")  # the demo's

    page.locator("#course-new").click()
    page.locator("#course-save").click()  # no title: refused, nothing saved
    expect(page.get_by_text("请填写课程名称（最多 40 个字）")).to_be_visible()
    page.locator("#course-title").fill(title)
    page.locator("#course-summary").fill("整理收纳上门服务的基本礼仪")
    page.locator("#course-category").click()
    page.get_by_role("option", name="美甲").click()
    page.locator("#course-save").click()
    expect(page.get_by_text("课程已保存")).to_be_visible()

    page.locator("#course-publish").click()  # no lesson yet: refused
    expect(page.get_by_text("课程至少需要一个课时才能发布")).to_be_visible()
    page.locator("#lesson-name").fill("整理前的沟通")
    page.locator("#lesson-body").fill("先问清楚哪些物品不能动。")
    page.locator("#lesson-add").click()
    expect(page.locator(".desk-lesson")).to_contain_text("整理前的沟通")
    page.locator("#question-text").fill("整理前先做什么？")
    page.locator("#question-options").fill("直接开始\n*确认不能动的物品")
    page.locator("#question-add").click()
    expect(page.locator(".desk-question")).to_contain_text("✓确认不能动的物品")
    page.locator("#course-publish").click()
    expect(page.get_by_text("课程状态已更新")).to_be_visible()
    page.locator("#courses-search").fill(title)
    expect(page.locator(".courses-row")).to_have_count(1)
    expect(page.locator(".courses-row", has_text=title)).to_contain_text("已发布")

    page.locator("#course-save").click()  # saved again: the category stays
    expect(page.get_by_text("课程已保存").first).to_be_visible()
    with Session(app_engine) as s:
        course = s.exec(select(Course).where(Course.title == title)).one()
        assert course.merchant_id is None and course.status == "published"
        nails = s.exec(select(ServiceCategory.id).where(ServiceCategory.name == "美甲")).one()
        assert course.category_id == nails

    tech = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN").new_page()
    log_in(tech, app_url, TECHNICIAN_PHONE, DEMO_PASSWORD)
    tech.wait_for_url(f"{app_url}/tech**")
    tech.goto(f"{app_url}/tech/learn")
    expect(tech.locator("#courses")).to_contain_text(title)


def test_support_cannot_open_the_course_desk(browser: Browser, app_url: str):
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, SUPPORT_PHONE, DEMO_PASSWORD)
    page.wait_for_url(f"{app_url}/admin**")
    expect(page.locator("#nav-admin-courses")).to_have_count(0)
    page.goto(f"{app_url}/admin/courses")
    expect(page.locator("#access-error")).to_be_visible()
    expect(page.locator("#courses")).to_have_count(0)
