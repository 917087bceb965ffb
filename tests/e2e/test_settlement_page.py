"""Finance reads a month's settlement: a shop's statement equal to its lines, the xlsx; the
customer-support agent is refused the page."""

from __future__ import annotations

import zipfile

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from salon_app.components.format import money
from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import FINANCE_PHONE, SUPPORT_PHONE
from salon_app.core.paging import TableQuery
from salon_app.core.services import auth, settlement
from salon_app.core.services.incentives import last_finished_month
from tests.e2e.conftest import at, log_in

DESKTOP = {"width": 1280, "height": 900}


def test_finance_sees_a_shops_statement_equal_to_its_lines_and_downloads_it(
    browser: Browser, app_url: str, app_engine
):
    month = settlement.month_span(last_finished_month(utcnow()))
    with Session(app_engine) as s:
        finance = auth.log_in(s, FINANCE_PHONE, DEMO_PASSWORD).actor
        view = settlement.settlement_period(
            s, finance, month.first, month.last, TableQuery(page_size=100)
        )
        shop = next(r for r in view.page.rows if r.kind == "shop" and r.orders > 0)
        lines = settlement.payee_statement(s, finance, shop.payee, month.first, month.last)
    assert sum(line.payable_fen for line in lines.lines) == shop.payable_fen

    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, FINANCE_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/admin"))
    page.locator("#nav-admin-settlement").first.click()
    expect(page).to_have_url(at(app_url, "/admin/settlement"))
    expect(page.locator("#settlement-range-from")).to_have_value(month.first.isoformat())
    expect(page.locator("#settlement-range-to")).to_have_value(month.last.isoformat())
    expect(page.locator("#total-payable")).to_contain_text(money(view.totals.payable_fen))
    expect(page.locator("#settlement-chart")).to_be_visible()

    page.locator("#payees-search").fill(shop.name)
    # the search has been applied (the table's refresh closes an open statement): shop names
    # are unique, and no other payee's name holds one
    expect(page.locator(".payees-row")).to_have_count(1)
    row = page.locator(".payees-row").filter(has_text=shop.name)
    expect(row).to_contain_text(money(shop.payable_fen))
    expect(row).to_contain_text(money(shop.gross_fen))
    row.locator(".open-payee").click()
    expect(page.locator("#detail-name")).to_have_text(shop.name)
    expect(page.locator(".settlement-line")).to_have_count(len(lines.lines))
    expect(page.locator("#detail-payable")).to_have_text(money(shop.payable_fen))
    expect(page.locator("#detail-payable-sum")).to_have_text(money(shop.payable_fen))

    with page.expect_download() as download:
        page.locator("#settlement-export").click()
    name = f"settlement-{month.first}-{month.last}.xlsx"
    assert download.value.suggested_filename == name
    with zipfile.ZipFile(download.value.path()) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert shop.name in strings and "应结金额（元）" in strings


def test_customer_support_is_refused_the_settlement_page(page: Page, app_url: str):
    log_in(page, app_url, SUPPORT_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/admin"))
    expect(page.locator("#nav-admin-settlement")).to_have_count(0)
    page.goto(f"{app_url}/admin/settlement")
    expect(page.locator("#access-error")).to_be_visible()
    expect(page.locator("#payees")).to_have_count(0)
