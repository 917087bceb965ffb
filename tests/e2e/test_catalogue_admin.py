"""Catalogue management in the browser: an operator edits a service and customers see the new
cover and text; a gallery picture is added, moved and removed; a withdrawn service leaves the
customer home and search until republished; bad input is refused with a clear message and
changes nothing; support cannot open the page."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import OPERATIONS_PHONE, SUPPORT_PHONE
from salon_app.core.models import CaseStudy, Service
from salon_app.core.services import auth, catalogue
from salon_app.core.services.discovery import catalogue as shown
from tests.e2e.conftest import PHONE_VIEWPORT, artifacts_dir, at, log_in
from tests.support.page_load import goto_loaded

DESKTOP = {"width": 1366, "height": 900}
SLUG = "hair-care"  # 护发: no other browser test books it


@dataclass(frozen=True)
class Saved:
    id: int
    form: catalogue.ServiceForm
    cover: tuple[str, str]
    on_sale: bool


def _operations(s: Session):
    return auth.log_in(s, OPERATIONS_PHONE, DEMO_PASSWORD).actor


def _row(app_engine) -> Service:
    with Session(app_engine) as s:
        return s.exec(select(Service).where(Service.slug == SLUG)).one()


@pytest.fixture
def service(app_engine) -> Iterator[Saved]:
    """护发 as the demo has it; put back afterwards (details, cover, status)."""
    with Session(app_engine) as s:
        ops = _operations(s)
        row = s.exec(select(Service).where(Service.slug == SLUG)).one()
        edit = catalogue.service_for_edit(s, ops, row.id)
        saved = Saved(row.id, edit.form, (row.image_url, row.thumb_url), row.is_active)
    yield saved
    with Session(app_engine) as s:
        ops = _operations(s)
        catalogue.save_service(s, ops, saved.id, saved.form)
        catalogue.publish_service(s, ops, saved.id)
        row = s.get(Service, saved.id)
        row.image_url, row.thumb_url = saved.cover  # the demo's drawn cover
        s.add(row)
        s.commit()


def _toast(page: Page, text: str):
    return page.locator("[data-sonner-toast]").get_by_text(text)


def _operator(browser: Browser, app_url: str, phone: str = OPERATIONS_PHONE) -> Page:
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, phone, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/admin"))
    return page


def _editor(page: Page, app_url: str, service_id: int) -> None:
    """The service's editor as this load fills it (not the form the tab's last load left,
    which the load then mounts again, dropping anything typed into it meanwhile)."""
    goto_loaded(page, f"{app_url}/admin/catalogue/service?id={service_id}")
    expect(page.locator("#service-name")).to_have_value("护发")


def _picture(tmp_path: Path, colour: tuple[int, int, int], name: str = "cover.png") -> Path:
    path = tmp_path / name
    Image.new("RGB", (1600, 1000), colour).save(path)
    return path


def test_operator_edits_a_service_and_customers_see_the_new_cover_and_text(
    browser: Browser, page: Page, app_url: str, app_engine, service, tmp_path
):
    ops = _operator(browser, app_url)
    ops.goto(f"{app_url}/admin/catalogue")
    expect(ops.locator("#dashboard-title")).to_have_text("服务目录")
    rows = ops.locator(".services-row")
    expect(rows.first.locator(".cover-thumb img")).to_be_visible()
    ops.screenshot(path=str(artifacts_dir() / "admin-catalogue-desktop.png"), full_page=True)
    ops.locator("#services-search").fill("护发")
    expect(rows).to_have_count(1)
    rows.first.locator(".service-name").click()
    expect(ops.locator("#service-name")).to_have_value("护发")

    old_cover = _row(app_engine).image_url
    ops.locator("#cover-upload input[type=file]").set_input_files(
        str(_picture(tmp_path, (30, 140, 200)))
    )
    expect(_toast(ops, "封面已更新")).to_be_visible()
    new_cover = _row(app_engine).image_url
    assert new_cover != old_cover and new_cover.startswith("/media/")
    expect(ops.locator("#service-cover")).to_have_attribute("src", new_cover)

    ops.locator("#service-price_min").fill("98")
    ops.locator("#service-price_max").fill("468")
    ops.locator("#service-process").fill("头皮检测\n深层清洁\n蒸汽修护\n吹干造型")
    ops.locator("#save-service").click()
    expect(_toast(ops, "已保存")).to_be_visible()
    row = _row(app_engine)
    assert (row.price_min_fen, row.price_max_fen) == (9800, 46800)
    ops.screenshot(
        path=str(artifacts_dir() / "admin-catalogue-service-desktop.png"), full_page=True
    )
    ops.context.close()

    page.goto(f"{app_url}/service/{SLUG}")
    cover = page.locator("#service-cover")
    expect(cover).to_have_attribute("src", new_cover)
    expect(cover).to_have_attribute("alt", "护发")
    expect(cover).to_have_attribute("width", "1200")
    expect(cover).to_have_js_property("naturalWidth", 1200)  # served by /media and drawn
    served = page.request.get(app_url + new_cover)
    assert served.headers["content-type"] == "image/webp"
    assert "immutable" in served.headers["cache-control"]
    expect(page.locator("#service-price")).to_have_text("¥98 – ¥468")
    expect(page.locator("#service-process")).to_contain_text("蒸汽修护")
    expect(page.locator("#service-gallery img").first).to_be_attached()


def _gallery(app_engine, service_id: int) -> list[str]:
    with Session(app_engine) as s:
        return [p.url for p in shown.gallery_of(s, service_id)]


def test_operator_adds_moves_and_removes_a_gallery_picture_and_customers_see_the_order(
    browser: Browser, page: Page, app_url: str, app_engine, service, tmp_path
):
    demo = _gallery(app_engine, service.id)
    ops = _operator(browser, app_url)
    _editor(ops, app_url, service.id)
    items = ops.locator("#gallery .gallery-item")
    expect(items).to_have_count(len(demo))

    ops.locator("#gallery-upload input[type=file]").set_input_files(
        str(_picture(tmp_path, (240, 180, 40), "gallery.png"))
    )
    expect(_toast(ops, "图片已添加")).to_be_visible()
    expect(items).to_have_count(len(demo) + 1)
    added = _gallery(app_engine, service.id)[-1]
    assert added not in demo and added.startswith("/media/")

    items.last.locator(".move-left").click()
    expect(_toast(ops, "顺序已调整")).to_be_visible()
    moved = [*demo[:-1], added, demo[-1]]
    assert _gallery(app_engine, service.id) == moved
    page.goto(f"{app_url}/service/{SLUG}")
    shown_urls = page.locator("#service-gallery img")
    expect(shown_urls).to_have_count(len(moved))
    expect(shown_urls.nth(len(demo) - 1)).to_have_attribute("src", added)

    items.nth(len(demo) - 1).locator(".remove-picture").click()
    expect(_toast(ops, "图片已移除")).to_be_visible()
    expect(items).to_have_count(len(demo))
    assert _gallery(app_engine, service.id) == demo
    ops.context.close()


def test_a_withdrawn_service_leaves_the_customer_home_and_search_until_republished(
    browser: Browser, page: Page, app_url: str, service
):
    ops = _operator(browser, app_url)
    _editor(ops, app_url, service.id)
    ops.locator("#withdraw").click()
    expect(ops.locator(".service-status")).to_have_text("已下架")
    expect(ops.locator("#status-hint")).to_contain_text("已有订单照常进行")

    page.goto(app_url)
    expect(page.locator("#category-hair")).to_be_visible()
    expect(page.locator("#category-hair")).not_to_contain_text("护发")
    expect(page.locator("#hot, #new").get_by_text("护发", exact=True)).to_have_count(0)
    page.goto(f"{app_url}/search?q=护发")
    expect(page.get_by_text("没有找到相关服务")).to_be_visible()
    page.goto(f"{app_url}/service/{SLUG}")
    expect(page.get_by_text("找不到该服务项目")).to_be_visible()

    ops.locator("#publish").click()
    expect(ops.locator(".service-status")).to_have_text("在售")
    ops.context.close()
    page.goto(f"{app_url}/search?q=护发")
    expect(page.locator("#search-results .service-card")).to_have_count(1)
    expect(page.locator("#search-results .service-card img")).to_have_attribute("alt", "护发")
    page.goto(app_url)
    expect(page.locator("#category-hair")).to_contain_text("护发")


def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(
    browser: Browser, app_url: str, app_engine, service, tmp_path
):
    ops = _operator(browser, app_url)
    _editor(ops, app_url, service.id)
    before = _row(app_engine)

    fake = tmp_path / "price-list.jpg"
    fake.write_text("这不是图片 " * 200)
    ops.locator("#cover-upload input[type=file]").set_input_files(str(fake))
    expect(_toast(ops, "文件不是有效的图片")).to_be_visible()

    huge = tmp_path / "huge.jpg"
    jpeg = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 40, 40)).save(jpeg, "JPEG")
    huge.write_bytes(jpeg.getvalue() + b"\0" * (30 * 1024 * 1024))
    _editor(ops, app_url, service.id)  # a fresh page: the toast above is gone
    ops.locator("#cover-upload input[type=file]").set_input_files(str(huge))
    expect(_toast(ops, "不超过 10 MB")).to_be_visible()

    for field, value, message in (
        ("#service-price_min", "600", "最低价不能高于最高价"),
        ("#service-name", "", "请填写服务名称"),
        ("#service-duration_min", "0", "服务时长需在 10 到 720 分钟之间"),
    ):
        _editor(ops, app_url, service.id)
        ops.locator(field).fill(value)
        ops.locator("#save-service").click()
        expect(ops.locator("#service-error")).to_have_text(message)

    after = _row(app_engine)
    assert (after.name, after.price_min_fen, after.duration_min, after.image_url) == (
        before.name,
        before.price_min_fen,
        before.duration_min,
        before.image_url,
    )
    ops.context.close()


def test_support_cannot_open_the_catalogue(browser: Browser, app_url: str):
    support = _operator(browser, app_url, SUPPORT_PHONE)
    expect(support.locator("#nav-admin-catalogue")).to_have_count(0)
    support.goto(f"{app_url}/admin/catalogue")
    expect(support.locator("#access-error")).to_be_visible()
    expect(support.locator("#services")).to_have_count(0)
    support.goto(f"{app_url}/admin/catalogue/service?id=1")
    expect(support.locator("#access-error")).to_be_visible()
    expect(support.locator("#service-name")).to_have_count(0)
    support.context.close()


def test_the_customer_pages_are_picture_led_on_a_phone(browser: Browser, app_url: str, app_engine):
    page = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN").new_page()
    page.goto(app_url)
    tiles = page.locator("#categories .category-card")
    expect(tiles).to_have_count(4)
    for i in range(4):  # the first screen of a phone: fetched at once, their room kept
        expect(tiles.nth(i).locator("img")).to_have_attribute("loading", "eager")
        expect(tiles.nth(i).locator("img")).to_have_attribute("width", re.compile(r"^\d+$"))
    first = page.locator("#hot .service-card img").first
    expect(first).to_have_attribute("width", "480")
    expect(first).to_have_attribute("height", "360")
    page.screenshot(path=str(artifacts_dir() / "customer-home-phone.png"), full_page=True)

    page.goto(f"{app_url}/category/nails")
    expect(page.locator("#category-cover")).to_have_attribute("alt", "美甲")
    expect(page.locator("#category-services .service-card img")).to_have_count(3)

    with Session(app_engine) as s:
        case = s.exec(select(CaseStudy).order_by(CaseStudy.id)).first()
    page.goto(f"{app_url}/technician/{case.technician_id}")
    expect(page.locator("#profile-photo")).to_have_attribute("src", re.compile("^/media/"))
    before = page.locator(".case-study .case-before").first
    expect(before).to_have_attribute("src", case.before_url)
    expect(before).to_have_attribute("alt", "服务前")
    expect(page.locator(".case-study .case-after").first).to_have_attribute("src", case.after_url)
    page.screenshot(path=str(artifacts_dir() / "customer-technician-phone.png"), full_page=True)
    page.context.close()
