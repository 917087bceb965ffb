"""A customer with coupons and points books on a phone: the booking panel prices the visit
live (the best coupon picked, points when switched on) and the order shows the same lines."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Order
from salon_app.core.services import auth
from tests.e2e.conftest import at
from tests.e2e.test_accounts import fresh_phone, sign_up
from tests.e2e.test_customer_journey import book_a_slot, open_first_technician
from tests.support.pricing_world import give_coupon, give_points


def test_customer_books_with_a_coupon_and_points_and_sees_the_discount_lines(
    page: Page, app_url: str, app_engine
):
    phone = fresh_phone()
    sign_up(page, app_url, app_engine, phone, "hello2026", "优惠客")
    expect(page).to_have_url(at(app_url, "/"))
    with Session(app_engine, expire_on_commit=False) as s:
        user_id = auth.log_in(s, phone, "hello2026").actor.user_id
        now = utcnow()
        small = give_coupon(s, user_id, now, "no_threshold", amount_fen=300, name="三元券")
        big = give_coupon(s, user_id, now, "no_threshold", amount_fen=800, name="八元立减券")
        give_points(s, user_id, 500, now)
        s.commit()

    open_first_technician(page, app_url)
    breakdown = page.locator("#price-breakdown")
    expect(breakdown).to_be_visible()
    coupon_line = breakdown.locator(".price-line[data-source=coupon]")
    expect(coupon_line).to_contain_text("八元立减券")  # the best one, picked for them
    expect(coupon_line).to_contain_text("-¥8")
    page.locator(f"#coupon-{small.id}").click()
    expect(coupon_line).to_contain_text("三元券")
    page.locator(f"#coupon-{big.id}").click()
    expect(coupon_line).to_contain_text("八元立减券")
    expect(page.locator("#points-hint")).to_contain_text("共 500 积分")
    page.locator("#points-toggle").click()
    points_line = breakdown.locator(".price-line[data-source=points]")
    expect(points_line).to_contain_text("积分抵扣")
    expect(points_line).to_contain_text("-¥5")
    to_pay = page.locator("#price-total").inner_text()

    book_a_slot(page)
    expect(page).to_have_url(re.compile(r"/orders/\d+$"))
    lines = page.locator("#order-discounts")
    expect(lines).to_contain_text("优惠券：八元立减券")
    expect(lines.locator(".price-line[data-source=points]")).to_contain_text("-¥5")
    expect(page.locator("#order-to-pay")).to_have_text(to_pay)
    expect(page.locator("#order-total")).to_have_text(to_pay)
    with Session(app_engine) as s:
        order = s.exec(select(Order).where(Order.customer_id == user_id)).one()
        assert order.list_fen - order.total_fen >= 800 + 500
