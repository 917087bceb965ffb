"""The shop's technicians page in the browser: onboarding applicants (approve, reject with a
reason), checking certificates with their private scans, and who is refused."""

from __future__ import annotations

import io
import re
import uuid
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE, TECHNICIAN_PHONE
from salon_app.core.integrations.storage import files
from salon_app.core.models import Certificate, Technician, TechnicianApplication
from salon_app.core.services import auth
from salon_app.core.services.technicians.onboarding import apply_to_shop
from salon_app.core.services.technicians.showcase import add_certificate
from tests.e2e.conftest import at, log_in
from tests.e2e.test_accounts import fresh_phone
from tests.support import journeys
from tests.support.shops import OTHER_OWNER, OWNER, first_shop, login

DESKTOP = {"width": 1280, "height": 900}


def _toast(page: Page, text: str):
    return page.locator("[data-sonner-toast]").get_by_text(text)


def _owner_page(browser: Browser, app_url: str, phone: str = OWNER) -> Page:
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, phone, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/merchant"))
    page.goto(f"{app_url}/merchant/technicians")
    expect(page.locator("#dashboard-title")).to_have_text("技师与入驻")
    return page


def _application_status(app_engine, name: str) -> str:
    with Session(app_engine) as s:
        return s.exec(
            select(TechnicianApplication.status)
            .join(Technician, Technician.id == TechnicianApplication.technician_id)
            .where(Technician.display_name == name)
        ).one()


def _finder(page: Page, app_url: str, skill: str):
    """The haircut page's technician finder, filtered by a skill: the cards it lists."""
    page.goto(f"{app_url}/service/haircut")
    expect(page.locator("#service-name")).to_have_text("剪发")
    page.locator("#filter-skill").fill(skill)
    page.locator("#filter-submit").click()
    return page.locator("#technicians")


def test_owner_approves_one_applicant_who_is_then_found_and_rejects_the_other(
    browser: Browser, page: Page, app_url: str, app_engine
):
    shop = _owner_page(browser, app_url)
    try:
        rows = shop.locator(".application-row")
        expect(rows.filter(has_text="周晓雯")).to_have_count(1)
        expect(rows.filter(has_text="吴俊杰")).to_have_count(1)

        # The applicant's whole file: profile, certificates, cases.
        rows.filter(has_text="周晓雯").locator(".open-application").click()
        detail = shop.locator("#application-detail")
        expect(shop.locator("#detail-name")).to_have_text("周晓雯")
        expect(detail).to_contain_text("美发师职业技能等级证书")
        expect(detail).to_contain_text("长发剪短发")
        shop.locator("#approve").click()
        expect(_toast(shop, "已通过 周晓雯 的入驻申请")).to_be_visible()
        expect(rows.filter(has_text="周晓雯")).to_have_count(0)

        # Rejecting without a reason is refused and changes nothing.
        rows.filter(has_text="吴俊杰").locator(".open-application").click()
        expect(shop.locator("#detail-name")).to_have_text("吴俊杰")
        shop.locator("#reject").click()
        expect(_toast(shop, "请填写原因")).to_be_visible()
        assert _application_status(app_engine, "吴俊杰") == "pending"
        shop.locator("#reject-reason").fill("暂无男士油头岗位空缺")
        shop.locator("#reject").click()
        expect(_toast(shop, "已拒绝 吴俊杰 的入驻申请")).to_be_visible()
        # neither is pending any more (other tests' applicants may be)
        expect(rows.filter(has_text="吴俊杰")).to_have_count(0)
        expect(rows.filter(has_text="周晓雯")).to_have_count(0)

        shop.locator("#filter-all").click()
        expect(rows.filter(has_text="周晓雯").locator(".application-status")).to_have_text("已通过")
        expect(rows.filter(has_text="吴俊杰").locator(".application-status")).to_have_text("未通过")

        shop.locator("#tab-team").click()
        member = shop.locator(".member-row").filter(has_text="周晓雯")
        expect(member.locator(".member-status")).to_have_text("在岗")
    finally:
        shop.context.close()
    assert _application_status(app_engine, "周晓雯") == "approved"
    assert _application_status(app_engine, "吴俊杰") == "rejected"

    # A customer finds the approved hairdresser, never the rejected one.
    expect(_finder(page, app_url, "日式剪发")).to_contain_text("周晓雯")
    found = _finder(page, app_url, "男士油头")
    expect(found.locator(".technician-card").first).to_be_visible()
    expect(found).not_to_contain_text("吴俊杰")


@pytest.fixture
def applicants(app_engine, stack_env) -> dict[str, str]:
    """A new technician applying to the first shop and one applying to the second:
    {"ours": name, "theirs": name, "theirs_id": application id}."""
    names = {}
    with Session(app_engine, expire_on_commit=False) as s:
        shops = [first_shop(s).id, login(s, OTHER_OWNER).merchant_id]
        for key, shop_id in zip(("ours", "theirs"), shops, strict=True):
            name = f"申请人{uuid.uuid4().hex[:4]}"
            tech = journeys.sign_up(s, fresh_phone(), "hello2026", name, "technician")
            application = apply_to_shop(s, tech, shop_id, "想加入贵店")
            names[key], names[f"{key}_id"] = name, str(application.id)
    return names


def test_approving_another_shops_applicant_with_a_forged_id_is_refused(
    browser: Browser, app_url: str, app_engine, applicants
):
    shop = _owner_page(browser, app_url)
    try:
        rows = shop.locator(".application-row")
        expect(rows.filter(has_text=applicants["ours"])).to_have_count(1)
        expect(rows.filter(has_text=applicants["theirs"])).to_have_count(0)  # not ours to see
        rows.filter(has_text=applicants["ours"]).locator(".open-application").click()
        expect(shop.locator("#detail-name")).to_have_text(applicants["ours"])
        # The browser sends whatever it likes: the other shop's application id.
        shop.locator("#application-detail input[name=application_id]").first.evaluate(
            "(el, id) => { el.value = id }", applicants["theirs_id"]
        )
        shop.locator("#approve").click()
        expect(_toast(shop, "找不到该入驻申请")).to_be_visible()
    finally:
        shop.context.close()
    assert _application_status(app_engine, applicants["theirs"]) == "pending"
    assert _application_status(app_engine, applicants["ours"]) == "pending"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 90, 160)).save(out, "PNG")
    return out.getvalue()


def test_owner_sees_a_private_scan_and_verifies_the_certificate(
    browser: Browser, app_url: str, app_engine, stack_env, monkeypatch
):
    # The technician adds a certificate with a scan; it lands in the app's private folder.
    private = Path(stack_env["SALON_INSTANCE_DIR"]) / "private"
    monkeypatch.setattr(files, "private_dir", lambda: private.resolve())
    name = f"高级美发师证 {uuid.uuid4().hex[:4]}"
    with Session(app_engine, expire_on_commit=False) as s:
        tech = auth.log_in(s, TECHNICIAN_PHONE, DEMO_PASSWORD).actor
        add_certificate(s, tech, name, "深圳市人力资源和社会保障局", None, scan=_jpeg())

    shop = _owner_page(browser, app_url)
    try:
        shop.locator("#tab-certificates").click()
        shop.locator("#checks-search").fill(name)
        row = shop.locator(".checks-row").filter(has_text=name)
        expect(row).to_have_count(1)
        expect(row.locator(".check-status")).to_have_text("待审核")
        row.locator(".show-scan").click()
        expect(row.locator("img.certificate-scan")).to_have_attribute(
            "src", re.compile(r"^data:image/jpeg;base64,")
        )
        # Rejecting without a reason is refused; the certificate stays pending.
        row.locator(".start-reject-certificate").click()
        row.locator(".reject-certificate").click()
        expect(_toast(shop, "请填写原因")).to_be_visible()
        expect(row.locator(".check-status")).to_have_text("待审核")
        row.locator(".verify-certificate").click()
        expect(_toast(shop, "证书已认证")).to_be_visible()
        expect(row).to_have_count(0)  # verified and not expiring: nothing left to check
    finally:
        shop.context.close()
    with Session(app_engine) as s:
        cert = s.exec(select(Certificate).where(Certificate.name == name)).one()
    assert cert.status == "verified"


def test_a_customer_is_refused_the_technicians_page(page: Page, app_url: str):
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/merchant/technicians")
    expect(page.locator("#access-error")).to_have_text("您没有权限访问该页面")
    expect(page.locator(".application-row")).to_have_count(0)
    expect(page.locator(".member-row")).to_have_count(0)


def test_another_shops_owner_sees_none_of_our_technicians(
    browser: Browser, app_url: str, app_engine
):
    with Session(app_engine) as s:
        theirs = s.exec(
            select(Technician.display_name).where(
                Technician.merchant_id == login(s, OTHER_OWNER).merchant_id
            )
        ).all()
    shop = _owner_page(browser, app_url, OTHER_OWNER)
    try:
        shop.locator("#tab-team").click()
        members = shop.locator(".member-row")
        expect(members.first).to_be_visible()
        expect(members).to_have_count(len(theirs))
        assert sorted(members.locator(".member-name").all_inner_texts()) == sorted(theirs)
    finally:
        shop.context.close()
