"""The demo technician edits their profile on a phone; customers see the change at once."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import TECHNICIAN_PHONE
from salon_app.core.models import Certificate, Service, TechnicianService, WorkingHours
from salon_app.core.services import auth
from salon_app.core.services.technicians import own_profile as tp
from tests.e2e.conftest import at, log_in


@pytest.fixture
def tech_world(app_engine) -> Iterator[tuple[int, int]]:
    """(technician id, haircut service id); the demo technician's week and price are put back."""
    with Session(app_engine) as s:
        actor = auth.log_in(s, TECHNICIAN_PHONE, DEMO_PASSWORD).actor
        haircut = s.exec(select(Service).where(Service.slug == "haircut")).one().id
        before = tp.my_profile(s, actor)
    yield actor.technician_id, haircut
    with Session(app_engine) as s:
        tp.replace_working_hours(s, actor, before.hours)
        old = next(p.price_fen for p in before.prices if p.service_id == haircut)
        tp.set_price(s, actor, haircut, old)


def _haircut_price(app_engine, tech_id: int, service_id: int) -> int:
    with Session(app_engine) as s:
        return s.exec(
            select(TechnicianService.price_fen).where(
                TechnicianService.technician_id == tech_id,
                TechnicianService.service_id == service_id,
            )
        ).one()


def _week(app_engine, tech_id: int) -> list[tuple[int, int, int]]:
    with Session(app_engine) as s:
        rows = s.exec(select(WorkingHours).where(WorkingHours.technician_id == tech_id)).all()
        return sorted((h.weekday, h.start_minute, h.end_minute) for h in rows)


def _open_profile(page: Page, app_url: str) -> None:
    log_in(page, app_url, TECHNICIAN_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/tech"))
    page.locator("#open-profile").click()
    expect(page).to_have_url(at(app_url, "/tech/profile"))
    expect(page.locator("#profile-bio")).to_be_visible()


def _png(tmp_path: Path) -> Path:
    path = tmp_path / "me.png"
    Image.new("RGB", (1600, 1200), (233, 61, 130)).save(path)
    return path


@pytest.mark.scaleout  # uploads and staged files also work with Redis and two workers
def test_technician_edits_profile_and_customers_see_it(
    page: Page, app_url: str, app_engine, tech_world, tmp_path
):
    tech_id, haircut = tech_world
    bio = f"擅长日系短发与头皮护理 {uuid.uuid4().hex[:6]}"
    _open_profile(page, app_url)

    page.locator("#profile-bio").fill(bio)
    page.locator("#save-basic").click()
    expect(page.get_by_text("资料已保存")).to_be_visible()

    expect(page.locator("#price-range-haircut")).to_have_text("可定价 ¥68 – ¥298")
    page.locator("#price-haircut").fill("158")
    page.locator("#price-save-haircut").click()
    expect(page.locator("#price-shown-haircut")).to_have_text("¥158")
    assert _haircut_price(app_engine, tech_id, haircut) == 15800

    page.locator("#photo-upload input[type=file]").set_input_files(_png(tmp_path))
    expect(page.get_by_text("头像已更新")).to_be_visible()
    photo = page.locator("#profile-photo")
    expect(photo).to_have_attribute("src", re.compile(r"^/_upload/[0-9a-f]{32}\.jpg$"))
    served = httpx.get(app_url + photo.get_attribute("src"), timeout=10)
    assert served.status_code == 200
    with Image.open(BytesIO(served.content)) as image:
        assert (image.format, image.size) == ("JPEG", (1024, 768))

    if page.locator("#start-0").count() == 0:  # Monday: a working day with two ranges
        page.locator("#rest-0").click()
    page.locator("#start-0").fill("10:00")
    page.locator("#end-0").fill("13:00")
    page.locator("#start2-0").fill("14:00")
    page.locator("#end2-0").fill("20:30")
    if page.locator("#start-6").count():  # Sunday: a rest day
        page.locator("#rest-6").click()
    expect(page.locator("#start-6")).to_have_count(0)
    page.locator("#save-hours").click()
    expect(page.get_by_text("工作时间已保存")).to_be_visible()
    week = _week(app_engine, tech_id)
    assert [r for r in week if r[0] in (0, 6)] == [(0, 600, 780), (0, 840, 1230)]

    page.goto(f"{app_url}/technician/{tech_id}?service=haircut")
    expect(page.locator("#profile-name")).to_have_text("周晓峰")
    expect(page.get_by_text(bio)).to_be_visible()
    expect(page.locator("#offer-label")).to_contain_text("¥158")


def test_bad_input_in_the_browser_is_explained_and_changes_nothing(
    page: Page, app_url: str, app_engine, tech_world, tmp_path
):
    tech_id, haircut = tech_world
    price, week = _haircut_price(app_engine, tech_id, haircut), _week(app_engine, tech_id)
    _open_profile(page, app_url)

    page.locator("#price-haircut").fill("10")
    page.locator("#price-save-haircut").click()
    expect(page.locator("#price-error")).to_have_text("价格需在 ¥68 – ¥298 之间")
    page.locator("#price-haircut").fill("12.345")
    page.locator("#price-save-haircut").click()
    expect(page.locator("#price-error")).to_have_text("请输入正确的价格（元，最多两位小数）")
    assert _haircut_price(app_engine, tech_id, haircut) == price

    if page.locator("#start-0").count() == 0:
        page.locator("#rest-0").click()
    page.locator("#start-0").fill("09:00")
    page.locator("#end-0").fill("13:00")
    page.locator("#start2-0").fill("12:00")
    page.locator("#end2-0").fill("18:00")
    page.locator("#save-hours").click()
    expect(page.locator("#hours-error")).to_have_text("周一的工作时段有重叠，请调整")
    assert _week(app_engine, tech_id) == week

    fake = tmp_path / "photo.jpg"
    fake.write_text("这不是图片\n" * 200)
    photo = page.locator("#profile-photo")
    src = photo.get_attribute("src") if photo.count() else None
    page.locator("#photo-upload input[type=file]").set_input_files(fake)
    expect(
        page.get_by_text("文件不是有效的图片，请上传 JPG、PNG 或 WebP 格式的照片")
    ).to_be_visible()
    if src is None:
        expect(photo).to_have_count(0)
    else:
        expect(photo).to_have_attribute("src", src)

    page.goto(f"{app_url}/technician/{tech_id}?service=haircut")
    expect(page.locator("#offer-label")).to_contain_text(f"¥{price // 100}")


def test_certificate_scan_is_private_and_shown_to_its_owner(
    page: Page, app_url: str, app_engine, tech_world, tmp_path
):
    tech_id, _ = tech_world
    name = f"高级美发师证 {uuid.uuid4().hex[:4]}"
    _open_profile(page, app_url)
    page.locator("#cert-scan input[type=file]").set_input_files(_png(tmp_path))
    expect(page.locator("#cert-scan-staged")).to_contain_text("me.png")
    page.locator("#cert-name").fill(name)
    page.locator("#cert-issuer").fill("深圳市人力资源和社会保障局")
    page.locator("#cert-add").click()
    expect(page.get_by_text("证书已添加，等待店铺认证")).to_be_visible()

    row = page.locator(".certificate", has_text=name)
    expect(row).to_contain_text("待认证")
    row.get_by_role("button", name="查看扫描件").click()
    scan = page.locator("#scan-image")
    expect(scan).to_have_attribute("src", re.compile(r"^data:image/jpeg;base64,"))

    with Session(app_engine) as s:
        cert = s.exec(
            select(Certificate).where(
                Certificate.technician_id == tech_id, Certificate.name == name
            )
        ).one()
    assert cert.scan_path.startswith("certificates/")  # under <instance>/private, not served
    leaked = httpx.get(f"{app_url}/_upload/{Path(cert.scan_path).name}", timeout=10)
    assert leaked.status_code == 404

    row.get_by_role("button", name="删除").click()
    expect(page.get_by_text("证书已删除")).to_be_visible()
    expect(page.locator(".certificate", has_text=name)).to_have_count(0)
    expect(scan).to_have_count(0)
