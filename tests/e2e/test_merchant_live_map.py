"""The shop's live map: the city drawn offline with the shop's technicians and their live
status, a list beside it, and today's orders appearing without a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from salon_app.components.format import local_today
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import MERCHANT_PHONE
from salon_app.core.models import Service
from salon_app.core.services import auth, availability, live_map
from salon_app.i18n import t
from tests.e2e.conftest import at, log_in
from tests.e2e.test_accounts import fresh_phone
from tests.e2e.test_merchant_rota import hairdressers, shop_of
from tests.support import journeys
from tests.support.orders import pending_order

LABELS = {t(f"tech.live.{s}") for s in ("idle", "working", "booked", "off")}


def test_the_live_map_shows_the_shops_technicians_with_their_status(
    page: Page, app_url: str, app_engine
):
    log_in(page, app_url, MERCHANT_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/merchant"))
    page.goto(f"{app_url}/merchant/live")
    expect(page.locator("#live-map .map-district").first).to_be_attached()
    with Session(app_engine) as s:
        shown = live_map.map_view(s, auth.log_in(s, MERCHANT_PHONE, DEMO_PASSWORD).actor)
    expect(page.locator(".live-row")).to_have_count(len(shown.technicians))
    expect(page.locator("#live-map .map-district")).to_have_count(len(shown.districts))
    for marker in shown.technicians:
        row = page.locator(f'.live-row[data-technician="{marker.technician_id}"]')
        expect(row).to_contain_text(marker.name)
        assert row.locator(".live-status").inner_text() in LABELS
    on_map = [m for m in shown.technicians if m.position]
    expect(page.locator("#live-map .map-technician")).to_have_count(len(on_map))
    expect(page.locator("#live-legend")).to_contain_text("待岗")
    expect(page.locator("#live-legend")).to_contain_text("休息中")
    expect(page.locator("#map-shop")).to_be_attached()


def test_an_order_booked_for_today_appears_on_the_open_map(page: Page, app_url: str, app_engine):
    log_in(page, app_url, MERCHANT_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/merchant"))
    page.goto(f"{app_url}/merchant/live")
    expect(page.locator(".live-row").first).to_be_visible()
    before = page.locator("#live-map .map-order").count()
    with Session(app_engine, expire_on_commit=False) as s:
        haircut = s.exec(select(Service).where(Service.slug == "haircut")).one()
        today = local_today()
        free = [
            (tech.id, slots[0])
            for tech in hairdressers(s, shop_of(s, MERCHANT_PHONE))
            if (slots := availability.free_slots(s, tech.id, haircut.id, today, 1))
        ]
        if not free:
            pytest.skip("no hairdresser of the shop has a free slot left today")
        # a customer of their own: the demo customer's unpaid holds are limited (issue 13)
        customer = journeys.sign_up(s, fresh_phone(), "hello2026", "地图顾客")
        order = pending_order(s, customer, technician_id=free[0][0], starts_at=free[0][1])
    marker = page.locator("#live-map .map-order title").filter(has_text=order.code)
    expect(marker).to_have_count(1)  # pushed to the open page
    expect(page.locator("#live-map .map-order")).to_have_count(before + 1)
