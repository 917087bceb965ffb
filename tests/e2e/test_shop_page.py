"""The public shop page (/shop/<id>) on a phone, the links that lead to it, and its videos
served with range requests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from io import BytesIO

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.models import Merchant
from salon_app.core.services import availability, merchants
from tests.e2e.conftest import at
from tests.support.shops import OWNER, first_shop, login

# An MP4's first box ("ftyp" at byte 4) followed by filler: enough for the type check and for
# byte ranges; no player needs to decode it.
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 40


@pytest.fixture
def shop(app_engine) -> Iterator[Merchant]:
    with Session(app_engine, expire_on_commit=False) as s:
        yield first_shop(s)


@pytest.fixture
def video(app_engine, stack_env, monkeypatch) -> Iterator[str]:
    """A short video the shop added (through the service, into the app's upload folder);
    removed afterwards."""
    monkeypatch.setenv("REFLEX_UPLOADED_FILES_DIR", stack_env["REFLEX_UPLOADED_FILES_DIR"])
    with Session(app_engine) as s:
        added = merchants.add_shop_video(s, login(s, OWNER), BytesIO(MP4), len(MP4), "店内环境")
    yield added.url
    with Session(app_engine) as s:
        merchants.remove_shop_media(s, login(s, OWNER), added.id)


@pytest.fixture
def replied_review(app_engine, shop) -> Iterator[str]:
    """A reply the shop wrote to one of its reviews (the reply text); the old one put back."""
    with Session(app_engine) as s:
        owner = login(s, OWNER)
        row = merchants.shop_reviews(s, owner, merchants.ReviewQuery()).rows[0]
        text = f"感谢您的支持，期待再次光临 {uuid.uuid4().hex[:4]}"
        merchants.reply_to_review(s, owner, row.id, text)
    yield text
    if row.reply:
        with Session(app_engine) as s:
            merchants.reply_to_review(s, login(s, OWNER), row.id, row.reply)


def test_customers_see_the_shop_hours_technicians_services_and_replies(
    page: Page, app_url: str, app_engine, shop, replied_review
):
    with Session(app_engine) as s:
        public = merchants.shop_page(s, shop.id)
    today = utcnow().astimezone(availability.zone(shop.timezone)).date().weekday()
    page.goto(f"{app_url}/shop/{shop.id}")
    expect(page.locator("#shop-name")).to_have_text(shop.name)
    expect(page.locator("#shop-address")).to_have_text(shop.address)
    expect(page.locator(f"#hours-day-{today}")).to_have_attribute("aria-current", "date")
    expect(page.locator('#shop-hours [aria-current="date"]')).to_have_count(1)
    expect(page.locator("#shop-technicians .shop-technician")).to_have_count(
        len(public.technicians)
    )
    expect(page.locator("#shop-services .shop-service")).to_have_count(len(public.services))
    expect(page.get_by_text(replied_review)).to_be_visible()
    expect(page.locator("#shop-map .map-district")).not_to_have_count(0)  # the city, offline
    expect(page.locator("#shop-map-pin")).to_be_visible()

    tech = public.technicians[0]
    page.locator(f'#shop-technicians a[href="/technician/{tech.id}?src=shop_page"]').click()
    expect(page.locator("#profile-name")).to_have_text(tech.display_name)
    page.locator("#profile-shop").click()  # and back, from the profile's shop name
    expect(page).to_have_url(at(app_url, f"/shop/{shop.id}"))

    service = public.services[0]
    page.locator(f'#shop-services a[href="/service/{service.slug}"]').click()
    expect(page.locator("#service-name")).to_have_text(service.name)


def test_older_reviews_load_below_the_first_ones(page: Page, app_url: str, app_engine, shop):
    with Session(app_engine) as s:
        first = merchants.shop_page(s, shop.id)
        older, _ = merchants.public_shop_reviews(s, shop.id, len(first.reviews))
    assert first.more_reviews and older  # the demo shop has more reviews than one page
    page.goto(f"{app_url}/shop/{shop.id}")
    reviews = page.locator(".shop-review")
    expect(reviews).to_have_count(len(first.reviews))
    page.locator("#more-reviews").click()
    expect(reviews).to_have_count(len(first.reviews) + len(older))
    expect(reviews.last).to_contain_text(older[-1].text)


def test_an_unknown_shop_is_not_found(page: Page, app_url: str):
    page.goto(f"{app_url}/shop/99999999")
    expect(page.get_by_text("找不到该店铺")).to_be_visible()
    expect(page.locator("#shop-name")).to_have_count(0)


def test_shop_videos_play_on_the_page_and_are_served_in_byte_ranges(
    page: Page, app_url: str, shop, video
):
    page.goto(f"{app_url}/shop/{shop.id}")
    expect(page.locator(f'video.shop-video source[src="{video}"]')).to_have_count(1)

    url = app_url + video
    whole = httpx.get(url)
    assert whole.status_code == 200 and whole.content == MP4
    assert whole.headers["accept-ranges"] == "bytes"
    part = httpx.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 100-199/{len(MP4)}"
    assert part.content == MP4[100:200]
    tail = httpx.get(url, headers={"Range": "bytes=-16"})
    assert tail.status_code == 206 and tail.content == MP4[-16:]
    beyond = httpx.get(url, headers={"Range": f"bytes={len(MP4) + 10}-"})
    assert beyond.status_code == 416
    assert beyond.headers["content-range"] == f"bytes */{len(MP4)}"
    for escape in ("/_upload/../rxconfig.py", "/_upload/%2e%2e/rxconfig.py"):
        assert b"rx.Config" not in httpx.get(app_url + escape).content  # nothing outside
