"""The customer journey in a phone-sized browser: find, book, change, cancel, review."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from salon_app.core.clock import local_today
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE, TECHNICIAN_PHONE
from salon_app.core.models import TimeOff
from salon_app.core.services import auth
from tests.e2e.conftest import PHONE_VIEWPORT, at, log_in
from tests.e2e.test_accounts import fresh_phone, sign_up
from tests.support.journeys import complete
from tests.support.orders import pending_order


def choose(page: Page, trigger: str, option: str) -> None:
    page.locator(trigger).click()
    page.get_by_role("option", name=option, exact=True).click()


# Which technician rates best varies with the demo city's dates; one without a shop books at
# home only, where the week shows no slots until an address is given.
IN_A_SHOP = {"has_not_text": "独立技师"}


def open_first_technician(page: Page, app_url: str) -> str:
    """The best-rated haircut technician working in a shop (in-shop slots need no address)."""
    page.goto(f"{app_url}/service/haircut")
    expect(page.locator("#service-name")).to_have_text("剪发")
    expect(page.locator(".technician-card").first).to_be_visible()
    page.locator(".technician-card").filter(**IN_A_SHOP).first.click()
    expect(page.locator("#booking-panel")).to_be_visible()
    return page.url


def choose_day(page: Page, chips: str, day_index: int, slots: str) -> None:
    """Click a day chip and wait until the slot list shows that day (not the previous one)."""
    chip = page.locator(f"{chips}:not([disabled])").nth(day_index)  # days with free time
    day = chip.get_attribute("data-day") or chip.get_attribute("id").removeprefix("day-")
    chip.click()
    expect(page.locator(slots)).to_have_attribute("data-day", day)


def book_a_slot(page: Page, day_index: int = 1, slot_index: int = 0) -> str:
    """Pick a day and a slot on an open profile and book; returns the slot's label."""
    choose_day(page, ".day", day_index, "#slots")
    slot = page.locator("#slots .slot").nth(slot_index)
    expect(slot).to_be_visible()
    label = slot.inner_text()
    slot.click()
    page.locator("#book").click()
    return label


@pytest.mark.scaleout
def test_new_customer_filters_books_pays_reschedules_and_cancels_with_refund(
    page: Page, app_url: str, app_engine
):
    sign_up(page, app_url, app_engine, fresh_phone(), "hello2026", "新顾客")
    expect(page).to_have_url(at(app_url, "/"))
    page.locator("#category-hair").click()
    expect(page).to_have_url(at(app_url, "/category/hair"))
    page.goto(f"{app_url}/service/haircut")
    expect(page.locator("#service-name")).to_have_text("剪发")

    choose(page, "#filter-gender", "女")
    choose(page, "#filter-sort", "价格最低")
    page.locator("#filter-submit").click()
    cards = page.locator(".technician-card")
    # The filtered list replaces the first one: wait until no man is left in it.
    expect(cards.filter(has_not_text="女")).to_have_count(0)
    expect(cards.first).to_be_visible()
    prices = [float(p.removeprefix("¥")) for p in page.locator(".tech-price").all_inner_texts()]
    assert prices == sorted(prices)

    cards.filter(**IN_A_SHOP).first.click()
    expect(page.locator("#booking-panel")).to_be_visible()
    label = book_a_slot(page)
    expect(page).to_have_url(re.compile(r"/orders/\d+$"))
    expect(page.locator("#order-status")).to_have_text("待支付")
    expect(page.locator("#order-time")).to_contain_text(label)
    expect(page.locator("#hold")).to_contain_text("前完成支付")
    order_url = page.url

    page.locator("#pay-wechat").click()  # the WeChat Pay cashier of the local sandbox
    page.locator("#confirm").click()
    expect(page).to_have_url(re.compile(re.escape(order_url) + r"/?(\?.*)?$"))
    expect(page.locator("#order-status")).to_have_text("待服务", timeout=20_000)
    page.goto(f"{app_url}/orders")
    page.locator("#tab-pending_service").click()
    expect(page.locator("#order-list .order-row").first).to_contain_text("待服务")
    expect(page.locator("#notifications")).to_contain_text("支付成功")
    page.goto(order_url)

    page.locator("#open-reschedule").click()
    choose_day(page, ".day", 2, "#reschedule-slots")
    new_slot = page.locator("#reschedule-slots .slot").first
    new_label = new_slot.inner_text()
    new_slot.click()
    expect(page.locator("#timeline")).to_contain_text("改约")
    expect(page.locator("#order-time")).to_contain_text(new_label)

    page.locator("#preview-cancel").click()
    expect(page.locator("#cancel-terms")).to_contain_text("免手续费，将原路退款 ¥")
    page.locator("#confirm-cancel").click()
    expect(page.locator("#order-status")).to_have_text(re.compile("已取消|已退款"))
    expect(page.locator(".refund").first).to_contain_text("已退款", timeout=30_000)
    expect(page.locator("#order-status")).to_have_text("已退款", timeout=30_000)


def test_second_customer_reviews_a_completed_order(page: Page, app_url: str, app_engine):
    with Session(app_engine, expire_on_commit=False) as s:
        customer = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        order = complete(s, pending_order(s, customer))
        code, tech_id = order.code, order.technician_id
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/orders/{code}")
    expect(page.locator("#order-status")).to_have_text("已完成")
    page.locator("#review-text").fill("手法专业，环境舒适")
    page.locator("#review-submit").click()
    expect(page.locator("#order-status")).to_have_text("已评价")
    page.goto(f"{app_url}/technician/{tech_id}")
    expect(page.locator(".review").first).to_contain_text("手法专业，环境舒适")


def test_booking_without_a_slot_or_with_an_unknown_address_says_why(
    page: Page, app_url: str, row_count
):
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/service/daily-cleaning")  # at home only: the address form shows
    page.locator(".technician-card").first.click()
    expect(page.locator("#booking-panel")).to_be_visible()
    before = row_count("orders")
    page.locator("#book").click()
    expect(page.locator("#booking-error")).to_have_text("请选择预约时间")
    page.locator("#address").fill("北京市朝阳区三里屯")
    page.locator("#locate").click()
    expect(page.locator("#booking-error")).to_have_text("无法识别该地址，请填写深圳市内的详细地址")
    assert row_count("orders") == before


def test_two_customers_race_for_one_slot_in_their_browsers(
    browser: Browser, app_url: str, app_engine, row_count
):
    pages = []
    for phone in (fresh_phone(), fresh_phone()):
        page = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN").new_page()
        sign_up(page, app_url, app_engine, phone, "hello2026", "抢约顾客")
        expect(page).to_have_url(at(app_url, "/"))
        pages.append(page)
    first, second = pages
    url = open_first_technician(first, app_url)
    second.goto(url)
    expect(second.locator("#booking-panel")).to_be_visible()
    for p in pages:  # both see the same free slot
        choose_day(p, ".day", 3, "#slots")
        p.locator("#slots .slot").first.click()
    before = row_count("orders")
    first.locator("#book").click()
    expect(first).to_have_url(re.compile(r"/orders/\d+$"))
    second.locator("#book").click()
    expect(second.locator("#booking-error")).to_have_text("该时段刚刚被预约，请选择其他时间")
    assert row_count("orders") == before + 1
    for p in pages:
        p.context.close()


def test_a_day_off_is_marked_full_and_the_profile_opens_on_a_day_with_free_time(
    page: Page, app_url: str, app_engine
):
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    url = open_first_technician(page, app_url)
    tech_id = int(re.search(r"/technician/(\d+)", url).group(1))
    zone = ZoneInfo("Asia/Shanghai")
    today = local_today()  # the page's today, on the run's clock
    off = TimeOff(  # today and tomorrow, local days
        technician_id=tech_id,
        starts_at=datetime.combine(today, time(0), zone).astimezone(UTC),
        ends_at=datetime.combine(today + timedelta(days=2), time(0), zone).astimezone(UTC),
        reason="休假",
    )
    with Session(app_engine, expire_on_commit=False) as s:
        s.add(off)
        s.commit()
    try:
        page.goto(url)
        for day in (today, today + timedelta(days=1)):
            chip = page.locator(f"#day-{day.isoformat()}")
            expect(chip).to_be_disabled()
            expect(chip).to_contain_text("约满")
        shown = page.locator("#slots").get_attribute("data-day")
        assert shown > (today + timedelta(days=1)).isoformat()
        expect(page.locator(f"#day-{shown}")).to_be_enabled()
    finally:
        with Session(app_engine) as s:
            s.delete(s.get(TimeOff, off.id))
            s.commit()


def test_the_finder_lists_technicians_within_the_chosen_distance_nearest_first(
    page: Page, app_url: str
):
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/service/haircut")
    expect(page.locator(".technician-card").first).to_be_visible()
    page.locator("#filter-address").fill("福田区深南大道6008号")
    choose(page, "#filter-radius_km", "3 公里内")
    choose(page, "#filter-sort", "距离最近")
    page.locator("#filter-submit").click()
    distances = page.locator(".tech-distance")
    expect(distances.first).to_be_visible()  # the list measured from the address
    km = [float(re.search(r"[\d.]+", d).group()) for d in distances.all_inner_texts()]
    assert km and all(k <= 3 for k in km) and km == sorted(km)
    assert page.locator(".technician-card").count() == len(km)


def test_any_nearby_booking_carries_the_customers_special_needs(page: Page, app_url: str):
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/service/haircut")
    page.locator("#any-address").fill("福田区深南大道6008号")
    page.locator("#any-locate").click()
    page.locator("#any-needs").fill("家里有猫，请随手关门")
    choose_day(page, ".any-day", 1, "#any-times")  # blurs the needs field: they are kept
    page.locator("#any-times .any-time").first.click()
    expect(page).to_have_url(re.compile(r"/orders/\d+$"))
    expect(page.locator("#order-needs")).to_contain_text("家里有猫，请随手关门")


def test_one_visit_books_two_services_back_to_back(page: Page, app_url: str, app_engine):
    with Session(app_engine) as s:
        tech_id = auth.log_in(s, TECHNICIAN_PHONE, DEMO_PASSWORD).actor.technician_id
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/technician/{tech_id}?service=haircut")
    label = page.locator("#offer-label")
    expect(label).to_contain_text("剪发 ·")
    one = int(re.search(r"共 (\d+) 分钟", label.inner_text()).group(1))
    page.locator("#extra-hair-care").click()
    expect(label).to_contain_text("剪发 + 护发")
    both = int(re.search(r"共 (\d+) 分钟", label.inner_text()).group(1))
    assert both > one
    list_price = re.search(r"¥[\d.]+", label.inner_text()).group()
    # the breakdown prices both services (the demo customer's member price, promotions and
    # best coupon come off their list prices); the order costs what it says
    expect(page.locator("#price-list")).to_have_text(list_price)
    to_pay = page.locator("#price-total").inner_text()
    book_a_slot(page, day_index=1, slot_index=0)
    expect(page).to_have_url(re.compile(r"/orders/\d+$"))
    expect(page.locator("h1, h2, h3").filter(has_text="剪发、护发").first).to_be_visible()
    expect(page.locator("#order-total")).to_have_text(to_pay)
    if to_pay != list_price:
        expect(page.locator("#order-list-price")).to_have_text(list_price)
