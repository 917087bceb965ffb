"""Issue 11's whole journey on a phone: a new customer claims the 新人券, checks in, books with
the coupon and the check-in points and sees the discount lines, pays, cancels, and gets the
coupon and the points back (and the points the payment earned are taken back)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Coupon, Order, User
from salon_app.core.services import membership
from tests.e2e.conftest import at
from tests.e2e.test_accounts import fresh_phone, sign_up
from tests.e2e.test_customer_journey import book_a_slot, open_first_technician


def test_newcomer_claims_checks_in_books_with_coupon_and_points_pays_cancels_gets_them_back(
    page: Page, app_url: str, app_engine
):
    phone = fresh_phone()
    sign_up(page, app_url, app_engine, phone, "hello2026", "全程新人")
    expect(page).to_have_url(at(app_url, "/"))

    # 领券中心: the 新人券
    page.locator("#home-coupons").click()
    expect(page).to_have_url(at(app_url, "/coupons"))
    card = page.locator(".coupon-card", has_text="新人专享券")
    card.locator(".coupon-claim").click()
    expect(card.locator(".coupon-state")).to_have_text("已领取")

    # 会员中心: check in for today's points
    page.locator("#tab-me").click()
    expect(page).to_have_url(at(app_url, "/me"))
    page.locator("#me-member").click()
    expect(page).to_have_url(at(app_url, "/me/member"))
    page.locator("#checkin-button").click()
    expect(page.locator("#points-available")).to_have_text("5")
    with Session(app_engine) as s:
        user_id = s.exec(select(User.id).where(User.display_name == "全程新人")).one()
        coupon = s.exec(select(Coupon).where(Coupon.user_id == user_id)).one()

    # Booking: the best coupon is the 新人券; the 5 points deduct ¥0.05
    open_first_technician(page, app_url)
    breakdown = page.locator("#price-breakdown")
    expect(page.locator(f"#coupon-{coupon.id}")).to_be_visible()
    page.locator(f"#coupon-{coupon.id}").click()
    expect(breakdown.locator(".price-line[data-source=coupon]")).to_contain_text("新人专享券")
    page.locator("#points-toggle").click()
    expect(breakdown.locator(".price-line[data-source=points]")).to_contain_text("-¥0.05")
    to_pay = page.locator("#price-total").inner_text()
    book_a_slot(page)
    expect(page).to_have_url(re.compile(r"/orders/\d+$"))
    lines = page.locator("#order-discounts")
    expect(lines).to_contain_text("新人专享券")
    expect(lines.locator(".price-line[data-source=points]")).to_contain_text("-¥0.05")
    expect(page.locator("#order-to-pay")).to_have_text(to_pay)
    order_url = page.url

    # Pay at the sandbox cashier, then cancel (free while far from the start)
    page.locator("#pay-wechat").click()
    page.locator("#confirm").click()
    expect(page).to_have_url(re.compile(re.escape(order_url) + r"/?(\?.*)?$"))
    expect(page.locator("#order-status")).to_have_text("待服务", timeout=20_000)
    with Session(app_engine) as s:
        order = s.exec(select(Order).where(Order.customer_id == user_id)).one()
        earned = membership.balance(s, user_id, utcnow()).pending
    assert earned > 0  # the payment earned points, frozen until after the service
    page.locator("#preview-cancel").click()
    preview = page.locator("#giveback-preview")
    expect(preview).to_contain_text("优惠券「新人专享券」退回券包")
    expect(preview).to_contain_text("本单抵扣的 5 积分退回")
    expect(preview).to_contain_text(f"本单赠送的 {earned} 积分扣回")
    page.locator("#confirm-cancel").click()
    expect(page.locator("#order-status")).to_have_text("已退款", timeout=30_000)
    expect(page.locator("#giveback-done")).to_contain_text("退回券包")

    # The coupon is usable again, and the points are back to the check-in's 5
    page.goto(f"{app_url}/me/coupons")
    mine = page.locator("#my-coupons .coupon-card", has_text="新人专享券")
    expect(mine.locator(".coupon-status")).to_have_text("可使用")
    page.goto(f"{app_url}/me/member")
    expect(page.locator("#points-available")).to_have_text("5")
    with Session(app_engine) as s:
        assert s.get(Coupon, coupon.id).order_id is None
        left = membership.balance(s, user_id, utcnow())
        assert (left.available, left.pending, left.debt) == (5, 0, 0)
        assert s.get(Order, order.id).status == "refunded"
