"""The site as a phone keeps it: every page links the web app manifest and the icons, and the
app serves them (Reflex serves assets/ at the site's root)."""

from __future__ import annotations

import struct

from playwright.sync_api import Page, expect


def _png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", body[16:24])


def test_a_phone_page_links_the_manifest_and_the_app_serves_it_with_its_icons(
    page: Page, app_url: str
):
    page.goto(f"{app_url}/")
    expect(page.locator("#categories")).to_be_visible()
    expect(page.locator('meta[name="theme-color"]')).to_have_attribute("content", "#e93d82")
    manifest_link = page.locator('link[rel="manifest"]')
    expect(manifest_link).to_have_count(1)

    manifest = page.request.get(app_url + manifest_link.get_attribute("href"))
    assert manifest.ok
    data = manifest.json()
    assert data["name"] == "悦约到家"
    assert (data["theme_color"], data["display"], data["start_url"]) == (
        "#e93d82",
        "standalone",
        "/",
    )
    purposes = set()
    for icon in data["icons"]:
        served = page.request.get(app_url + icon["src"])
        assert served.ok and served.headers["content-type"] == "image/png"
        width, height = _png_size(served.body())
        assert f"{width}x{height}" == icon["sizes"]
        purposes.add(icon["purpose"])
    assert purposes == {"any", "maskable"}

    for selector in ('link[rel="icon"]', 'link[rel="apple-touch-icon"]'):
        for href in page.locator(selector).evaluate_all("links => links.map(l => l.href)"):
            assert page.request.get(href).ok, href
    favicon = page.request.get(f"{app_url}/favicon.ico")
    assert favicon.ok and favicon.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
