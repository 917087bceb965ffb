"""Tags, segments and 猜你喜欢 in the browser: a customer with history sees other
recommendations than a new one; an operator builds a segment, sees its size and saves it (and
a rule matching everyone is refused), tags a customer by hand and recomputes every customer's
tags; customer support cannot open the page."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, func, select

from salon_app.core.crypto import lookup_hash
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE, OPERATIONS_PHONE, SUPPORT_PHONE
from salon_app.core.models import Segment, User
from salon_app.core.services import auth, recommendations, tags
from tests.e2e.conftest import at, log_in
from tests.support.journeys import sign_up

DESKTOP = {"width": 1280, "height": 900}
NEW_CUSTOMER_PHONE = "17612340010"
NEW_PASSWORD = "newcomer2026"  # the demo password is refused for new accounts
PASSWORDS = {NEW_CUSTOMER_PHONE: NEW_PASSWORD}


def _recommended(engine, phone: str) -> list[str]:
    with Session(engine) as s:
        actor = auth.log_in(s, phone, PASSWORDS.get(phone, DEMO_PASSWORD)).actor
        return [r.name for r in recommendations.recommend(s, actor).services]


def _strip_names(page: Page) -> list[str]:
    names = page.locator("#recommend .recommend-service .recommend-name")
    expect(names.first).to_be_visible()
    return names.all_inner_texts()


def test_a_customer_with_history_sees_other_guesses_than_a_new_one(
    browser: Browser, app_url: str, app_engine
):
    with Session(app_engine) as s:
        # by phone: another test signs up a customer of the same name
        known = select(User.id).where(User.phone_hash == lookup_hash(f"+86{NEW_CUSTOMER_PHONE}"))
        if s.exec(known).first() is None:
            sign_up(s, NEW_CUSTOMER_PHONE, NEW_PASSWORD, "新来的")
    regular = _recommended(app_engine, CUSTOMER_PHONE)
    newcomer = _recommended(app_engine, NEW_CUSTOMER_PHONE)
    assert regular != newcomer  # the demo city gives them something different to show

    pages = {}
    for phone in (CUSTOMER_PHONE, NEW_CUSTOMER_PHONE):
        page = browser.new_context(locale="zh-CN").new_page()
        log_in(page, app_url, phone, PASSWORDS.get(phone, DEMO_PASSWORD))
        expect(page).to_have_url(at(app_url, "/"))
        pages[phone] = page
    regular_page, new_page = pages[CUSTOMER_PHONE], pages[NEW_CUSTOMER_PHONE]
    expect(regular_page.locator("#recommend-basis")).to_have_text("根据你的预约推荐")
    expect(new_page.locator("#recommend-basis")).to_contain_text("热门")
    assert _strip_names(regular_page) == regular
    assert _strip_names(new_page) == newcomer
    expect(regular_page.locator("#recommend .recommend-technician").first).to_be_visible()

    # A service page has its own strip: what people who book it also book, never itself.
    new_page.locator("#recommend .recommend-service").first.click()
    expect(new_page.locator("#service-name")).to_be_visible()
    shown = new_page.locator("#service-name").inner_text()
    expect(new_page.locator("#recommend-basis")).to_have_text("预约这项服务的人也常约")
    assert shown not in _strip_names(new_page)


def _choose(page: Page, trigger: str, option: str) -> None:
    page.locator(trigger).click()
    page.get_by_role("option", name=option, exact=True).click()


def _segments_page(browser: Browser, app_url: str) -> Page:
    """The operations operator on /admin/segments, reached from the admin menu."""
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, OPERATIONS_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/admin"))
    page.locator("#nav-admin-segments").first.click()
    expect(page).to_have_url(at(app_url, "/admin/segments"))
    return page


def test_operator_builds_a_segment_sees_its_size_and_saves_it(
    browser: Browser, app_url: str, app_engine
):
    page = _segments_page(browser, app_url)
    for chart in ("tag-chart", "band-chart"):
        expect(page.locator(f"#{chart} svg.recharts-surface").first).to_be_visible()

    rule = [
        {"field": "tag", "op": "has", "value": "dormant"},
        {"field": "spend_yuan", "op": "gte", "value": "100"},
    ]
    with Session(app_engine) as s:
        operator = auth.log_in(s, OPERATIONS_PHONE, DEMO_PASSWORD).actor
        expected = tags.preview_segment(s, operator, rule)
    assert 0 < expected.size < expected.customers

    # Bad input first: a rule every customer meets is shown as such and cannot be saved.
    _choose(page, "#draft-field", "累计订单数")
    page.locator("#draft-value-number").fill("0")
    _choose(page, "#draft-op", "不少于")
    page.locator("#add-condition").click()
    expect(page.locator("#segment-problem")).to_contain_text("匹配了全部")
    page.locator("#segment-name").fill("所有人")
    page.locator("#save-segment").click()
    expect(page.locator("[data-sonner-toast]").get_by_text("匹配了全部")).to_be_visible()
    page.locator(".segment-condition svg").first.click()
    expect(page.locator(".segment-condition")).to_have_count(0)

    _choose(page, "#draft-field", "标签")
    _choose(page, "#draft-value", "沉睡")
    page.locator("#add-condition").click()
    _choose(page, "#draft-field", "近一年消费（元）")
    page.locator("#draft-value-number").fill("100")
    page.locator("#add-condition").click()
    expect(page.locator(".segment-condition")).to_have_count(2)
    expect(page.locator("#segment-size")).to_have_text(
        f"匹配 {expected.size} / {expected.customers} 位客户"
    )
    expect(page.locator("#segment-problem")).to_have_count(0)
    page.locator("#segment-name").fill("沉睡召回·浏览器")
    page.locator("#save-segment").click()
    expect(page.locator("[data-sonner-toast]").get_by_text("分群已保存")).to_be_visible()

    row = page.locator(".segments-row", has_text="沉睡召回·浏览器")
    expect(row).to_contain_text(str(expected.size))
    with Session(app_engine) as s:
        saved = s.exec(select(Segment).where(Segment.name == "沉睡召回·浏览器")).one()
        stored = [rule[0], {**rule[1], "value": 100}]  # numbers are stored as numbers
        assert (saved.size_at_save, saved.rule) == (expected.size, stored)
        assert s.exec(select(Segment).where(Segment.name == "所有人")).first() is None

    # Its members, with masked phone numbers.
    row.locator(".show-members").click()
    members = page.locator(".members-row")
    expect(members).to_have_count(min(expected.size, 20))
    expect(members.first.locator("td").nth(1)).to_have_text(re.compile(r"^1\d\d\*{4}\d{4}$"))


def test_operator_tags_a_customer_by_hand_and_recomputes_the_tags(
    browser: Browser, app_url: str, app_engine
):
    page = _segments_page(browser, app_url)

    page.locator("#manual-phone").fill(CUSTOMER_PHONE)
    page.locator("#manual-find").click()
    expect(page.locator("#manual-customer")).to_have_text(re.compile(r"^林小美 138\*{4}8001$"))
    page.locator("#manual-label").fill("浏览器标签")
    page.locator("#manual-add").click()
    expect(page.locator("[data-sonner-toast]").get_by_text("标签已添加")).to_be_visible()
    expect(page.locator("#manual-tags")).to_contain_text("浏览器标签（手动）")
    page.locator("#manual-remove").click()
    expect(page.locator("[data-sonner-toast]").get_by_text("标签已去掉")).to_be_visible()
    expect(page.locator("#manual-tags")).not_to_contain_text("浏览器标签")

    # Recompute now runs off the event loop and says how many customers it tagged.
    with Session(app_engine) as s:
        customers = s.exec(
            select(func.count()).select_from(User).where(User.role == "customer")
        ).one()
    page.locator("#recompute").click()
    done = page.locator("[data-sonner-toast]").get_by_text(f"已重新计算 {customers} 位客户")
    expect(done).to_be_visible()


def test_customer_support_cannot_open_segments(page: Page, app_url: str):
    log_in(page, app_url, SUPPORT_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/admin"))
    expect(page.locator("#nav-admin-segments")).to_have_count(0)
    page.goto(f"{app_url}/admin/segments")
    expect(page.locator("#access-error")).to_have_text("您没有权限访问该页面")
    expect(page.locator("#tag-chart")).to_have_count(0)
    expect(page.locator("#segment-name")).to_have_count(0)
