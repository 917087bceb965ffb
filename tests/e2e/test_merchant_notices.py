"""The shop talks to its customers, in the browser: an announcement the customer then finds in
their notifications, and a reply to a review shown on the technician's profile."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE, TECHNICIAN_PHONE
from salon_app.core.models import Announcement, Review
from salon_app.core.services import auth
from salon_app.core.services.feedback import reviews
from salon_app.core.services.merchants.review_replies import REPLY_MAX
from tests.e2e.conftest import at, log_in
from tests.support.journeys import complete
from tests.support.orders import pending_order
from tests.support.shops import OWNER, first_shop

DESKTOP = {"width": 1280, "height": 900}


def _toast(page: Page, text: str):
    return page.locator("[data-sonner-toast]").get_by_text(text)


def _shop_page(browser: Browser, app_url: str, path: str) -> Page:
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, OWNER, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/merchant"))
    page.goto(f"{app_url}{path}")
    return page


def test_owner_publishes_an_announcement_the_customer_then_sees(
    browser: Browser, page: Page, app_url: str, app_engine, row_count
):
    title = f"周末烫染八折 {uuid.uuid4().hex[:4]}"
    with Session(app_engine) as s:
        shop_name = first_shop(s).name
    shop = _shop_page(browser, app_url, "/merchant/announcements")
    try:
        expect(shop.locator("#dashboard-title")).to_have_text("店铺公告")
        # A draft without a title is refused and nothing is stored.
        before = row_count("announcement")
        shop.locator("#new-announcement").click()
        shop.locator("#announcement-body").fill("本周六日烫染项目八折，欢迎预约。")
        shop.locator("#announcement-save").click()
        expect(_toast(shop, "请填写公告标题")).to_be_visible()
        assert row_count("announcement") == before

        shop.locator("#announcement-title").fill(title)
        shop.locator("#audience-all").click()
        shop.locator("#announcement-save").click()
        row = shop.locator(".announcement-row").filter(has_text=title)
        expect(row.locator(".announcement-state")).to_have_text("草稿")
        row.locator(".publish").click()
        expect(row.locator(".announcement-state")).to_have_text("已发布")
        row.locator(".pin").click()
        expect(row.locator(".pinned")).to_have_count(1)
        expect(shop.locator(".announcement-row").first).to_contain_text(title)  # pinned first
    finally:
        shop.context.close()
    with Session(app_engine) as s:
        published = s.exec(select(Announcement).where(Announcement.title == title)).one()
    assert published.status == "published" and published.notified > 0

    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/orders")
    expect(page.locator("#notifications")).to_contain_text(f"「{shop_name}」发布了新公告：{title}")


def test_owner_replies_to_a_review_and_the_customer_sees_it_on_the_profile(
    browser: Browser, page: Page, app_url: str, app_engine
):
    text = f"剪得很满意，就是等了一会儿 {uuid.uuid4().hex[:4]}"
    reply = "感谢您的耐心，下次会提前为您准备好座位"
    with Session(app_engine, expire_on_commit=False) as s:
        customer = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        tech_id = auth.log_in(s, TECHNICIAN_PHONE, DEMO_PASSWORD).actor.technician_id
        order = complete(s, pending_order(s, customer, tech_id))
        reviews.review_order(s, customer, order.code, 5, 5, 2, text)

    shop = _shop_page(browser, app_url, "/merchant/reviews")
    try:
        expect(shop.locator("#dashboard-title")).to_have_text("评价回复")
        shop.locator("#filter-unreplied").click()
        shop.locator("#filter-low").click()
        shop.locator("#reviews-search").fill(text)
        row = shop.locator(".reviews-row").filter(has_text=text)
        expect(row).to_have_count(1)
        expect(row.locator(".reply-state")).to_have_text("未回复")
        expect(row).to_contain_text(order.code)
        expect(row.get_by_role("button", name="编辑")).to_have_count(0)  # never the review

        # An empty reply and one over the limit are refused; nothing is stored.
        row.locator(".open-reply").click()
        row.locator(".send-reply").click()
        expect(_toast(shop, "请填写回复")).to_be_visible()
        row.locator(".reply-input textarea").fill("好" * (REPLY_MAX + 1))
        row.locator(".send-reply").click()
        expect(_toast(shop, f"回复 不能超过 {REPLY_MAX} 个字")).to_be_visible()
        with Session(app_engine) as s:
            assert s.exec(select(Review.merchant_reply).where(Review.text == text)).one() == ""

        row.locator(".reply-input textarea").fill(reply)
        row.locator(".send-reply").click()
        expect(_toast(shop, "回复已发送，顾客会收到通知")).to_be_visible()
        # Only unanswered reviews are listed: the answered one leaves the table.
        expect(row).to_have_count(0)
        shop.locator("#filter-unreplied").click()
        expect(row.locator(".reply-text")).to_have_text(reply)
        expect(row.locator(".reply-state")).to_contain_text("已回复")
    finally:
        shop.context.close()

    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/technician/{tech_id}")
    review = page.locator(".review").filter(has_text=text)
    expect(review).to_contain_text(f"商家回复：{reply}")
    page.goto(f"{app_url}/orders")
    expect(page.locator("#notifications")).to_contain_text(
        f"商家回复了您对订单 {order.code} 的评价"
    )
