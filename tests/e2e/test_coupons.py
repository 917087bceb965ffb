"""Coupons in the browser: a new customer claims the 新人券 in the coupon centre and finds it in
我的优惠券; an operator creates a template on /admin/coupons (a 120% discount refused with its
reason, nothing stored); a shop creates its own on /merchant/coupons; support cannot open it."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import MERCHANT_PHONE, OPERATIONS_PHONE, SUPPORT_PHONE
from salon_app.core.models import CouponTemplate, User
from tests.e2e.conftest import at, log_in
from tests.support.journeys import sign_up

DESKTOP = {"width": 1280, "height": 900}
NEW_PHONE = "17612340031"
NEW_PASSWORD = "coupon2026"


def test_a_new_customer_claims_a_newcomer_coupon_and_sees_it_in_my_coupons(
    page: Page, app_url: str, app_engine
):
    with Session(app_engine) as s:
        if s.exec(select(User.id).where(User.display_name == "领券新人")).first() is None:
            sign_up(s, NEW_PHONE, NEW_PASSWORD, "领券新人")
    log_in(page, app_url, NEW_PHONE, NEW_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.locator("#home-coupons").click()
    expect(page).to_have_url(at(app_url, "/coupons"))
    card = page.locator(".coupon-card", has_text="新人专享券")
    expect(card.locator(".coupon-value")).to_have_text("¥20")
    expect(card.locator(".coupon-validity")).to_have_text("领取后 14 天内有效")
    card.locator(".coupon-claim").click()
    expect(page.get_by_text("领取成功：新人专享券")).to_be_visible()
    expect(card.locator(".coupon-state")).to_have_text("已领取")
    expect(card.locator(".coupon-claim")).to_have_count(0)

    page.locator("#to-my-coupons").click()
    expect(page).to_have_url(at(app_url, "/me/coupons"))
    mine = page.locator("#my-coupons .coupon-card", has_text="新人专享券")
    expect(mine.locator(".coupon-status")).to_have_text("可使用")
    expect(mine.locator(".coupon-scope")).to_have_text("全场通用")
    expect(mine.locator(".coupon-validity")).to_contain_text("有效期至")
    page.locator("#coupon-tab-expired").click()
    expect(page.locator("#my-coupons .coupon-card", has_text="新人专享券")).to_have_count(0)


def _desk(browser: Browser, app_url: str, phone: str, home: str, nav: str) -> Page:
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, phone, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, home))
    page.locator(nav).first.click()
    expect(page).to_have_url(at(app_url, f"{home}/coupons"))
    return page


def _templates(engine, name: str) -> list[CouponTemplate]:
    with Session(engine) as s:
        return s.exec(select(CouponTemplate).where(CouponTemplate.name == name)).all()


def test_an_operator_creates_a_template_and_a_120_percent_discount_is_refused(
    browser: Browser, app_url: str, app_engine
):
    page = _desk(browser, app_url, OPERATIONS_PHONE, "/admin", "#nav-admin-coupons")
    expect(page.locator(".coupon-templates-row", has_text="满200减30")).to_be_visible()
    page.locator("#coupon-kind").get_by_role("radio", name="折扣券").click()
    page.locator("#coupon-name").fill("周年庆折扣")
    page.locator("#coupon-discount").fill("120")
    page.locator("#coupon-cap").fill("50")
    page.locator("#coupon-total_stock").fill("500")
    page.locator("#coupon-save").click()
    expect(page.locator("#coupon-error")).to_contain_text("折扣须在 0.01% 到 99.99% 之间")
    assert _templates(app_engine, "周年庆折扣") == []

    page.locator("#coupon-discount").fill("85")
    page.locator("#coupon-publish").check()
    page.locator("#coupon-save").click()
    row = page.locator(".coupon-templates-row", has_text="周年庆折扣")
    expect(row).to_contain_text("8.5折")
    expect(row).to_contain_text("最高减50元")
    expect(row).to_contain_text("进行中")
    expect(row).to_contain_text("0/500")
    (made,) = _templates(app_engine, "周年庆折扣")
    assert (made.discount_bp, made.cap_fen, made.funded_by) == (8_500, 5_000, "platform")

    page.locator("#coupon-templates-search").fill("周年庆")
    expect(page.locator(".coupon-templates-row")).to_have_count(1)
    row.locator(".coupon-end").click()
    expect(row).to_contain_text("已结束")


def test_a_shop_creates_its_own_coupon(browser: Browser, app_url: str, app_engine):
    page = _desk(browser, app_url, MERCHANT_PHONE, "/merchant", "#nav-merchant-coupons")
    # the desk has loaded (its load mounts the form again, dropping what was typed before):
    # the shop's own demo coupon is listed, the platform's are not
    expect(page.locator(".coupon-templates-row", has_text="满300减50")).to_be_visible()
    expect(page.locator(".coupon-templates-row", has_text="满200减30")).to_have_count(0)
    page.locator("#coupon-name").fill("本店会员满100减10")
    page.locator("#coupon-amount").fill("10")
    page.locator("#coupon-threshold").fill("100")
    expect(page.locator("#coupon-points_cost")).to_have_count(0)  # points: platform coupons only
    page.locator("#coupon-save").click()
    row = page.locator(".coupon-templates-row", has_text="本店会员满100减10")
    expect(row).to_contain_text("草稿")
    row.locator(".coupon-activate").click()
    expect(row).to_contain_text("进行中")
    (made,) = _templates(app_engine, "本店会员满100减10")
    assert (made.funded_by, made.scope, made.status) == ("merchant", "shops", "active")
    assert made.scope_ids == [made.merchant_id]


def test_support_cannot_open_the_coupon_desk(browser: Browser, app_url: str):
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, SUPPORT_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/admin"))
    expect(page.locator("#nav-admin-coupons")).to_have_count(0)
    page.goto(f"{app_url}/admin/coupons")
    expect(page.locator("#access-error")).to_be_visible()
    expect(page.locator(".coupon-templates-row")).to_have_count(0)
