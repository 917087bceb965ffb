"""Platform operators manage users and read the audit log in the browser (issue 10)."""

from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from salon_app.core.demo import logins, people
from tests.e2e.conftest import at, log_in
from tests.support.journeys import sign_up

DESKTOP = {"width": 1280, "height": 900}
DISABLED = "该账号已停用，请联系客服"


def _fresh_customer(app_engine, name: str) -> str:
    """A customer of this test only (the demo customer is shared with the other tests)."""
    phone = f"176{random.randint(10_000_000, 99_999_999)}"
    with Session(app_engine) as s:
        sign_up(s, phone, "hello2026", name)
    return phone


def _operator(browser: Browser, app_url: str, phone: str) -> Page:
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, phone, logins.DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/admin"))
    return page


def _open_user_by_phone(page: Page, app_url: str, phone: str) -> None:
    page.goto(f"{app_url}/admin/users")
    expect(page.locator(".users-row").first).to_be_visible()
    page.locator("#users-filter-phone").fill(phone)
    page.locator("#users-search").click()
    expect(page.locator(".users-row")).to_have_count(1)
    expect(page.locator(".users-row")).to_contain_text(f"{phone[:3]}****{phone[-4:]}")
    expect(page.locator(".users-row")).not_to_contain_text(phone)
    page.locator(".open-user").click()
    expect(page).to_have_url(re.compile(r"/admin/users/\d+/?$"))
    expect(page.locator("#user-phone")).to_have_text(f"{phone[:3]}****{phone[-4:]}")


def _reason(page: Page, button: str, confirm: str, reason: str) -> None:
    page.locator(button).click()
    page.locator("#action-reason").fill(reason)
    page.locator(confirm).click()


@pytest.mark.scaleout
def test_support_disables_a_customer_by_phone_and_their_open_tab_is_logged_out(
    page: Page, browser: Browser, app_url: str, app_engine
):
    phone = _fresh_customer(app_engine, "被停用的顾客")
    log_in(page, app_url, phone, "hello2026")  # the customer's tab, left open on the home page
    expect(page.locator("#current-user")).to_have_text("被停用的顾客")

    support = _operator(browser, app_url, logins.SUPPORT_PHONE)
    _open_user_by_phone(support, app_url, phone)
    expect(support.locator("#user-status")).to_have_text("正常")
    _reason(support, "#disable-user", "#confirm-disable", "疑似盗号，先停用")
    expect(support.locator("#user-status")).to_have_text("已停用")
    expect(support.locator("#user-history")).to_contain_text("疑似盗号，先停用")

    # Nobody touches the customer's tab: it is logged out and says why.
    expect(page).to_have_url(at(app_url, "/login"))
    expect(page.locator("#notice")).to_have_text(DISABLED)
    expect(page.locator("#current-user")).to_have_count(0)

    log_in(page, app_url, phone, "hello2026")
    expect(page.locator("#form-error")).to_have_text(DISABLED)
    expect(page).to_have_url(at(app_url, "/login"))

    _reason(support, "#enable-user", "#confirm-enable", "已核实本人")
    expect(support.locator("#user-status")).to_have_text("正常")
    log_in(page, app_url, phone, "hello2026")
    expect(page.locator("#current-user")).to_have_text("被停用的顾客")
    support.context.close()


def test_a_revealed_phone_shows_on_the_audit_page(browser: Browser, app_url: str, app_engine):
    phone = _fresh_customer(app_engine, "要回电的顾客")
    support = _operator(browser, app_url, logins.SUPPORT_PHONE)
    _open_user_by_phone(support, app_url, phone)
    expect(support.locator("#user-phone-full")).to_have_count(0)
    support.locator("#reveal-phone").click()
    expect(support.locator("#user-phone-full")).to_have_text(phone)
    user_id = support.url.rstrip("/").rsplit("/", 1)[1]
    support.context.close()

    finance = _operator(browser, app_url, logins.FINANCE_PHONE)
    expect(finance.locator("#nav-admin-audit").first).to_be_visible()
    finance.goto(f"{app_url}/admin/audit")
    expect(finance.locator("#dashboard-title")).to_have_text("审计日志")
    finance.locator("#audit-filter-action").fill("user.phone")
    finance.locator("#audit-filter-target-type").fill("user")
    finance.locator("#audit-filter-target-id").fill(user_id)
    finance.locator("#audit-search").click()
    expect(finance.locator(".audit-row")).to_have_count(1)
    row = finance.locator(".audit-row")
    expect(row).to_contain_text("查看完整手机号")
    expect(row).to_contain_text(people.SUPPORT_NAME)
    expect(row).to_contain_text(f"user #{user_id}")
    expect(row).not_to_contain_text(phone)
    with finance.expect_download() as download:
        finance.locator("#audit-export").click()
    assert download.value.suggested_filename == "audit-log.xlsx"
    finance.context.close()


def test_support_resets_a_password_and_the_customer_must_replace_it_at_log_in(
    page: Page, browser: Browser, app_url: str, app_engine
):
    phone = _fresh_customer(app_engine, "忘了密码的顾客")
    support = _operator(browser, app_url, logins.SUPPORT_PHONE)
    _open_user_by_phone(support, app_url, phone)
    support.locator("#reset-password").click()
    support.locator("#confirm-reset").click()
    expect(support.locator("#temporary-password")).to_have_text(re.compile(r"^[a-z0-9]{10}$"))
    temporary = support.locator("#temporary-password").inner_text()
    support.locator("#back-to-users").click()  # shown once: gone when the page is left
    expect(support).to_have_url(at(app_url, "/admin/users"))
    support.go_back()
    expect(support.locator("#user-phone")).to_be_visible()
    expect(support.locator("#temporary-password")).to_have_count(0)
    support.context.close()

    log_in(page, app_url, phone, "hello2026")  # the old password is gone
    expect(page.locator("#form-error")).to_be_visible()
    log_in(page, app_url, phone, temporary)
    expect(page).to_have_url(at(app_url, "/account/password"))
    page.locator("#old_password").fill(temporary)
    page.locator("#new_password").fill("mine2027x")
    page.locator("#new_password_again").fill("mine2027x")
    page.locator("#submit").click()
    expect(page.locator("#account-done")).to_be_visible()
    page.goto(f"{app_url}/orders")
    expect(page.locator("#current-user")).to_have_text("忘了密码的顾客")


@pytest.mark.parametrize(
    ("phone", "allowed"),
    [(logins.SUPPORT_PHONE, False), (logins.FINANCE_PHONE, True), (logins.ADMIN_PHONE, True)],
    ids=["support", "finance", "super_admin"],
)
def test_only_finance_and_the_super_admin_open_the_audit_page(
    browser: Browser, app_url: str, phone: str, allowed: bool
):
    page = _operator(browser, app_url, phone)
    nav = page.locator("#nav-admin-audit")
    page.goto(f"{app_url}/admin/audit")
    if allowed:
        expect(page.locator("#dashboard-title")).to_have_text("审计日志")
        expect(page.locator(".audit-row").first).to_be_visible()
        expect(nav.first).to_be_visible()
    else:
        expect(page.locator("#access-error")).to_have_text("您没有权限访问该页面")
        expect(page.locator(".audit-row")).to_have_count(0)
        page.goto(f"{app_url}/admin")
        expect(page.locator("#admin-title")).to_be_visible()
        expect(nav).to_have_count(0)
    page.context.close()


def test_a_malformed_phone_is_refused_and_the_table_stays(browser: Browser, app_url: str):
    page = _operator(browser, app_url, logins.SUPPORT_PHONE)
    page.goto(f"{app_url}/admin/users")
    summary = page.locator("#users-summary")
    expect(page.locator(".users-row").first).to_be_visible()  # the first page has loaded
    before = summary.inner_text()
    assert not before.startswith("共 0 条")
    page.locator("#users-filter-phone").fill("1380013")
    page.locator("#users-search").click()
    expect(page.locator("#users-filter-error")).to_have_text("请输入有效的中国大陆手机号")
    expect(summary).to_have_text(before)
    expect(page.locator("#users-filter-phone")).to_have_value("1380013")
    page.context.close()
