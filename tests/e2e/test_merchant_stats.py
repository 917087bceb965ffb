"""A shop's statistics (range, basis, charts, xlsx), its incentive rules, the technician's bonus
on the income page, and where customers and bookings came from."""

from __future__ import annotations

import random
import re
import zipfile
from datetime import timedelta

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, col, select

from salon_app.components.format import local_today
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE, MERCHANT_PHONE
from salon_app.core.models import IncentiveAward, IncentiveRule, Order, Technician, User
from salon_app.core.services import auth, incentives, stats
from tests.e2e.conftest import PHONE_VIEWPORT, at, enter_signup_code, log_in
from tests.e2e.test_customer_journey import book_a_slot

OTHER_MERCHANT_PHONE = "13723450002"  # owner of the second demo shop
DESKTOP = {"width": 1280, "height": 900}
TOO_LONG = "统计时间范围最长 366 天，请缩短后再试"


def _figures(engine, days: int, basis: str = "service") -> stats.ShopStatistics:
    """What the service says about the demo shop's last `days` local days."""
    today = local_today()
    with Session(engine) as s:
        actor = auth.log_in(s, MERCHANT_PHONE, DEMO_PASSWORD).actor
        return stats.shop_statistics(
            s, actor, actor.merchant_id, today - timedelta(days=days - 1), today, basis
        )


def _open_stats(page: Page, app_url: str, phone: str = MERCHANT_PHONE) -> None:
    log_in(page, app_url, phone, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/merchant"))
    page.goto(f"{app_url}/merchant/stats")


def test_merchant_reads_statistics_switches_range_and_basis_and_downloads_xlsx(
    browser: Browser, app_url: str, app_engine
):
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    today = local_today()
    month = _figures(app_engine, 30)
    assert month.orders.value > 0  # the demo shop is busy: the figures below mean something
    _open_stats(page, app_url)

    # The last 30 local days, against the 30 before.
    expect(page.locator("#stats-range-from")).to_have_value(str(today - timedelta(days=29)))
    expect(page.locator("#stats-range-to")).to_have_value(str(today))
    expect(page.locator("#stats-shop")).to_have_text(month.shop_name)
    orders = page.locator("#kpi-orders .kpi-value")
    expect(orders).to_have_text(str(month.orders.value))
    expect(page.locator("#kpi-orders")).to_contain_text(f"上期 {month.orders.previous}")
    expect(page.locator("#kpi-customers .kpi-value")).to_have_text(str(month.customers.value))
    for chart in ("orders", "revenue", "customers", "hours", "order-sources", "services"):
        expect(page.locator(f"#chart-{chart} svg.recharts-surface").first).to_be_visible()
    expect(page.locator("#chart-orders .recharts-line")).to_have_count(2)  # now and before
    table = page.locator("#stats-technicians")
    expect(page.locator(".stats-technicians-row")).to_have_count(len(month.technicians))
    busiest = max(month.technicians, key=lambda r: r.orders)

    # Sorting by orders, largest first, puts the busiest technician on top.
    sort = table.locator(".sort-orders")
    sort.click()
    expect(sort).to_contain_text("↑")
    sort.click()
    expect(sort).to_contain_text("↓")
    top = page.locator(".stats-technicians-row").first
    expect(top.locator("td").nth(1)).to_have_text(str(busiest.orders))

    # 90 days.
    quarter = _figures(app_engine, 90)
    page.locator("#stats-range-last-90").click()
    expect(page.locator("#stats-range-from")).to_have_value(str(today - timedelta(days=89)))
    expect(orders).to_have_text(str(quarter.orders.value))

    # Revenue by payment date.
    paid = _figures(app_engine, 90, "payment")
    page.locator("#stats-basis").get_by_role("radio", name="按支付日期").click()
    expect(page.locator("#kpi-revenue .kpi-value")).to_have_text(
        "¥" + _yuan(paid.revenue_fen.value)
    )

    # The xlsx of what is on screen.
    first = today - timedelta(days=89)
    with page.expect_download() as download:
        page.locator("#stats-export").click()
    assert download.value.suggested_filename == f"shop-stats-{first}-{today}.xlsx"
    with zipfile.ZipFile(download.value.path()) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
        workbook = book.read("xl/workbook.xml").decode()
    assert month.shop_name in strings
    assert "按支付日期" in strings
    assert "技师表现" in workbook

    # Ten years is refused: the message, and the figures and the range stay as they were.
    page.locator("#stats-range-from").fill(str(today - timedelta(days=3650)))
    page.locator("#stats-range-apply").click()
    expect(page.locator("[data-sonner-toast]").get_by_text(TOO_LONG)).to_be_visible()
    expect(page.locator("#stats-range-from")).to_have_value(str(first))
    expect(orders).to_have_text(str(quarter.orders.value))
    expect(page.locator("#stats-period")).to_contain_text(str(first))
    page.context.close()


def _yuan(fen: int) -> str:
    from salon_app.i18n import fen_to_yuan

    return fen_to_yuan(fen)


def test_merchant_creates_and_disables_an_incentive_rule_and_sees_the_awards(
    page: Page, app_url: str, app_engine, row_count
):
    name = f"冲单奖{random.randint(1000, 9999)}"
    with Session(app_engine) as s:
        actor = auth.log_in(s, MERCHANT_PHONE, DEMO_PASSWORD).actor
        awarded = incentives.list_awards(s, actor)
    assert awarded  # the demo city awarded last month's incentives
    log_in(page, app_url, MERCHANT_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/merchant"))
    page.goto(f"{app_url}/merchant/incentives")
    expect(page.locator(".incentive-award").first).to_be_visible()
    expect(page.locator("#incentive-awards")).to_contain_text(awarded[0].technician_name)

    # Bad input: a negative amount, then no threshold; each says why and stores nothing.
    rules = row_count("incentive_rule")
    page.locator("#incentive-name").fill(name)
    page.locator("#incentive-amount").fill("-5")
    page.locator("#incentive-threshold").fill("10")
    page.locator("#incentive-create").click()
    expect(page.locator("#incentive-error")).to_have_text("奖励金额须大于 0 元且不超过 10000 元")
    page.locator("#incentive-amount").fill("12.5")
    page.locator("#incentive-threshold").fill("")
    page.locator("#incentive-create").click()
    expect(page.locator("#incentive-error")).to_have_text(
        "请填写奖励条件（订单数，或评分与评价数）"
    )
    assert row_count("incentive_rule") == rules
    expect(page.locator(".incentive-rule").filter(has_text=name)).to_have_count(0)

    # A good rule: 12.5 yuan per order beyond 10 a month, at most 300 yuan.
    page.locator("#incentive-threshold").fill("10")
    page.locator("#incentive-cap").fill("300")
    page.locator("#incentive-create").click()
    row = page.locator(".incentive-rule").filter(has_text=name)
    expect(row).to_contain_text("当月完成超过 10 单后，每单奖励 ¥12.5")
    expect(row).to_contain_text("封顶 ¥300")
    expect(row).to_contain_text("生效中")
    expect(page.locator("#incentive-error")).to_have_count(0)
    expect(page.locator("#incentive-name")).to_have_value("")  # the form is empty again
    with Session(app_engine) as s:
        rule = s.exec(select(IncentiveRule).where(IncentiveRule.name == name)).one()
        assert (rule.amount_fen, rule.threshold_orders, rule.cap_fen) == (1250, 10, 30_000)

    row.locator(".incentive-disable").click()
    expect(row).to_contain_text("已停用")
    expect(row.locator(".incentive-disable")).to_have_count(0)

    # Another shop's manager never sees it.
    other = page.context.browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN").new_page()
    log_in(other, app_url, OTHER_MERCHANT_PHONE, DEMO_PASSWORD)
    expect(other).to_have_url(at(app_url, "/merchant"))
    other.goto(f"{app_url}/merchant/incentives")
    expect(other.locator(".incentive-rule").first).to_be_visible()
    expect(other.locator(".incentive-rule").filter(has_text=name)).to_have_count(0)
    other.context.close()


def test_technician_sees_their_incentive_on_the_income_page(page: Page, app_url: str, app_engine):
    with Session(app_engine) as s:
        award, rule_name, tech_user = s.exec(
            select(IncentiveAward, IncentiveRule.name, Technician.user_id)
            .join(IncentiveRule, col(IncentiveRule.id) == col(IncentiveAward.rule_id))
            .join(Technician, col(Technician.id) == col(IncentiveAward.technician_id))
            .order_by(col(IncentiveAward.id))
        ).first()
        phone = s.get(User, tech_user).phone.removeprefix("+86")
    log_in(page, app_url, phone, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/tech"))
    page.goto(f"{app_url}/tech/income")
    line = page.locator(".income-line").filter(has_text=rule_name).first
    expect(line.locator(".income-incentive")).to_contain_text("激励奖励")
    expect(line.locator(".income-share")).to_have_text("¥" + _yuan(award.amount_fen))


def test_customer_and_other_shop_get_nothing_of_the_shops_statistics(
    page: Page, browser: Browser, app_url: str, app_engine
):
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/merchant/stats")
    expect(page.locator("#access-error")).to_be_visible()
    expect(page.locator("#kpi-orders")).to_have_count(0)
    expect(page.locator("#stats-export")).to_have_count(0)
    page.goto(f"{app_url}/merchant/incentives")
    expect(page.locator("#access-error")).to_be_visible()
    expect(page.locator(".incentive-rule")).to_have_count(0)

    # The second shop's manager sees their own shop's figures, never the first shop's.
    first_shop = _figures(app_engine, 30).shop_name
    other = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    _open_stats(other, app_url, OTHER_MERCHANT_PHONE)
    expect(other.locator("#stats-shop")).to_have_text("指尖花园美甲美睫·海岸城店")
    expect(other.locator("body")).not_to_contain_text(first_shop)
    other.context.close()


def test_sign_up_from_a_channel_link_records_the_channel(page: Page, app_url: str, app_engine):
    phone = f"139{random.randint(10_000_000, 99_999_999)}"
    name = f"小红书用户{random.randint(100, 999)}"
    page.goto(f"{app_url}/signup?ch=xhs")
    page.locator("#phone").fill(phone)
    enter_signup_code(page, app_engine, phone)
    page.locator("#password").fill("hello2026")
    page.locator("#display_name").fill(name)
    page.locator("#submit").click()
    expect(page).to_have_url(at(app_url, "/"))
    with Session(app_engine) as s:
        assert s.exec(select(User.source).where(User.display_name == name)).one() == "ch:xhs"


def test_a_booking_found_through_search_records_search(page: Page, app_url: str, app_engine):
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/search?q=剪发")
    page.locator('#search-results a[href*="/service/haircut"]').first.click()
    expect(page.locator("#service-name")).to_have_text("剪发")
    # A shop's hairdresser: the haircut is in the shop, so no address is needed.
    page.locator(".technician-card").filter(has_text="悦丝造型").first.click()
    expect(page.locator("#booking-panel")).to_be_visible()
    assert "src=search" in page.url
    book_a_slot(page)
    expect(page).to_have_url(re.compile(r"/orders/\d+$"))
    code = page.url.rstrip("/").rsplit("/", 1)[-1]
    with Session(app_engine) as s:
        assert s.exec(select(Order.source).where(Order.code == code)).one() == "search"
