"""Accounts and roles as people meet them in the browser."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import update
from sqlmodel import Session, select

from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.demo import logins
from salon_app.core.models import AuthSession, User
from tests.e2e.conftest import at, enter_signup_code, log_in
from tests.support.journeys import accepted
from tests.support.orders import at_home_order
from tests.support.page_load import (
    received_frames,
    socket_log,
    wait_for_hydrate,
    wait_for_route_load,
)

DEMO_HOMES = [
    (logins.CUSTOMER_PHONE, "/", "#categories"),
    (logins.TECHNICIAN_PHONE, "/tech", "#tech-name"),
    (logins.MERCHANT_PHONE, "/merchant", "#shop-name"),
    (logins.ADMIN_PHONE, "/admin", "#admin-title"),
]


HOME = (22.5405, 114.029)  # near 车公庙, where demo hairdressers come to the customer


def fresh_phone() -> str:
    return f"139{random.randint(10_000_000, 99_999_999)}"


def sign_up(
    page: Page, app_url: str, engine, phone: str, password: str, name: str, role: str = ""
) -> None:
    """The sign-up form, the phone proven with the code the SMS sandbox received."""
    page.goto(f"{app_url}/signup")
    page.locator("#phone").fill(phone)
    enter_signup_code(page, engine, phone)
    page.locator("#password").fill(password)
    page.locator("#display_name").fill(name)
    if role:
        page.locator(f"#role-{role}").click()
    page.locator("#submit").click()


@pytest.mark.scaleout
def test_new_customer_signs_up_logs_in_and_sees_the_categories(
    page: Page, app_url: str, app_engine
):
    phone = fresh_phone()
    sign_up(page, app_url, app_engine, phone, "hello2026", "新顾客")
    expect(page).to_have_url(at(app_url, "/"))
    expect(page.locator("#current-user")).to_have_text("新顾客")
    for name in ("美发", "美容", "美甲", "家政"):
        expect(page.locator("#categories")).to_contain_text(name)
    expect(page.locator("#category-hair")).to_contain_text("剪发")
    expect(page.locator("#hot .service-card").first).to_be_visible()
    expect(page.locator("#new .service-card").first).to_be_visible()

    page.locator("#logout").click()
    expect(page).to_have_url(at(app_url, "/login"))
    expect(page.locator("#notice")).to_have_text("您已退出登录")

    log_in(page, app_url, phone, "hello2026")
    expect(page).to_have_url(at(app_url, "/"))
    expect(page.locator("#current-user")).to_have_text("新顾客")


@pytest.mark.scaleout
@pytest.mark.parametrize(("phone", "home", "marker"), DEMO_HOMES)
def test_each_demo_role_lands_on_its_home(page: Page, app_url: str, phone, home, marker):
    log_in(page, app_url, phone, logins.DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, home))
    expect(page.locator(marker)).to_be_visible()
    expect(page.locator("#access-error")).to_have_count(0)


@pytest.mark.parametrize("path", ["/merchant", "/admin", "/tech", "/merchant/complaints"])
def test_customer_is_refused_staff_pages_and_sees_no_data(page: Page, app_url: str, path):
    log_in(page, app_url, logins.CUSTOMER_PHONE, logins.DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}{path}")
    expect(page.locator("#access-error")).to_have_text("您没有权限访问该页面")
    for marker in ("#shop-name", "#admin-title", "#tech-name", "#stat-orders", ".desk-row"):
        expect(page.locator(marker)).to_have_count(0)


@pytest.mark.parametrize("path", ["/admin", "/admin/complaints"])
def test_merchant_is_refused_the_admin_pages(page: Page, app_url: str, path: str):
    log_in(page, app_url, logins.MERCHANT_PHONE, logins.DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/merchant"))
    page.goto(f"{app_url}{path}")
    expect(page.locator("#access-error")).to_have_text("您没有权限访问该页面")
    expect(page.locator("#stat-merchants")).to_have_count(0)
    expect(page.locator(".desk-row")).to_have_count(0)


def test_anonymous_visitor_is_asked_to_log_in(page: Page, app_url: str):
    page.goto(f"{app_url}/merchant")
    expect(page).to_have_url(at(app_url, "/login"))
    expect(page.locator("#notice")).to_have_text("请先登录")


@pytest.mark.parametrize(
    ("phone", "password", "message"),
    [
        ("12345", "hello2026", "请输入有效的中国大陆手机号"),
        ("02088886666", "hello2026", "请输入有效的中国大陆手机号"),
        (None, "short1", "密码至少 8 位，且需同时包含字母和数字"),
        (None, "abcdefghij", "密码至少 8 位，且需同时包含字母和数字"),
        (None, "password1", "这个密码太常见（常出现在泄露的密码库中），容易被猜到，请换一个"),
        # A registered number is never said to be taken: test_account_throttles.py
    ],
)
def test_bad_sign_up_says_why_and_stores_nothing(
    page: Page, app_url: str, app_engine, row_count, phone, password, message
):
    before = row_count("user")
    sign_up(page, app_url, app_engine, phone or fresh_phone(), password, "坏输入")
    expect(page.locator("#form-error")).to_have_text(message)
    expect(page).to_have_url(at(app_url, "/signup"))
    assert row_count("user") == before


def test_wrong_password_is_refused(page: Page, app_url: str, row_count):
    sessions = row_count("auth_session")
    log_in(page, app_url, logins.CUSTOMER_PHONE, "wrong-password-1")
    expect(page.locator("#form-error")).to_have_text("手机号或密码错误")
    expect(page).to_have_url(at(app_url, "/login"))
    assert row_count("auth_session") == sessions


def test_repeated_wrong_passwords_throttle_this_browser(page: Page, app_url: str, app_engine):
    """Five wrong passwords in a row stop this browser for this number (not the account for
    everyone: test_account_throttles.py)."""
    phone = fresh_phone()
    sign_up(page, app_url, app_engine, phone, "hello2026", "锁定测试")
    expect(page).to_have_url(at(app_url, "/"))
    page.locator("#logout").click()
    expect(page).to_have_url(at(app_url, "/login"))
    for _ in range(5):
        page.locator("#phone").fill(phone)
        page.locator("#password").fill("wrong-pass-9")
        page.locator("#submit").click()
        expect(page.locator("#form-error")).to_be_visible()
    page.locator("#phone").fill(phone)
    page.locator("#password").fill("hello2026")
    page.locator("#submit").click()
    expect(page.locator("#form-error")).to_have_text(
        re.compile(r"该手机号在本设备上密码错误次数过多，请 \d+ 分钟后再试，或找回密码")
    )
    expect(page).to_have_url(at(app_url, "/login"))


def test_tampered_token_logs_the_browser_out(page: Page, app_url: str):
    log_in(page, app_url, logins.MERCHANT_PHONE, logins.DEMO_PASSWORD)
    expect(page.locator("#shop-name")).to_be_visible()
    page.evaluate("localStorage.setItem('salon_token', 'forged-' + 'x'.repeat(30))")
    page.goto(f"{app_url}/merchant")
    expect(page).to_have_url(at(app_url, "/login"))
    expect(page.locator("#notice")).to_have_text("登录状态已失效，请重新登录")
    expect(page.locator("#shop-name")).to_have_count(0)


@pytest.fixture
def private_job(app_engine) -> tuple[str, str, str]:
    """(job code, technician's phone, customer's address): an at-home order the demo customer
    booked, paid, and its technician accepted, so the job page shows the address."""
    address = f"福田区深南大道6008号2栋{random.randint(1000, 9999)}"
    order, tech_phone = accepted(app_engine, lambda s, c: at_home_order(s, c, HOME, address))
    return order.code, tech_phone, address


def _open_job_as_its_technician(page: Page, app_url: str, job: tuple[str, str, str]) -> None:
    code, tech_phone, address = job
    log_in(page, app_url, tech_phone, logins.DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/tech"))
    page.goto(f"{app_url}/tech/job/{code}")
    expect(page.locator("#job-address")).to_contain_text(address)


def _expire_logins(app_engine, phone: str) -> None:
    """As time does: every open login of that user has run out."""
    with Session(app_engine) as s:
        user_id = s.exec(
            select(User.id).where(User.phone_hash == crypto.lookup_hash(f"+86{phone}"))
        )
        s.execute(
            update(AuthSession)
            .where(AuthSession.user_id == user_id.one(), AuthSession.revoked_at.is_(None))
            .values(expires_at=utcnow() - timedelta(minutes=1))
        )
        s.commit()


@pytest.mark.scaleout
def test_expired_login_sends_the_browser_to_log_in_again(
    page: Page, app_url: str, app_engine, private_job
):
    _, tech_phone, address = private_job
    frames, log = received_frames(page), socket_log(page)
    _open_job_as_its_technician(page, app_url, private_job)
    assert [f for f in frames if address in f], "the check must see what the browser is sent"
    _expire_logins(app_engine, tech_phone)

    page.goto(f"{app_url}/tech")
    expect(page).to_have_url(at(app_url, "/login"))
    expect(page.locator("#notice")).to_have_text("登录状态已失效，请重新登录")
    expect(page.locator("#current-user")).to_have_count(0)
    # The notice and the empty header come from /tech's refusal; the login page's own load
    # wipes the tab (the job with it), which the page does not show: wait for that load.
    wait_for_route_load(page, log, "/login")
    frames.clear()
    page.reload()  # the tab's whole state is sent again (hydrate): the job is gone from it
    expect(page.locator("#phone")).to_be_visible()
    wait_for_hydrate(page, frames)
    assert not [f for f in frames if address in f]


@pytest.mark.scaleout
def test_the_next_user_of_a_tab_gets_nothing_of_the_one_before(
    page: Page, app_url: str, private_job
):
    code, _, address = private_job
    frames = received_frames(page)
    _open_job_as_its_technician(page, app_url, private_job)
    assert [f for f in frames if address in f], "the check must see what the browser is sent"
    page.locator("#logout").click()
    expect(page).to_have_url(at(app_url, "/login"))

    frames.clear()  # from here on, the tab belongs to the merchant
    log_in(page, app_url, logins.MERCHANT_PHONE, logins.DEMO_PASSWORD)  # a new page load: hydrate
    expect(page).to_have_url(at(app_url, "/merchant"))
    expect(page.locator("#shop-name")).not_to_have_text("")
    page.goto(f"{app_url}/tech/job/{code}")
    expect(page.locator("#access-error")).to_have_text("您没有权限访问该页面")
    page.reload()
    expect(page.locator("#access-error")).to_have_text("您没有权限访问该页面")
    wait_for_hydrate(page, frames)
    assert not [f for f in frames if address in f]
    expect(page.locator("body")).not_to_contain_text(address)


def test_technician_signs_up_and_applies_to_join_a_shop(
    page: Page, app_url: str, app_engine, row_count
):
    sign_up(page, app_url, app_engine, fresh_phone(), "hello2026", "新技师", role="technician")
    expect(page).to_have_url(at(app_url, "/tech"))
    expect(page.locator("#tech-name")).to_have_text("新技师")
    expect(page.locator("#tech-shop")).to_contain_text("尚未加入店铺")
    before = row_count("technician_application")
    page.locator("#shop-select").click()
    page.get_by_role("option").first.click()
    page.locator("#apply-message").fill("五年日式剪发经验")
    page.locator("#apply-submit").click()
    expect(page.locator("#applications .application-status").first).to_have_text("待审核")
    assert row_count("technician_application") == before + 1
