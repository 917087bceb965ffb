"""The shop's rota page: the dashboard frame, a two-week pattern, a shift change over a booked
order (the conflict dialog: re-dispatch or keep), bad input, the demand heat map, and who may
not see it."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from salon_app.components.format import local_today
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE, MERCHANT_PHONE, TECHNICIAN_PHONE
from salon_app.core.models import MerchantStaff, Order, Service, Technician, TechnicianService, User
from salon_app.core.services import auth, rota
from tests.e2e.conftest import PHONE_VIEWPORT, at, log_in
from tests.support.journeys import mark_paid
from tests.support.orders import pending_order

SHOP_ZONE = ZoneInfo("Asia/Shanghai")  # the demo shops' zone
DESKTOP = {"width": 1366, "height": 900}
SIDEBAR = [
    "店铺概览",
    "店铺信息",
    "员工管理",
    "技师与入驻",
    "排班",
    "实时地图",
    "数据统计",
    "激励",
    "优惠券",
    "促销活动",
    "营销活动",
    "课程培训",
    "店铺公告",
    "本店交流区",
    "学习任务",
    "评价回复",
    "投诉售后",
    "线下培训",
]


def toast(page: Page, text: str):
    return page.locator("[data-sonner-toast]").get_by_text(text).last


def see_message(page: Page, text: str) -> None:
    """The message shows; then it goes (on a phone it covers the buttons below it)."""
    expect(toast(page, text)).to_be_visible()
    page.mouse.move(0, 0)  # a toast under the pointer stays
    expect(toast(page, text)).to_be_hidden()


def open_rota(page: Page, app_url: str, phone: str = MERCHANT_PHONE) -> None:
    log_in(page, app_url, phone, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/merchant"))
    page.goto(f"{app_url}/merchant/rota")
    expect(page.locator(".rota-row").first).to_be_visible()


def show_week_of(page: Page, day: date) -> None:
    page.locator("#week-pick").fill(day.isoformat())
    monday = day - timedelta(days=day.weekday())
    expect(page.locator(".rota-day").first).to_contain_text(f"{monday:%m-%d}")


def far_monday(weeks_ahead: int = 6) -> date:
    """A Monday past the booking horizon (30 days): no order can be booked there."""
    day = local_today() + timedelta(weeks=weeks_ahead)
    return day - timedelta(days=day.weekday())


def shop_of(session: Session, phone: str) -> int:
    return auth.log_in(session, phone, DEMO_PASSWORD).actor.merchant_id


def hairdressers(session: Session, merchant_id: int) -> list[Technician]:
    """The shop's active technicians who cut hair, by id."""
    return list(
        session.exec(
            select(Technician)
            .join(TechnicianService, TechnicianService.technician_id == Technician.id)
            .join(Service, Service.id == TechnicianService.service_id)
            .where(
                Technician.merchant_id == merchant_id,
                Technician.status == "active",
                Service.slug == "haircut",
            )
            .order_by(Technician.id)
        ).all()
    )


def shop_technician_names(session: Session, merchant_id: int) -> set[str]:
    return set(
        session.exec(select(Technician.display_name).where(Technician.merchant_id == merchant_id))
    )


def booked_paid_order(app_engine, technician_index: int = 0) -> tuple[Order, Technician]:
    """A paid haircut the demo customer booked with one of the demo shop's hairdressers."""
    with Session(app_engine, expire_on_commit=False) as s:
        customer = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        demo_login = auth.log_in(s, TECHNICIAN_PHONE, DEMO_PASSWORD).actor.technician_id
        others = [t for t in hairdressers(s, shop_of(s, MERCHANT_PHONE)) if t.id != demo_login]
        tech = others[technician_index]  # the demo technician's days are left to their tests
        order = mark_paid(s, pending_order(s, customer, technician_id=tech.id))
        return order, tech


@pytest.fixture
def restore_days(app_engine):
    """Days these tests set by hand go back to the rota afterwards, so later test files find
    the demo technicians' working time as the demo city made it."""
    touched: list[tuple[int, date]] = []
    yield touched
    with Session(app_engine) as s:
        manager = auth.log_in(s, MERCHANT_PHONE, DEMO_PASSWORD).actor
        for tech_id, day in touched:
            rota.apply_change(s, manager, rota.ClearDay(tech_id, day))


def local_day(order: Order) -> date:
    return order.starts_at.astimezone(SHOP_ZONE).date()


def local_start(order: Order) -> str:
    return order.starts_at.astimezone(SHOP_ZONE).strftime("%H:%M")


# --- the frame ---------------------------------------------------------------------------------


def test_owner_sees_the_sidebar_on_a_desktop(browser: Browser, app_url: str):
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    try:
        log_in(page, app_url, MERCHANT_PHONE, DEMO_PASSWORD)
        expect(page).to_have_url(at(app_url, "/merchant"))
        expect(page.locator("#shop-name")).not_to_have_text("")
        links = page.locator("[id^=nav-merchant-]")
        expect(links).to_have_text(SIDEBAR)
        expect(page.locator("#nav-merchant-home")).to_have_attribute("aria-current", "page")
        page.locator("#nav-merchant-rota").click()
        expect(page).to_have_url(at(app_url, "/merchant/rota"))
        expect(page.locator("#dashboard-title")).to_have_text("排班")
        expect(page.locator("#nav-merchant-rota")).to_have_attribute("aria-current", "page")
    finally:
        page.context.close()


def test_on_a_phone_the_menu_button_opens_the_sidebar(page: Page, app_url: str):
    log_in(page, app_url, MERCHANT_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/merchant"))
    expect(page.locator("#nav-merchant-rota")).to_be_hidden()  # folded away
    page.locator("#nav-menu").click()
    drawer = page.get_by_role("dialog")
    expect(drawer.locator("[id^=nav-merchant-]")).to_have_text(SIDEBAR)
    drawer.locator("#nav-merchant-live").click()
    expect(page).to_have_url(at(app_url, "/merchant/live"))
    expect(page.locator("#dashboard-title")).to_have_text("实时地图")


# --- patterns ----------------------------------------------------------------------------------


def test_owner_builds_a_two_week_pattern_and_sees_it_in_the_grid(
    page: Page, app_url: str, app_engine
):
    with Session(app_engine) as s:
        tech = hairdressers(s, shop_of(s, MERCHANT_PHONE))[-1]
        tech_id, name = tech.id, tech.display_name
    monday = far_monday(6)
    open_rota(page, app_url)

    page.locator("#rota-tab-patterns").click()
    page.locator(f"#pattern-tech-{tech_id}").click()
    page.locator("#pattern-cycle").fill("2")
    page.locator("#pattern-starts").fill(monday.isoformat())
    page.locator("#pattern-ends").fill((monday + timedelta(days=27)).isoformat())
    page.locator("#slot-1-0").fill("09:00-13:00, 14:00-18:00")
    page.locator("#copy-monday-1").click()  # Tuesday to Friday of week 1 too
    expect(page.locator("#slot-1-4")).to_have_value("09:00-13:00, 14:00-18:00")
    page.locator("#slot-2-1").fill("12:00-20:00")  # week 2: Tuesday only
    page.locator("#pattern-save").click()
    expect(toast(page, "排班已保存")).to_be_visible()
    row = page.locator(".pattern-row").filter(has_text=name).filter(has_text=monday.isoformat())
    expect(row).to_contain_text("每 2 周循环")
    expect(row).to_contain_text("6 天上班，共 11 个班次")

    page.locator("#rota-tab-grid").click()
    show_week_of(page, monday)

    def cell(day: date):
        return page.locator(f"#cell-{tech_id}-{day.isoformat()}")

    expect(cell(monday)).to_contain_text("09:00–13:00")
    expect(cell(monday)).to_contain_text("14:00–18:00")
    expect(cell(monday + timedelta(days=4))).to_contain_text("14:00–18:00")
    expect(cell(monday + timedelta(days=5))).to_have_text("休")  # week 1 Saturday
    expect(cell(monday + timedelta(days=7))).to_have_text("休")  # week 2 Monday
    expect(cell(monday + timedelta(days=8))).to_have_text("12:00–20:00")
    page.locator("#week-next").click()
    expect(cell(monday + timedelta(days=14))).to_contain_text("09:00–13:00")  # the cycle again


# --- a change over a booked order ------------------------------------------------------------


def test_a_day_off_over_a_booked_order_is_redispatched_and_the_customer_sees_it(
    page: Page, browser: Browser, app_url: str, app_engine, restore_days
):
    order, tech = booked_paid_order(app_engine)
    day = local_day(order)
    restore_days.append((tech.id, day))
    open_rota(page, app_url)
    show_week_of(page, day)
    page.locator(f"#cell-{tech.id}-{day.isoformat()}").click()
    expect(page.locator("#day-title")).to_contain_text(tech.display_name)
    page.locator("#day-off").click()
    page.locator("#day-save").click()

    conflict = page.locator(f"#conflict-{order.code}")
    expect(conflict).to_contain_text(order.code)
    expect(conflict).to_contain_text("剪发")
    expect(conflict).to_contain_text("林小美")
    expect(conflict).to_contain_text(f"{day.isoformat()} 周")
    expect(conflict).to_contain_text(local_start(order))
    # Without a decision nothing is saved.
    page.locator("#conflicts-confirm").click()
    expect(toast(page, "请为每个订单选择：保留、改派或取消")).to_be_visible()
    kept_others = False
    for other in page.locator(".conflict-row").all():  # orders booked that day by other tests
        if order.code not in other.inner_text():
            other.locator(".choice-keep").click()
            kept_others = True
    conflict.locator(".choice-redispatch").click()
    expect(conflict.locator(".conflict-target")).to_be_visible()
    page.locator("#conflicts-confirm").click()
    expect(toast(page, f"订单 {order.code} 已改派给")).to_be_visible()
    expect(page.locator(f"#conflict-{order.code}")).to_have_count(0)
    # a day off, unless another test's order that day was kept (its time stays, marked 保留)
    expect(page.locator(f"#cell-{tech.id}-{day.isoformat()}")).to_contain_text(
        "保留" if kept_others else "休"
    )

    with Session(app_engine) as s:
        moved = s.get(Order, order.id)
        taker = s.get(Technician, moved.technician_id)
        assert taker.id != tech.id and taker.merchant_id == tech.merchant_id
        assert moved.status == "pending_service"
        taker_name = taker.display_name

    customer = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN").new_page()
    try:
        log_in(customer, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
        expect(customer).to_have_url(at(app_url, "/"))
        customer.goto(f"{app_url}/orders/{order.code}")
        expect(customer.locator("#order-technician")).to_have_text(taker_name)
    finally:
        customer.context.close()


def test_keeping_a_booked_order_keeps_its_time_on_the_day(
    page: Page, app_url: str, app_engine, restore_days
):
    order, tech = booked_paid_order(app_engine, technician_index=1)
    day = local_day(order)
    restore_days.append((tech.id, day))
    open_rota(page, app_url)
    show_week_of(page, day)
    cell = page.locator(f"#cell-{tech.id}-{day.isoformat()}")
    before = cell.inner_text()
    # Dropping the change leaves the day as it was.
    cell.click()
    page.locator("#day-off").click()
    page.locator("#day-save").click()
    expect(page.locator(f"#conflict-{order.code}")).to_be_visible()
    page.locator("#conflicts-drop").click()
    expect(page.locator(f"#conflict-{order.code}")).to_have_count(0)
    expect(cell).to_have_text(before)

    cell.click()
    page.locator("#day-off").click()
    page.locator("#day-save").click()
    expect(page.locator(f"#conflict-{order.code}")).to_be_visible()
    for keep in page.locator(".conflict-row .choice-keep").all():  # and any other order that day
        keep.click()
    page.locator("#conflicts-confirm").click()
    expect(toast(page, f"订单 {order.code} 已保留")).to_be_visible()
    expect(cell).to_contain_text("保留")
    with Session(app_engine) as s:
        kept = s.get(Order, order.id)
        assert (kept.technician_id, kept.status) == (tech.id, "pending_service")
        start = local_start(kept)
    expect(cell).to_contain_text(start)


# --- bad input ---------------------------------------------------------------------------------


def test_bad_rota_input_is_refused_with_a_message_and_changes_nothing(
    page: Page, app_url: str, app_engine, row_count
):
    with Session(app_engine) as s:
        tech_id = hairdressers(s, shop_of(s, MERCHANT_PHONE))[-1].id
    monday = far_monday(10)
    open_rota(page, app_url)
    shifts, patterns, offs = row_count("shift"), row_count("shift_pattern"), row_count("time_off")

    # Overlapping shifts on one day.
    show_week_of(page, monday)
    page.locator(f"#cell-{tech_id}-{monday.isoformat()}").click()
    page.locator("#day-shifts").fill("09:00-13:00, 12:00-18:00")
    page.locator("#day-save").click()
    see_message(page, "同一天的班次时间重叠（12:00）")
    page.locator("#day-shifts").fill("九点到六点")
    page.locator("#day-save").click()
    see_message(page, "班次“九点到六点”看不懂")
    page.locator("#day-cancel").click()

    # A pattern of zero weeks, and one that ends before it starts.
    page.locator("#rota-tab-patterns").click()
    page.locator(f"#pattern-tech-{tech_id}").click()
    page.locator("#pattern-starts").fill(monday.isoformat())
    page.locator("#pattern-cycle").fill("0")
    page.locator("#pattern-save").click()
    see_message(page, "排班周期必须是 1–4 周")
    page.locator("#pattern-cycle").fill("1")
    page.locator("#slot-1-0").fill("09:00-18:00")
    page.locator("#pattern-ends").fill((monday - timedelta(days=1)).isoformat())
    page.locator("#pattern-save").click()
    see_message(page, "结束日期不能早于开始日期")

    # Time off that ends before it starts.
    page.locator("#rota-tab-grid").click()
    page.locator("#off-tech").select_option(str(tech_id))
    page.locator("#off-first").fill((monday + timedelta(days=3)).isoformat())
    page.locator("#off-last").fill(monday.isoformat())
    page.locator("#off-add").click()
    see_message(page, "结束日期不能早于开始日期")

    assert (row_count("shift"), row_count("shift_pattern"), row_count("time_off")) == (
        shifts,
        patterns,
        offs,
    )


def test_time_off_is_registered_and_removed_from_the_day(
    page: Page, app_url: str, app_engine, row_count
):
    with Session(app_engine) as s:
        tech_id = hairdressers(s, shop_of(s, MERCHANT_PHONE))[-1].id
    day = far_monday(8) + timedelta(days=2)  # past the booking horizon: no order is in the way
    cell = page.locator(f"#cell-{tech_id}-{day.isoformat()}")
    open_rota(page, app_url)
    offs = row_count("time_off")
    show_week_of(page, day)
    page.locator("#off-tech").select_option(str(tech_id))
    page.locator("#off-first").fill(day.isoformat())
    page.locator("#off-last").fill(day.isoformat())
    page.locator("#off-add").click()
    expect(cell).to_contain_text("请假")
    assert row_count("time_off") == offs + 1

    cell.click()
    page.locator("#day-remove-time-off").click()
    see_message(page, "排班已保存")
    expect(cell).not_to_contain_text("请假")
    assert row_count("time_off") == offs
    cell.click()  # a working day again: nothing to remove
    expect(page.locator("#day-remove-time-off")).to_have_count(0)
    page.locator("#day-cancel").click()


# --- demand ------------------------------------------------------------------------------------


def test_the_demand_heat_map_shows_the_flagged_hours_and_suggestions(
    page: Page, app_url: str, app_engine
):
    open_rota(page, app_url)
    page.locator("#rota-tab-demand").click()
    expect(page.locator("#demand-map .demand-cell").first).to_be_visible()
    with Session(app_engine) as s:
        grid = rota.demand_view(s, auth.log_in(s, MERCHANT_PHONE, DEMO_PASSWORD).actor)
    flagged = [c for row in grid.rows for c in row if c.flag]
    assert flagged, "the demo shop has hours to flag"
    expect(page.locator("#demand-map .demand-cell")).to_have_count(7 * len(grid.hours))
    expect(
        page.locator("#demand-map .demand-cell.flag-under, #demand-map .demand-cell.flag-over")
    ).to_have_count(len(flagged))
    expect(page.locator("#demand-map .flag-icon")).to_have_count(len(flagged))
    expect(page.locator("#demand-legend")).to_contain_text("人手富余")
    expect(page.locator(".demand-suggestion")).to_have_count(len(grid.suggestions))
    expect(page.locator("#suggestions")).to_contain_text("名技师")


# --- who may see it ----------------------------------------------------------------------------


@pytest.mark.parametrize("phone", [CUSTOMER_PHONE, TECHNICIAN_PHONE])
@pytest.mark.parametrize("path", ["/merchant/rota", "/merchant/live"])
def test_customers_and_technicians_are_refused_the_shop_pages(
    page: Page, app_url: str, phone: str, path: str
):
    log_in(page, app_url, phone, DEMO_PASSWORD)
    expect(page.locator("#nav-login")).to_have_count(0)
    page.goto(f"{app_url}{path}")
    expect(page.locator("#access-error")).to_have_text("您没有权限访问该页面")
    for marker in (".rota-row", ".live-row", "#nav-merchant-rota", "#live-map"):
        expect(page.locator(marker)).to_have_count(0)


def test_another_shop_sees_only_its_own_technicians(page: Page, app_url: str, app_engine):
    with Session(app_engine) as s:
        mine = shop_of(s, MERCHANT_PHONE)
        staff, user = s.exec(
            select(MerchantStaff, User)
            .join(User, User.id == MerchantStaff.user_id)
            .where(MerchantStaff.merchant_id != mine, MerchantStaff.role == "owner")
            .order_by(MerchantStaff.id)
        ).first()
        theirs = shop_technician_names(s, staff.merchant_id)
        ours = shop_technician_names(s, mine) - theirs
        active = s.exec(
            select(Technician.id).where(
                Technician.merchant_id == staff.merchant_id, Technician.status == "active"
            )
        ).all()
    other_phone = user.phone.removeprefix("+86")
    open_rota(page, app_url, other_phone)
    expect(page.locator(".rota-row")).to_have_count(len(theirs))
    names = set(page.locator(".rota-row th").all_inner_texts())
    assert names == theirs and not names & ours
    page.goto(f"{app_url}/merchant/live")
    expect(page.locator(".live-row")).to_have_count(len(active))
    live_names = page.locator(".live-row td:first-child").all_inner_texts()
    assert live_names and not set(live_names) & ours
