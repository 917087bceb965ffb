"""Training events in the browser: a shop publishes an event with 2 places on /merchant/events;
two of its technicians take them, the third (in the browser, on a phone) lands on the waitlist;
one cancels and the third sees on /tech/events that they now have a place; the organiser's page
shows the code, the figures and the sign-ups. A bad capacity is refused with its reason."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.crypto import lookup_hash
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import MERCHANT_PHONE, TECHNICIAN_PHONE
from salon_app.core.models import Technician, TrainingEvent, User
from salon_app.core.services import learning
from salon_app.core.services.auth import normalize_mobile
from salon_app.core.settings import get_settings
from tests.e2e.conftest import at, log_in
from tests.support.journeys import technician_actor

DESKTOP = {"width": 1280, "height": 900}
TITLE = "门店内训：烫发护理"


def _local_input(days: int, hour: int) -> str:
    zone = ZoneInfo(get_settings().timezone)
    day = utcnow().astimezone(zone).date() + timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def _colleagues(engine) -> list:
    """Two other active technicians of the demo login technician's shop, as logged in."""
    with Session(engine) as s:
        phone_hash = lookup_hash(normalize_mobile(TECHNICIAN_PHONE))
        login = s.exec(
            select(Technician)
            .join(User, col(User.id) == Technician.user_id)
            .where(User.phone_hash == phone_hash)
        ).one()
        others = s.exec(
            select(Technician)
            .where(
                Technician.merchant_id == login.merchant_id,
                Technician.status == "active",
                Technician.id != login.id,
            )
            .order_by(col(Technician.id))
            .limit(2)
        ).all()
        return [technician_actor(s, t.id) for t in others]


def test_a_full_event_waitlists_the_third_and_promotes_them_after_a_cancellation(
    browser: Browser, page: Page, app_url: str, app_engine
):
    organiser = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(organiser, app_url, MERCHANT_PHONE, DEMO_PASSWORD)
    expect(organiser).to_have_url(at(app_url, "/merchant"))
    organiser.locator("#nav-merchant-events").first.click()
    expect(organiser).to_have_url(at(app_url, "/merchant/events"))
    expect(organiser.locator(".events-table-row", has_text="季度技术内训")).to_be_visible()
    organiser.locator("#event-title").fill(TITLE)
    organiser.locator("#event-place").fill("南山区门店二楼培训室")
    organiser.locator("#event-starts").fill(_local_input(2, 14))
    organiser.locator("#event-ends").fill(_local_input(2, 16))
    organiser.locator("#event-capacity").fill("0")
    organiser.locator("#event-save").click()
    expect(organiser.locator("#event-error")).to_contain_text("名额须为 1 到 500 之间的整数")
    with Session(app_engine) as s:
        assert s.exec(select(TrainingEvent).where(TrainingEvent.title == TITLE)).first() is None
    organiser.locator("#event-capacity").fill("2")
    organiser.locator("#event-save").click()
    expect(organiser.locator(".events-table-row", has_text=TITLE)).to_be_visible()
    expect(organiser.locator("#event-panel-title")).to_have_text(TITLE)
    expect(organiser.locator("#event-code")).to_have_text(re.compile(r"^\d{6}$"))

    with Session(app_engine) as s:
        event = s.exec(select(TrainingEvent).where(TrainingEvent.title == TITLE)).one()
    first, second = _colleagues(app_engine)
    with Session(app_engine, expire_on_commit=False) as s:
        assert learning.sign_up(s, first, event.id).status == "seated"
        assert learning.sign_up(s, second, event.id).status == "seated"

    log_in(page, app_url, TECHNICIAN_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/tech"))
    page.locator("#open-events").click()
    expect(page).to_have_url(at(app_url, "/tech/events"))
    card = page.locator(".event-card", has_text=TITLE)
    expect(card.locator(".event-seats")).to_have_text("剩余 0 / 2 个名额")
    card.locator(".event-sign-up").click()
    expect(page.get_by_text(f"名额已满，你已进入“{TITLE}”的候补名单（第 1 位）")).to_be_visible()
    expect(card.locator(".event-my-status")).to_have_text("候补第 1 位")
    expect(card.locator(".event-sign-up")).to_have_count(0)

    with Session(app_engine, expire_on_commit=False) as s:
        learning.cancel_signup(s, first, event.id)
    page.reload()
    card = page.locator(".event-card", has_text=TITLE)
    expect(card.locator(".event-my-status")).to_have_text("已报名")
    expect(card.locator(".event-cancel")).to_be_visible()

    organiser.locator(".events-table-row", has_text=TITLE).locator(".event-view").click()
    expect(organiser.locator("#event-seated")).to_have_text("2")
    expect(organiser.locator("#event-waiting")).to_have_text("0")
    rows = organiser.locator(".event-signups-row")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="已取消报名")).to_have_count(1)
    expect(rows.filter(has_text="已报名")).to_have_count(2)
    organiser.screenshot(path="test-artifacts/training-events-organiser.png", full_page=True)
    page.screenshot(path="test-artifacts/training-events-tech.png", full_page=True)
    organiser.context.close()
