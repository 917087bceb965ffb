"""What a customer cannot do, in the browser: each attempt says why and changes nothing."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.models import Order, Review
from salon_app.core.services import auth
from salon_app.core.services.booking import SPECIAL_NEEDS_MAX
from salon_app.core.services.feedback.reviews import TEXT_MAX
from tests.e2e.conftest import at, log_in
from tests.e2e.test_accounts import fresh_phone, sign_up
from tests.e2e.test_customer_journey import choose_day, open_first_technician
from tests.support.journeys import complete, mark_paid
from tests.support.orders import pending_order


def _demo_order(app_engine, finished: bool = False) -> str:
    with Session(app_engine, expire_on_commit=False) as s:
        customer = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        order = pending_order(s, customer)
        order = complete(s, order) if finished else mark_paid(s, order)
        return order.code


def _status(app_engine, code: str) -> str:
    with Session(app_engine) as s:
        return s.exec(select(Order.status).where(Order.code == code)).one()


def test_special_needs_over_the_limit_are_refused_and_nothing_is_booked(
    page: Page, app_url: str, row_count
):
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    open_first_technician(page, app_url)
    choose_day(page, ".day", 1, "#slots")
    page.locator("#slots .slot").first.click()
    page.locator("#special-needs").fill("对护发素过敏" * (SPECIAL_NEEDS_MAX // 6 + 1))
    before = row_count("orders")
    page.locator("#book").click()
    expect(page.locator("#booking-error")).to_contain_text(f"不能超过 {SPECIAL_NEEDS_MAX}")
    expect(page.locator("#booking-panel")).to_be_visible()  # still on the profile
    assert row_count("orders") == before


def test_someone_elses_order_looks_missing_and_offers_no_cancel(
    page: Page, app_url: str, app_engine
):
    code = _demo_order(app_engine)
    sign_up(page, app_url, app_engine, fresh_phone(), "hello2026", "好奇顾客")
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/orders/{code}")
    expect(page.locator("#access-error")).to_have_text("找不到该订单")
    expect(page.locator("#preview-cancel")).to_have_count(0)
    expect(page.locator("#order-code")).to_have_count(0)
    assert _status(app_engine, code) == "pending_service"


def test_a_review_is_offered_only_after_completion_once_and_within_its_length(
    page: Page, app_url: str, app_engine, row_count
):
    unfinished = _demo_order(app_engine)
    finished = _demo_order(app_engine, finished=True)
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))

    page.goto(f"{app_url}/orders/{unfinished}")
    expect(page.locator("#order-status")).to_have_text("待服务")
    expect(page.locator("#review-text")).to_have_count(0)

    page.goto(f"{app_url}/orders/{finished}")
    expect(page.locator("#order-status")).to_have_text("已完成")
    reviews = row_count("review")
    page.locator("#review-text").fill("很" * (TEXT_MAX + 1))
    page.locator("#review-submit").click()
    expect(page.locator("#order-error")).to_contain_text(f"不能超过 {TEXT_MAX}")
    expect(page.locator("#order-status")).to_have_text("已完成")
    assert row_count("review") == reviews

    page.locator("#review-text").fill("准时到店，剪得很满意")
    page.locator("#review-submit").click()
    expect(page.locator("#order-status")).to_have_text("已评价")
    page.reload()
    expect(page.locator("#order-status")).to_have_text("已评价")
    expect(page.locator("#review-text")).to_have_count(0)  # no second review
    with Session(app_engine) as s:
        order_id = s.exec(select(Order.id).where(Order.code == finished)).one()
        assert len(s.exec(select(Review).where(Review.order_id == order_id)).all()) == 1
