"""Membership in the browser: a new customer checks in on 会员中心 and sees the points, the
streak and the day marked on the calendar; the bottom tab bar on a phone (and not on a desktop);
an operator edits a level (a threshold out of order is refused and changes nothing)."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from salon_app.core.clock import local_today
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import OPERATIONS_PHONE
from salon_app.core.models import CheckIn, MemberLevel, User
from tests.e2e.conftest import at, log_in
from tests.support.journeys import sign_up

DESKTOP = {"width": 1280, "height": 900}
PHONE = "17612340021"
PASSWORD = "member2026"


def _newcomer(engine) -> None:
    with Session(engine) as s:
        if s.exec(select(User.id).where(User.display_name == "签到新人")).first() is None:
            sign_up(s, PHONE, PASSWORD, "签到新人")


def test_a_customer_checks_in_and_sees_points_and_the_calendar(
    page: Page, app_url: str, app_engine
):
    _newcomer(app_engine)
    log_in(page, app_url, PHONE, PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    bar = page.locator("#customer-tab-bar")
    expect(bar).to_be_visible()  # a phone: 首页 / 订单 / 我的 at the bottom
    expect(bar).to_contain_text("首页")
    expect(bar).to_contain_text("订单")
    page.locator("#tab-me").click()
    expect(page).to_have_url(at(app_url, "/me"))
    expect(page.locator("#tab-me")).to_have_attribute("aria-current", "page")
    expect(page.locator("#member-level")).to_have_text("普通会员")
    expect(page.locator("#me-coupons")).to_be_visible()
    page.locator("#me-member").click()
    expect(page).to_have_url(at(app_url, "/me/member"))
    expect(page.locator("#points-available")).to_have_text("0")
    expect(page.locator("#checkin-calendar .cal-done")).to_have_count(0)

    page.locator("#checkin-button").click()
    expect(page.locator("[data-sonner-toast]").get_by_text("签到成功，获得 5 积分")).to_be_visible()
    expect(page.locator("#points-available")).to_have_text("5")
    expect(page.locator("#checkin-streak")).to_have_text("已连续签到 1 天")
    done = page.locator("#checkin-calendar .cal-done")
    expect(done).to_have_count(1)
    with Session(app_engine) as s:
        user_id = s.exec(select(User.id).where(User.display_name == "签到新人")).one()
        (row,) = s.exec(select(CheckIn).where(CheckIn.user_id == user_id)).all()
    expect(done).to_have_attribute("title", row.day.isoformat())
    assert row.day == local_today()
    # the second try the same day: the button says it is done and cannot be pressed
    expect(page.locator("#checkin-button")).to_be_disabled()
    expect(page.locator("#checkin-button")).to_have_text("今日已签到")
    expires = (row.day + timedelta(days=365)).isoformat()  # check-in points last a year
    expect(page.locator(".points-batch")).to_have_text(f"5{expires} 到期")

    page.locator("#tab-home").click()
    expect(page).to_have_url(at(app_url, "/"))


def test_the_tab_bar_is_for_phones_only(browser: Browser, app_url: str, app_engine):
    _newcomer(app_engine)
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, PHONE, PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    expect(page.locator("#nav-me")).to_be_visible()
    expect(page.locator("#customer-tab-bar")).to_be_hidden()


def _silver(engine) -> int:
    with Session(engine) as s:
        return s.exec(select(MemberLevel.growth_threshold).where(MemberLevel.rank == 1)).one()


def test_an_operator_edits_a_level(browser: Browser, app_url: str, app_engine):
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, OPERATIONS_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/admin"))
    page.locator("#nav-admin-membership").first.click()
    expect(page).to_have_url(at(app_url, "/admin/membership"))
    expect(page.locator("#members-chart svg.recharts-surface").first).to_be_visible()
    silver = page.locator(".levels-row", has_text="银卡会员")
    expect(silver).to_be_visible()
    before = _silver(app_engine)

    silver.locator(".edit-level").click()
    page.locator("#threshold-input").fill("99999")  # above 金卡's threshold
    page.locator("#save-level").click()
    expect(page.locator("#level-error")).to_contain_text("门槛须随等级递增")
    assert _silver(app_engine) == before

    page.locator("#threshold-input").fill("800")
    page.locator("#multiplier-input").fill("130")
    page.locator("#save-level").click()
    expect(page.locator("[data-sonner-toast]").get_by_text("等级已保存")).to_be_visible()
    expect(silver.locator(".level-threshold")).to_have_text("800")
    assert _silver(app_engine) == 800
