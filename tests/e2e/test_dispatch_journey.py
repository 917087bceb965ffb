"""Dispatch in two browsers: any-nearby booking, live offer, accept, live progress, income."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import ADMIN_PHONE, CUSTOMER_PHONE
from salon_app.core.models import (
    AuditEntry,
    DiscountLine,
    DispatchOffer,
    Order,
    Technician,
    User,
)
from salon_app.core.services import auth
from salon_app.core.services.ledger.income import commission_bp
from tests.e2e.conftest import PHONE_VIEWPORT, at, log_in
from tests.e2e.test_customer_journey import choose_day
from tests.support.journeys import (
    accept,
    bring_forward,
    complete,
    mark_paid,
    step,
    technician_actor,
)
from tests.support.orders import free_for, pending_order


def _page(browser: Browser) -> Page:
    return browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN").new_page()


def _order(engine, code: str) -> Order:
    with Session(engine) as s:
        return s.exec(select(Order).where(Order.code == code)).one()


@pytest.mark.scaleout
def test_any_nearby_offer_goes_live_to_the_technician_and_progress_to_the_customer(
    browser: Browser, app_url: str, app_engine
):
    customer = _page(browser)
    log_in(customer, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(customer).to_have_url(at(app_url, "/"))
    customer.goto(f"{app_url}/service/haircut")
    customer.locator("#any-address").fill("福田区深南大道6008号2栋1201")
    customer.locator("#any-locate").click()
    choose_day(customer, ".any-day", 2, "#any-times")
    customer.locator("#any-times .any-time").first.click()
    expect(customer).to_have_url(re.compile(r"/orders/\d+$"))
    code = customer.url.rsplit("/", 1)[-1]
    order = _order(app_engine, code)
    assert order.any_technician and order.at_home

    with Session(app_engine) as s:
        tech = s.get(Technician, order.technician_id)
        phone = s.get(User, tech.user_id).phone.removeprefix("+86")
    technician = _page(browser)
    log_in(technician, app_url, phone, DEMO_PASSWORD)
    expect(technician).to_have_url(at(app_url, "/tech"))
    expect(technician.get_by_text("暂时没有新订单")).to_be_visible()  # the board has loaded
    expect(technician.locator("#offers")).to_have_count(0)

    with Session(app_engine, expire_on_commit=False) as s:  # the payment lands
        mark_paid(s, s.exec(select(Order).where(Order.code == code)).one())
    offer = technician.locator(".offer").first
    expect(offer).to_be_visible(timeout=20_000)  # pushed, no reload
    offer.locator(".accept-offer").click()
    expect(customer.locator("#timeline")).to_contain_text("技师已接单", timeout=20_000)

    # 出发 opens two hours before the start: the visit is brought to an hour from now
    with Session(app_engine, expire_on_commit=False) as s:
        bring_forward(s, s.exec(select(Order).where(Order.code == code)).one(), minutes=60)
    technician.goto(f"{app_url}/tech/job/{code}")
    expect(technician.locator("#job-address")).to_contain_text("2栋1201")
    for label, shown in (
        ("出发", "技师已出发"),
        ("到达", "技师已到达"),
        ("开始服务", "服务进行中"),
    ):
        technician.locator("#next-step").filter(has_text=label).click()
        expect(customer.locator("#order-step")).to_have_text(shown, timeout=20_000)
    # 完成 opens half the service length after 开始: recorded at that time through the service
    with Session(app_engine, expire_on_commit=False) as s:
        done = s.exec(select(Order).where(Order.code == code)).one()
        step(s, technician_actor(s, done.technician_id), done, "completed")
    expect(customer.locator("#order-step")).to_have_text("服务已完成", timeout=20_000)
    expect(customer.locator("#order-status")).to_have_text("已完成")

    technician.goto(f"{app_url}/tech/income")
    line = technician.locator(".income-line").filter(has_text=code)
    expect(line).to_be_visible()
    with Session(app_engine) as s:
        done = s.exec(select(Order).where(Order.code == code)).one()
        rate_bp = commission_bp(s, s.get(Technician, done.technician_id))
        # the split's base: what the customer paid plus the discounts the platform funds
        # (the demo customer pays a member price and may get a promotion or a coupon)
        subsidy = sum(
            d.amount_fen
            for d in s.exec(select(DiscountLine).where(DiscountLine.order_id == done.id))
            if d.funded_by == "platform"
        )
    base = done.total_fen + subsidy
    share_text = line.locator(".income-share").inner_text()
    share_fen = round(float(share_text.removeprefix("¥")) * 100)
    assert rate_bp > 0  # the shop takes its cut: the technician's share is the rest
    assert share_fen == base - base * rate_bp // 10_000
    for p in (customer, technician):
        p.context.close()


@pytest.mark.scaleout
def test_admin_reassigns_an_order_by_hand_and_it_is_audited(page: Page, app_url: str, app_engine):
    with Session(app_engine, expire_on_commit=False) as s:
        customer = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        order = mark_paid(s, pending_order(s, customer))
        colleagues = s.exec(
            select(Technician.id)
            .where(
                Technician.merchant_id == order.merchant_id, Technician.id != order.technician_id
            )
            .order_by(Technician.id)
        ).all()
        code, target = order.code, free_for(s, order, colleagues)  # not on a day off then
    log_in(page, app_url, ADMIN_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/admin"))
    page.locator("#dispatch-link").click()
    card = page.locator(".waiting-order").filter(has_text=code)
    expect(card).to_be_visible()
    card.locator(".assign-tech input").fill(str(target))
    card.locator(".assign-submit").click()
    expect(page.get_by_text("已指派，已写入审计日志")).to_be_visible()
    with Session(app_engine) as s:
        moved = s.exec(select(Order).where(Order.code == code)).one()
        audit = s.exec(
            select(AuditEntry).where(
                AuditEntry.target_type == "order", AuditEntry.target_id == moved.id
            )
        ).all()
        offered = s.exec(
            select(DispatchOffer).where(
                DispatchOffer.order_id == moved.id, DispatchOffer.status == "offered"
            )
        ).one()
    assert moved.technician_id == target == offered.technician_id
    assert [a.action for a in audit] == ["dispatch.assign"]

    # Any order that has not started opens by its code: here one its technician has accepted.
    with Session(app_engine, expire_on_commit=False) as s:
        customer = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        accepted = mark_paid(s, pending_order(s, customer))
        first = accept(s, accepted).technician_id
        done = complete(s, pending_order(s, customer))
        accepted_code, done_code = accepted.code, done.code
    expect(page.locator(".waiting-order").filter(has_text=accepted_code)).to_have_count(0)
    page.locator("#open-code").fill(done_code)  # finished: refused, nothing opens
    page.locator("#open-submit").click()
    expect(
        page.locator("[data-sonner-toast]").get_by_text("该订单已完成，不能改派")
    ).to_be_visible()
    expect(page.locator(".opened-order")).to_have_count(0)

    page.locator("#open-code").fill(accepted_code)
    page.locator("#open-submit").click()
    opened = page.locator(".opened-order")
    expect(opened).to_contain_text(accepted_code)
    current = opened.locator(".candidate").filter(has_text=f"（{first}）")
    expect(current).to_contain_text("已接单")  # its answer, in words
    expect(current).to_contain_text("当前技师")
    suggestion = opened.locator(".candidate").filter(has_text="推荐").first
    expect(suggestion.locator(".candidate-live")).to_have_text(
        re.compile("待岗|工作中|已预约|休息中")
    )
    chosen = int(re.search(r"（(\d+)）", suggestion.inner_text()).group(1))
    suggestion.locator(".assign-candidate").click()
    expect(page.locator("[data-sonner-toast]").get_by_text("已指派").last).to_be_visible()
    chosen_row = opened.locator(".candidate").filter(has_text=f"（{chosen}）")
    expect(chosen_row).to_contain_text("当前技师")
    expect(chosen_row).to_contain_text("已派单，待接单")
    expect(opened.locator(".candidate").filter(has_text=f"（{first}）")).to_contain_text("已撤回")
    with Session(app_engine) as s:
        reassigned = s.exec(select(Order).where(Order.code == accepted_code)).one()
        audit = s.exec(
            select(AuditEntry).where(
                AuditEntry.target_type == "order", AuditEntry.target_id == reassigned.id
            )
        ).all()
    assert reassigned.technician_id == chosen != first
    assert reassigned.dispatch_state == "offering"
    assert [a.action for a in audit] == ["dispatch.assign"]
