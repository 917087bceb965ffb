"""The four pages a customer opens most on a phone (home, a service, a technician, their order),
as Lighthouse looks at them (`make lighthouse`): nothing jumps while their data arrives, every
control has a name a screen reader can say, pictures have a size and a text, no errors in the
console, a description for search engines, and the built scripts are cached for a year."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, col, select

from salon_app.core import crypto
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.models import Order, Service, Technician, User
from salon_app.core.services import auth
from salon_app.i18n import t
from tests.e2e.conftest import PHONE_VIEWPORT, at, log_in

PAGES = ("home", "service", "technician", "order")
LOADED = {  # what each page shows once its data is there
    "home": "#categories",
    "service": "#service-name",
    "technician": "#profile-name",
    "order": "#order-status",
}
NAMED_ROLES = {"button", "link", "combobox", "textbox", "checkbox", "radio", "switch", "image"}


@pytest.fixture(scope="module")
def paths(app_engine) -> dict[str, str]:
    """A path of each page in the demo city (the order: the demo customer's newest)."""
    with Session(app_engine) as s:
        phone_hash = crypto.lookup_hash(auth.normalize_mobile(CUSTOMER_PHONE))
        customer = s.exec(select(User.id).where(User.phone_hash == phone_hash)).one()
        service = s.exec(select(Service.slug).order_by(Service.id)).first()
        tech = s.exec(select(Technician.id).where(Technician.status == "active")).first()
        order = s.exec(
            select(Order.code).where(Order.customer_id == customer).order_by(col(Order.id).desc())
        ).first()
    return {
        "home": "/",
        "service": f"/service/{service}",
        "technician": f"/technician/{tech}",
        "order": f"/orders/{order}",
    }


def _open(browser: Browser, app_url: str, path: str, logged_in: bool, **ctx) -> Page:
    page = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN", **ctx).new_page()
    if logged_in:
        log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
        expect(page).to_have_url(at(app_url, "/"))
    return page


@pytest.mark.parametrize("name", PAGES)
def test_a_phone_page_loads_without_an_error_in_the_console(
    browser: Browser, app_url: str, paths: dict[str, str], name: str
):
    page = _open(browser, app_url, paths[name], logged_in=name == "order")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.goto(app_url + paths[name])
    expect(page.locator(LOADED[name])).to_be_visible(timeout=20_000)
    page.wait_for_load_state("networkidle")
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("name", PAGES)
def test_every_control_and_picture_on_a_phone_page_has_a_name(
    browser: Browser, app_url: str, paths: dict[str, str], name: str
):
    """As the browser's accessibility tree gives them to a screen reader (Chromium's own
    computation of names: labels, aria-label, alt, text)."""
    page = _open(browser, app_url, paths[name], logged_in=name == "order")
    page.goto(app_url + paths[name])
    expect(page.locator(LOADED[name])).to_be_visible(timeout=20_000)
    page.wait_for_load_state("networkidle")
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    unnamed = [
        (node["role"]["value"], node.get("backendDOMNodeId"))
        for node in tree
        if not node.get("ignored")
        and node.get("role", {}).get("value") in NAMED_ROLES
        and not str(node.get("name", {}).get("value", "")).strip()
    ]
    controls = [n for n in tree if n.get("role", {}).get("value") in NAMED_ROLES]
    assert len(controls) > 5  # the tree was read
    assert unnamed == []
    page.context.close()


@pytest.mark.parametrize("name", PAGES)
def test_pictures_on_a_phone_page_keep_their_room_before_they_load(
    browser: Browser, app_url: str, paths: dict[str, str], name: str
):
    """Each picture's size is known before a byte of it arrives: width and height attributes
    (the browser reserves the box), or a fixed-size frame (avatars)."""
    page = _open(browser, app_url, paths[name], logged_in=name == "order")
    page.goto(app_url + paths[name])
    expect(page.locator(LOADED[name])).to_be_visible(timeout=20_000)
    unsized = page.locator("img").evaluate_all(
        """imgs => imgs
            .filter(i => !(i.getAttribute('width') && i.getAttribute('height')))
            .filter(i => !i.closest('.rt-AvatarRoot'))
            .map(i => i.outerHTML)"""
    )
    assert unsized == []
    page.context.close()


@pytest.mark.parametrize("name", PAGES)
def test_a_phone_page_describes_itself_to_search_engines(
    browser: Browser, app_url: str, paths: dict[str, str], name: str
):
    """Its own description (the pages of a service, a technician, an order are drawn in the
    browser: their head is too), in a document that says its language."""
    page = _open(browser, app_url, paths[name], logged_in=name == "order")
    page.goto(app_url + paths[name])
    expect(page.locator(LOADED[name])).to_be_visible(timeout=20_000)
    description = page.locator('meta[name="description"]')
    expect(description).to_have_count(1)
    expect(description).to_have_attribute("content", t(f"meta.{name}"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.context.close()


def test_the_home_page_keeps_the_room_of_its_lists_until_they_arrive(
    browser: Browser, app_url: str
):
    """The page as drawn before the socket brings its data (what a phone shows first; here with
    scripts off, so it stays so): grey placeholders where the lists will be, the sections under
    them where they will stay once the lists are in."""
    before = _open(browser, app_url, "/", logged_in=False, java_script_enabled=False)
    before.goto(app_url + "/")
    expect(before.locator(".skeleton").first).to_be_visible()
    expect(before.locator(".category-card")).to_have_count(0)
    new_before = before.get_by_role("heading", name=t("home.new")).bounding_box()

    after = _open(browser, app_url, "/", logged_in=False)
    after.goto(app_url + "/")
    expect(after.locator(".service-card").first).to_be_visible(timeout=20_000)
    expect(after.locator("#recommend")).to_be_visible()
    expect(after.locator(".skeleton")).to_have_count(0)
    new_after = after.get_by_role("heading", name=t("home.new")).bounding_box()
    # The demo city's home: within a line of text (the cards' text wraps as it will).
    assert abs(new_after["y"] - new_before["y"]) < 40
    before.context.close()
    after.context.close()


def test_built_scripts_are_kept_a_year_and_pages_are_checked_on_every_visit(app_url: str):
    page = httpx.get(app_url + "/", timeout=10)
    assert page.headers["cache-control"] == "no-cache"
    built = re.findall(r'href="(/assets/[^"]+-[A-Za-z0-9_-]{8}\.(?:js|css))"', page.text)
    assert any(p.endswith(".js") for p in built) and any(p.endswith(".css") for p in built)
    for path in built[:5]:
        asset = httpx.get(app_url + path, timeout=10)
        assert asset.status_code == 200
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    icon = httpx.get(app_url + "/favicon.ico", timeout=10)
    assert icon.headers["cache-control"] == "public, max-age=86400"
