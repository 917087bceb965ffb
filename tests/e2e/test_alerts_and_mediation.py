"""The alert queue and mediation in the browser.

The running app's clock cannot be moved from the test (it is pinned once for the whole run and
advances with real time), and an order can be booked at the earliest an hour ahead. So the test
advances the clock of the job itself: it runs the app's alert scan (core/jobs/frequent.py,
the job the upkeep loop runs every minute) against the app's database at the instant the
"not departed" rule is due, exactly as the upkeep loop will once that instant comes, and the
operator's open queue shows the alert without a reload.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE, SUPPORT_PHONE
from salon_app.core.jobs.frequent import run_frequent
from salon_app.core.models import Alert, AlertNote, AuditEntry, Order, Refund
from salon_app.core.services import auth
from salon_app.core.services.feedback import complaints
from salon_app.core.settings import get_settings
from tests.e2e.conftest import at, log_in
from tests.e2e.test_customer_journey import book_a_slot, open_first_technician
from tests.support.journeys import accept, complete, mark_paid
from tests.support.orders import pending_order

DESKTOP = {"width": 1280, "height": 900}


def _desktop(browser: Browser) -> Page:
    return browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()


def _sessions(engine):
    @contextmanager
    def scope():
        with Session(engine, expire_on_commit=False) as session:
            try:
                yield session
            finally:
                session.rollback()

    return scope


def test_operator_sees_a_not_departed_alert_appear_acknowledges_and_reassigns_it(
    browser: Browser, app_url: str, app_engine
):
    with Session(app_engine, expire_on_commit=False) as s:
        customer = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        order = mark_paid(s, pending_order(s, customer))
        accept(s, order)
        code, first_tech, starts = order.code, order.technician_id, order.starts_at

    page = _desktop(browser)
    log_in(page, app_url, SUPPORT_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/admin"))
    page.locator("#nav-admin-alerts").click()
    expect(page).to_have_url(at(app_url, "/admin/alerts"))
    page.locator("#alerts-search").fill(code)
    expect(page.locator("#alerts-summary")).to_contain_text("共 0 条")
    row = page.locator(".alerts-row").filter(has_text=code)
    expect(row).to_have_count(0)

    # The job runs at the moment the rule is due: 30 minutes before the start.
    due = starts - timedelta(minutes=get_settings().alerts.depart_minutes)
    assert run_frequent(_sessions(app_engine), due)["alert_scan"] == "done"
    expect(row).to_be_visible(timeout=20_000)  # pushed to the open page, no reload
    expect(row).to_contain_text("技师未按时出发")
    expect(row).to_contain_text("距开始还有 30 分钟，技师仍未出发")
    expect(row.locator(".alert-status")).to_have_text("待处理")

    row.locator(".alert-acknowledge").click()
    expect(row.locator(".alert-status")).to_have_text("处理中")
    expect(row).to_contain_text("认领")

    row.locator(".alert-open").click()
    opened = page.locator("#opened-alert")
    expect(opened).to_contain_text(code)
    expect(page.locator("#opened-handled")).to_contain_text("认领")
    # Support cannot refund: the form is there, disabled, and says who can.
    expect(page.locator("#alert-refund-submit")).to_be_disabled()
    expect(page.locator("#refund-finance-only")).to_have_text("仅财务人员可以退款")

    # Resolving without a text is refused and changes nothing.
    page.locator("#alert-resolve-form button").click()
    expect(page.locator("[data-sonner-toast]").get_by_text("请填写处理结果")).to_be_visible()
    expect(page.locator("#opened-status")).to_have_text("处理中")

    candidate = opened.locator(".alert-candidate").filter(has=page.locator(".alert-reassign"))
    expect(candidate.first).to_be_visible()
    chosen = int(re.search(r"（(\d+)）", candidate.first.inner_text()).group(1))
    candidate.first.locator(".alert-reassign").click()
    expect(
        page.locator("[data-sonner-toast]").get_by_text("已改派，已写入审计日志")
    ).to_be_visible()
    expect(page.locator("#alert-notes")).to_contain_text("改派给技师")

    page.locator("#alert-resolve-form input").fill("已改派给空闲技师")
    page.locator("#alert-resolve-form button").click()
    expect(page.locator("#opened-status")).to_have_text("已解决")
    expect(row.locator(".alert-status")).to_have_text("已解决")

    with Session(app_engine) as s:
        moved = s.exec(select(Order).where(Order.code == code)).one()
        alert = s.exec(
            select(Alert).where(Alert.rule == "not_departed", Alert.order_id == moved.id)
        ).one()
        notes = s.exec(
            select(AlertNote.kind).where(AlertNote.alert_id == alert.id).order_by(AlertNote.id)
        ).all()
        audit = s.exec(
            select(AuditEntry.action)
            .where(AuditEntry.target_type == "alert", AuditEntry.target_id == alert.id)
            .order_by(AuditEntry.id)
        ).all()
    assert moved.technician_id == chosen != first_tech
    assert alert.status == "resolved" and alert.acknowledged_by is not None
    assert notes == ["acknowledged", "reassigned", "resolved"]
    assert audit == ["alert.acknowledged", "alert.reassigned", "alert.resolved"]
    page.context.close()


def test_support_proposes_a_partial_refund_and_the_customer_accepts_it_once(
    page: Page, browser: Browser, app_url: str, app_engine
):
    # The customer books and pays through the sandbox cashier (real money on the ledger).
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    open_first_technician(page, app_url)
    book_a_slot(page, day_index=4, slot_index=1)
    expect(page.locator("#order-status")).to_have_text("待支付")
    order_url = page.url
    code = order_url.rstrip("/").rsplit("/", 1)[-1]
    page.locator("#pay-wechat").click()
    page.locator("#confirm").click()
    expect(page).to_have_url(re.compile(re.escape(order_url) + r"/?(\?.*)?$"))
    expect(page.locator("#order-status")).to_have_text("待服务", timeout=20_000)

    with Session(app_engine, expire_on_commit=False) as s:  # the job is done; a complaint
        customer = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        order = complete(s, s.exec(select(Order).where(Order.code == code)).one())
        complaints.open_complaint(s, customer, code, "after_sales", "剪短了三厘米")
        total = order.total_fen
    page.goto(order_url)
    expect(page.locator("#order-status")).to_have_text("已完成")

    desk = _desktop(browser)
    log_in(desk, app_url, SUPPORT_PHONE, DEMO_PASSWORD)
    expect(desk).to_have_url(at(app_url, "/admin"))
    desk.goto(f"{app_url}/admin/complaints")
    row = desk.locator(".desk-row").filter(has_text="剪短了三厘米")
    expect(row.locator(".mediation-deadline")).to_contain_text("处理时限剩余")
    # More than was paid is refused, and nothing is proposed.
    row.locator(".mediation-text input").fill("退还部分费用")
    row.locator(".mediation-refund input").fill(f"{total // 100 + 1}")
    row.locator(".mediation-submit").click()
    expect(
        desk.locator("[data-sonner-toast]").get_by_text(re.compile("超过可退金额"))
    ).to_be_visible()
    expect(row.locator(".mediation-proposal")).to_have_count(0)

    row.locator(".mediation-text input").fill("退还部分费用 20 元，欢迎下次再来")
    row.locator(".mediation-refund input").fill("20")
    row.locator(".mediation-submit").click()
    expect(row.locator(".desk-row-status")).to_have_text("待顾客确认方案")
    expect(row.locator(".mediation-deadline")).to_contain_text("计时暂停")

    # The customer's open order page shows the proposal without reload, and accepts it.
    proposal = page.locator(".proposal")
    expect(proposal).to_contain_text("退还部分费用 20 元", timeout=20_000)
    expect(proposal.locator(".proposal-refund")).to_contain_text("¥20")
    proposal.locator(".proposal-accept").click()
    expect(page.locator("[data-sonner-toast]").get_by_text("已接受方案")).to_be_visible()
    expect(proposal.locator(".proposal-status")).to_have_text("已接受")
    expect(proposal.locator(".proposal-accept")).to_have_count(0)
    expect(page.locator(".refund")).to_have_count(1)
    expect(page.locator(".refund")).to_contain_text("¥20")
    expect(page.locator(".complaint")).to_contain_text("已解决")

    desk.reload()
    expect(row.locator(".desk-row-status")).to_have_text("已解决")
    with Session(app_engine) as s:
        refunds = s.exec(
            select(Refund).join(Order, Order.id == Refund.order_id).where(Order.code == code)
        ).all()
    assert [r.amount_fen for r in refunds] == [2000]
    desk.context.close()


def test_the_alert_queue_refuses_a_customer(page: Page, app_url: str):
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/admin/alerts")
    expect(page.locator(".alerts-row")).to_have_count(0)
    expect(page.get_by_text("您没有权限访问该页面")).to_be_visible()
