"""A returning customer and a new one open the same technician's booking panel and are offered
different prices: the demo's 老客回归9折 is for customers with a paid order only."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, col, or_, select

from salon_app import routes
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.models import Promotion, Service, Technician, TechnicianService
from tests.e2e.conftest import PHONE_VIEWPORT, at, log_in
from tests.e2e.test_accounts import fresh_phone, sign_up

RETURNING_OFFER = "老客回归9折"


def _technician_without_a_shop_discount(engine) -> int:
    """A haircut technician outside the shop whose own 8折 would outbid the returning offer."""
    with Session(engine) as s:
        shops = s.exec(
            select(Promotion.merchant_id).where(
                Promotion.funded_by == "merchant", col(Promotion.merchant_id).is_not(None)
            )
        ).all()
        haircut = s.exec(select(Service.id).where(Service.slug == "haircut")).one()
        return s.exec(
            select(Technician.id)
            .join(TechnicianService, col(TechnicianService.technician_id) == Technician.id)
            .where(
                TechnicianService.service_id == haircut,
                Technician.status == "active",
                or_(
                    col(Technician.merchant_id).is_(None),
                    col(Technician.merchant_id).not_in(shops),
                ),
            )
            .order_by(col(Technician.id))
        ).first()


def _panel(page: Page, app_url: str, tech_id: int):
    page.goto(app_url + routes.technician(tech_id, "haircut"))
    expect(page.locator("#booking-panel")).to_be_visible()
    breakdown = page.locator("#price-breakdown")
    expect(breakdown).to_be_visible()
    expect(page.locator("#price-total")).to_be_visible()
    return breakdown


def test_a_returning_customer_is_offered_what_a_new_one_is_not(
    page: Page, browser: Browser, app_url: str, app_engine
):
    tech_id = _technician_without_a_shop_discount(app_engine)
    assert tech_id is not None

    sign_up(page, app_url, app_engine, fresh_phone(), "hello2026", "新来的")
    expect(page).to_have_url(at(app_url, "/"))
    new = _panel(page, app_url, tech_id)
    expect(new.locator(".price-line", has_text=RETURNING_OFFER)).to_have_count(0)
    new_total = page.locator("#price-total").inner_text()

    regular = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN").new_page()
    log_in(regular, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(regular).to_have_url(at(app_url, "/"))
    back = _panel(regular, app_url, tech_id)
    offer = back.locator(".price-line[data-source=promotion]", has_text=RETURNING_OFFER)
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("-¥")
    assert regular.locator("#price-total").inner_text() != new_total
    regular.context.close()
