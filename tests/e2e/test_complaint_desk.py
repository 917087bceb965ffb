"""A shop answers a complaint on its desk; the customer's order page follows it live."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import ADMIN_PHONE, CUSTOMER_PHONE
from salon_app.core.models import AuditEntry, Complaint, MerchantStaff, Notification, User
from salon_app.core.services import auth
from salon_app.core.services.feedback import complaints
from tests.e2e.conftest import PHONE_VIEWPORT, at, log_in
from tests.support.journeys import complete
from tests.support.orders import pending_order

REASON = "染发颜色和约定的不一样"
ANSWER = "已与顾客沟通，下周免费重新染发"


def test_shop_handles_a_complaint_and_the_customer_sees_it_live(
    page: Page, browser: Browser, app_url: str, app_engine, tmp_path: Path
):
    with Session(app_engine, expire_on_commit=False) as s:
        customer = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        order = complete(s, pending_order(s, customer))
        staff = s.exec(
            select(MerchantStaff).where(MerchantStaff.merchant_id == order.merchant_id)
        ).first()
        shop_phone = s.get(User, staff.user_id).phone
    code = order.code

    # The customer files a complaint with a photo and keeps the order page open.
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/orders/{code}")
    expect(page.locator("#order-status")).to_have_text("已完成")
    page.locator("#complaint-reason").fill(REASON)
    photo = tmp_path / "colour.png"
    Image.new("RGB", (800, 600), (150, 40, 40)).save(photo)
    page.locator("#complaint-photos input[type=file]").set_input_files(photo)
    expect(page.locator("#complaint-previews .pending-photo")).to_have_count(1)
    page.locator("#complaint-submit").click()
    filed = page.locator(".complaint").filter(has_text=REASON)
    expect(filed).to_contain_text("待处理")

    shop = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN").new_page()
    try:
        log_in(shop, app_url, shop_phone, DEMO_PASSWORD)
        expect(shop).to_have_url(at(app_url, "/merchant"))
        shop.locator("#complaints-link").click()
        expect(shop).to_have_url(at(app_url, "/merchant/complaints"))
        row = shop.locator(".desk-row").filter(has_text=REASON)
        expect(row).to_contain_text(code)
        expect(row.locator(".desk-row-status")).to_have_text("待处理")
        row.locator(".view-photos").click()
        expect(row.locator("#complaint-photos img.photo")).to_have_attribute(
            "src", re.compile(r"^data:image/jpeg;base64,")
        )

        # Resolving without a resolution is refused and changes nothing.
        row.locator(".desk-status").select_option("resolved")
        row.locator(".desk-submit").click()
        expect(shop.locator("[data-sonner-toast]").get_by_text("请填写处理结果")).to_be_visible()
        expect(row.locator(".desk-row-status")).to_have_text("待处理")

        row.locator(".desk-status").select_option("processing")
        row.locator(".desk-submit").click()
        expect(row.locator(".desk-row-status")).to_have_text("处理中")
        expect(filed).to_contain_text("处理中")  # the customer's page, without reload
        expect(page.locator("#timeline")).to_contain_text("投诉/售后处理中")

        row.locator(".desk-status").select_option("resolved")
        row.locator(".desk-resolution textarea").fill(ANSWER)
        row.locator(".desk-submit").click()
        expect(row.locator(".desk-row-status")).to_have_text("已解决")
        expect(row.locator(".desk-submit")).to_have_count(0)  # a final answer
        expect(filed).to_contain_text("已解决")
        expect(filed.locator(".resolution")).to_have_text(f"处理结果：{ANSWER}")

        shop.locator(".filter-open").click()
        expect(shop.locator(".desk-row").filter(has_text=REASON)).to_have_count(0)
        shop.locator(".filter-resolved").click()
        expect(shop.locator(".desk-row").filter(has_text=REASON)).to_have_count(1)
    finally:
        shop.context.close()

    with Session(app_engine) as s:
        complaint = s.exec(select(Complaint).where(Complaint.order_id == order.id)).one()
        notes = s.exec(select(Notification.key).where(Notification.order_id == order.id)).all()
        audits = s.exec(
            select(AuditEntry.action).where(
                AuditEntry.target_type == "complaint", AuditEntry.target_id == complaint.id
            )
        ).all()
    assert (complaint.status, complaint.resolution) == ("resolved", ANSWER)
    assert {"notify.complaint_processing", "notify.complaint_resolved"} <= set(notes)
    assert {"complaint.processing", "complaint.resolved"} <= set(audits)


def test_admin_rejects_an_after_sales_request_straight_from_open(
    page: Page, app_url: str, app_engine
):
    with Session(app_engine, expire_on_commit=False) as s:
        customer = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        order = complete(s, pending_order(s, customer))
        filed = complaints.open_complaint(s, customer, order.code, "after_sales", "想退一半钱")
    log_in(page, app_url, ADMIN_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/admin"))
    page.locator("#complaints-link").click()
    expect(page).to_have_url(at(app_url, "/admin/complaints"))
    row = page.locator(".desk-row").filter(has_text=order.code)
    expect(row).to_contain_text("售后")
    row.locator(".desk-refund input").fill("abc")  # a bad amount changes nothing
    row.locator(".desk-status").select_option("rejected")
    row.locator(".desk-resolution textarea").fill("服务已按约定完成")
    row.locator(".desk-submit").click()
    expect(page.locator("[data-sonner-toast]").get_by_text("退款金额必须是")).to_be_visible()
    expect(row.locator(".desk-row-status")).to_have_text("待处理")
    row.locator(".desk-status").select_option("rejected")
    row.locator(".desk-resolution textarea").fill("服务已按约定完成")
    row.locator(".desk-submit").click()
    expect(row.locator(".desk-row-status")).to_have_text("已驳回")
    with Session(app_engine) as s:
        assert s.get(Complaint, filed.id).status == "rejected"
