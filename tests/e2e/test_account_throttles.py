"""Issue 13, hole 3 in the browser: sign-up does not say a number is taken, a stranger's wrong
passwords do not keep the owner out of their own browser, and while the platform-wide ceiling of
wrong passwords is reached an unknown browser logs in with an SMS code."""

from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import update
from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.demo import logins
from salon_app.core.errors import DomainError
from salon_app.core.integrations.sms import sandbox
from salon_app.core.models import RateCounter
from salon_app.core.services import auth, rate_limits
from salon_app.core.services.auth import login_throttle
from tests.e2e.conftest import at, log_in
from tests.support.journeys import sms_code
from tests.support.page_load import goto_loaded

PASSWORD = "hello2026"


def _fresh_phone() -> str:
    return f"139{random.randint(10_000_000, 99_999_999)}"


def _account(engine, name: str) -> str:
    """A customer account made directly (no SMS: the browser's code limits stay untouched)."""
    phone = _fresh_phone()
    with Session(engine) as session:
        auth.open_account(session, phone, PASSWORD, name, "customer")
    return phone


def _ask_signup_code(page: Page, app_url: str, phone: str) -> str:
    goto_loaded(page, f"{app_url}/signup")  # the page empties its form on load
    page.locator("#phone").fill(phone)
    page.locator("#send-code").click()
    notice = page.locator("#code-notice")
    expect(notice).to_contain_text(phone[-4:])  # this phone's notice, not the last one's
    return notice.inner_text()


def _submit_sign_up(page: Page, code: str) -> None:
    page.locator("#code").fill(code)
    page.locator("#password").fill("other2026x")
    page.locator("#display_name").fill("陌生人")
    page.locator("#submit").click()


def test_sign_up_with_a_taken_number_looks_exactly_like_a_free_one(
    page: Page, app_url: str, app_engine, row_count
):
    taken, free = _account(app_engine, "老用户"), _fresh_phone()
    said = {}
    for phone in (taken, free):
        said[phone] = _ask_signup_code(page, app_url, phone)
        _submit_sign_up(page, "000000" if phone == taken else "000001")
        said[phone] += " | " + page.locator("#form-error").inner_text()
        expect(page).to_have_url(at(app_url, "/signup"))
    masked = {p: f"{p[:3]}****{p[-4:]}" for p in (taken, free)}
    assert said[taken].replace(masked[taken], "X") == said[free].replace(masked[free], "X")
    assert re.fullmatch(
        r"验证码已发送至 X，10 分钟内有效 \| 验证码错误，还可再试 4 次",
        said[free].replace(masked[free], "X"),
    )
    # The taken number's holder was told, and got no code.
    [notice] = sandbox.outbox(app_engine, auth.normalize_mobile(taken), limit=1)
    assert notice.template == "signup_taken"
    assert sandbox.latest_code(app_engine, auth.normalize_mobile(taken)) is None


def test_a_strangers_fifty_wrong_passwords_do_not_stop_the_owner_on_their_browser(
    page: Page, app_url: str, app_engine
):
    phone = _account(app_engine, "真主人")
    log_in(page, app_url, phone, PASSWORD)  # the owner's browser becomes a known device
    expect(page).to_have_url(at(app_url, "/"))
    page.locator("#logout").click()
    expect(page).to_have_url(at(app_url, "/login"))
    with Session(app_engine) as session:
        for n in range(50):  # from 50 addresses, and 10 more from the owner's own (a shared NAT)
            with pytest.raises(DomainError):
                auth.log_in(session, phone, f"guess{n}x", client=f"198.51.100.{n}")
        for n in range(10):
            with pytest.raises(DomainError):
                auth.log_in(session, phone, f"guess{n}y", client="127.0.0.1")
    log_in(page, app_url, phone, PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    expect(page.locator("#current-user")).to_have_text("真主人")


@pytest.fixture
def ceiling_reached(app_engine):
    """The platform-wide count of wrong passwords at its ceiling for this window and the next
    (the test may cross a window's end); cleared afterwards."""
    limit = login_throttle.global_limit()
    now = utcnow()
    with Session(app_engine) as session:
        for moment in (now, now + limit.per):
            rate_limits.take(session, limit, login_throttle.GLOBAL_KEY, moment)
            session.execute(
                update(RateCounter)
                .where(
                    RateCounter.key_hash == rate_limits.key_hash(limit, login_throttle.GLOBAL_KEY)
                )
                .values(count=10**6)
            )
        session.commit()
    yield
    with Session(app_engine) as session:
        rate_limits.clear(session, limit, login_throttle.GLOBAL_KEY)
        session.commit()


def test_at_the_global_ceiling_an_unknown_browser_logs_in_with_an_sms_code(
    page: Page, app_url: str, app_engine, ceiling_reached
):
    phone = _account(app_engine, "验证码登录")
    log_in(page, app_url, phone, PASSWORD)
    expect(page.locator("#form-error")).to_have_text(
        "为保护账号安全，现在登录需要短信验证码：请获取验证码后再登录"
    )
    page.locator("#send-code").click()
    expect(page.locator("#code-notice")).to_contain_text("验证码已发送，10 分钟内有效")
    page.locator("#code").fill(sms_code(app_engine, phone))
    page.locator("#password").fill(PASSWORD)
    page.locator("#submit").click()
    expect(page).to_have_url(at(app_url, "/"))
    expect(page.locator("#current-user")).to_have_text("验证码登录")
    # Now a known device: after logging out it logs in without a code, ceiling or not.
    page.locator("#logout").click()
    expect(page).to_have_url(at(app_url, "/login"))
    log_in(page, app_url, phone, PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))


def test_a_price_filter_of_1e20_says_why_and_keeps_the_list(page: Page, app_url: str):
    """Hole 9 in the browser: a number input happily sends 1e20 (and 30 digits)."""
    log_in(page, app_url, logins.CUSTOMER_PHONE, logins.DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/service/haircut")
    cards = page.locator(".technician-card")
    expect(cards.first).to_be_visible()
    before = cards.count()
    for typed in ("1e20", "9" * 30):
        page.locator("#filter-price_min").fill(typed)
        page.locator("#filter-submit").click()
        expect(page.locator("#filter-error")).to_have_text(
            "价格请填写 0 到 1000000 之间的金额（元，最多两位小数）"
        )
        expect(cards).to_have_count(before)
