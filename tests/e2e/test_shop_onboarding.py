"""A shop applies and is approved (the applicant then opens their shop's dashboard); a
rejection's reason is what the applicant sees; a form without the licence scan is refused;
an operator sets a shop's rate for a category, and clears it."""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, col, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import OPERATIONS_PHONE
from salon_app.core.models import Merchant, ServiceCategory, ShopApplication
from salon_app.core.services import auth, shop_applications
from tests.e2e.conftest import at, log_in
from tests.support.journeys import sign_up
from tests.unit.test_shop_applications import LICENCE, form

DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "hello2026"


def _toast(page: Page, text: str):
    return page.locator("[data-sonner-toast]").get_by_text(text)


def _customer(app_engine, phone: str, name: str) -> None:
    with Session(app_engine) as s:
        sign_up(s, phone, PASSWORD, name)


def _operations(browser: Browser, app_url: str) -> Page:
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, OPERATIONS_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/admin"))
    page.goto(f"{app_url}/admin/shops")
    expect(page.locator("#dashboard-title")).to_have_text("商家入驻")
    return page


def _row(page: Page, shop_name: str):
    page.locator("#applications-search").fill(shop_name)
    return page.locator(".applications-row").filter(has_text=shop_name)


def _scan_file(tmp_path) -> str:
    path = tmp_path / "licence.png"
    out = io.BytesIO()
    Image.new("RGB", (900, 640), (250, 240, 230)).save(out, "PNG")
    path.write_bytes(out.getvalue())
    return str(path)


def test_a_shop_applies_and_is_approved(
    page: Page, browser: Browser, app_url, app_engine, tmp_path
):
    _customer(app_engine, "17600000041", "周老板")
    log_in(page, app_url, "17600000041", PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.locator("#shop-apply-link").click()  # 开店入驻, at the foot of the home page
    expect(page).to_have_url(at(app_url, "/shop/apply"))
    page.locator("#apply-shop_name").fill("周记理发店")
    page.locator("#apply-licence_number").fill(LICENCE)
    page.locator("#apply-address").fill("深圳市福田区深南大道6008号")
    page.locator("#apply-contact_phone").fill("0755-83661688")
    page.locator(".apply-category").first.click()
    page.locator("#apply-submit").click()
    expect(page.locator("#apply-error")).to_have_text("请上传营业执照照片")  # nothing stored
    page.locator("#licence-scan input[type=file]").set_input_files(_scan_file(tmp_path))
    expect(page.locator("#apply-scan-preview")).to_be_visible()
    page.locator("#apply-submit").click()
    expect(page.locator("#apply-status")).to_have_text("审核中")
    expect(page.locator("#apply-submit")).to_have_count(0)

    ops = _operations(browser, app_url)
    row = _row(ops, "周记理发店")
    expect(row.locator(".application-status")).to_have_text("审核中")
    expect(row.locator("img.licence-thumb")).to_be_visible()  # the licence as a picture
    row.locator(".licence-thumb").click()
    expect(ops.locator("#licence-scan-full")).to_be_visible()
    ops.get_by_role("button", name="关闭").click()
    row.locator(".approve-application").click()
    expect(_toast(ops, "已通过，店铺已开通，已写入审计日志")).to_be_visible()
    ops.locator("#application-filter").get_by_role("radio", name="已通过").click()
    expect(_row(ops, "周记理发店").locator(".application-status")).to_have_text("已通过")

    page.reload()
    expect(page.locator("#apply-status")).to_have_text("已通过")
    page.locator("#apply-dashboard").click()
    expect(page).to_have_url(at(app_url, "/merchant"))
    expect(page.locator("#shop-name")).to_have_text("周记理发店")


def test_a_rejection_with_its_reason_is_seen_by_the_applicant(
    page: Page, browser: Browser, app_url, app_engine
):
    _customer(app_engine, "17600000042", "吴老板")
    with Session(app_engine) as s:
        applicant = auth.log_in(s, "17600000042", PASSWORD).actor
        scan = io.BytesIO()
        Image.new("RGB", (400, 300), (200, 200, 200)).save(scan, "JPEG")
        sent = form(s, shop_name="吴氏美容院")
        shop_applications.apply_for_shop(s, applicant, sent, scan.getvalue())

    ops = _operations(browser, app_url)
    row = _row(ops, "吴氏美容院")
    row.locator(".reject-application").click()
    row.locator(".confirm-reject").click()
    expect(_toast(ops, "请填写驳回原因")).to_be_visible()
    row.locator(".reject-reason input").fill("经营地址与营业执照不一致")
    row.locator(".confirm-reject").click()
    expect(_toast(ops, "已驳回，已通知申请人")).to_be_visible()
    with Session(app_engine) as s:
        status = s.exec(
            select(ShopApplication.status).where(ShopApplication.shop_name == "吴氏美容院")
        ).one()
    assert status == "rejected"

    log_in(page, app_url, "17600000042", PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/shop/apply")
    expect(page.locator("#apply-status")).to_have_text("未通过")
    expect(page.locator("#apply-reason")).to_contain_text("经营地址与营业执照不一致")
    expect(page.locator("#apply-submit")).to_be_visible()  # they may apply again


def test_an_operator_sets_and_clears_a_shops_rate_for_a_category(
    browser: Browser, app_url, app_engine
):
    with Session(app_engine) as s:
        shop = s.exec(select(Merchant).order_by(col(Merchant.id))).first()
        category = s.exec(
            select(ServiceCategory).order_by(
                col(ServiceCategory.sort_order), col(ServiceCategory.id)
            )
        ).first()
    ops = _operations(browser, app_url)
    ops.locator("#shops-search").fill(shop.name)
    ops.locator(".shops-row").filter(has_text=shop.name).locator(".open-shop").click()
    expect(ops.locator("#shop-detail-name")).to_have_text(shop.name)
    form = ops.locator(f"#rate-category-{category.id}")
    effective = ops.locator(".category-rate").filter(has=form).locator(".rate-effective")
    expect(effective).to_have_text(re.compile(r"%$"))
    before = effective.inner_text()

    form.locator(".rate-input input").fill("60")
    form.locator(".rate-save").click()
    expect(_toast(ops, "佣金比例应为 0 到 50% 之间的数字，最多两位小数")).to_be_visible()
    expect(effective).to_have_text(before)  # refused: nothing changed
    form.locator(".rate-input input").fill("12.5")
    form.locator(".rate-save").click()
    expect(_toast(ops, "佣金比例已保存，已写入审计日志").first).to_be_visible()
    expect(effective).to_have_text("12.5%")
    form.locator(".rate-input input").fill("")  # cleared: it follows the shop's rate again
    form.locator(".rate-save").click()
    expect(effective).to_have_text(before)
