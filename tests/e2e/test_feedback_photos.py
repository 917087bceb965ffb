"""A customer reviews and complains with photos on a phone; the technician sees the evidence."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.models import Complaint, Review, Technician, User
from salon_app.core.services import auth
from tests.e2e.conftest import PHONE_VIEWPORT, at, log_in
from tests.support.images import oversize_png
from tests.support.journeys import complete
from tests.support.orders import pending_order

NOT_AN_IMAGE = "文件不是有效的图片，请上传 JPG、PNG 或 WebP 格式的照片"


def _png(tmp_path: Path, name: str, color: tuple[int, int, int]) -> Path:
    path = tmp_path / name
    Image.new("RGB", (1600, 1200), color).save(path)
    return path


@pytest.mark.scaleout  # chosen photos wait in the Redis-held state between two workers
def test_customer_reviews_and_complains_with_photos(
    page: Page, browser: Browser, app_url: str, app_engine, tmp_path
):
    with Session(app_engine, expire_on_commit=False) as s:
        customer = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        order = complete(s, pending_order(s, customer))
        code, tech_id = order.code, order.technician_id
        tech_phone = s.get(User, s.get(Technician, tech_id).user_id).phone
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/orders/{code}")
    expect(page.locator("#order-status")).to_have_text("已完成")

    # A text file named .jpg is refused: said in a toast and under the form, nothing kept.
    fake = tmp_path / "photo.jpg"
    fake.write_text("这不是图片\n" * 200)
    page.locator("#review-photos input[type=file]").set_input_files(fake)
    expect(page.locator("#review-photo-error")).to_have_text(NOT_AN_IMAGE)
    expect(page.locator("[data-sonner-toast]").get_by_text(NOT_AN_IMAGE)).to_be_visible()
    expect(page.locator("#review-previews .pending-photo")).to_have_count(0)
    huge = tmp_path / "huge.png"  # over 5 MB: the browser refuses it before sending
    huge.write_bytes(oversize_png())
    page.locator("#review-photos input[type=file]").set_input_files(huge)
    expect(page.locator("#review-photo-error")).to_contain_text("不超过 5 MB")
    expect(page.locator("#review-previews .pending-photo")).to_have_count(0)

    page.locator("#review-photos input[type=file]").set_input_files(
        _png(tmp_path, "nails.png", (233, 61, 130))
    )
    expect(page.locator("#review-previews .pending-photo")).to_have_count(1)
    expect(page.locator("#review-photo-error")).to_have_count(0)
    page.locator("#review-text").fill("美甲很精致，附上照片")
    page.locator("#review-submit").click()
    expect(page.locator("#order-status")).to_have_text("已评价")

    page.goto(f"{app_url}/technician/{tech_id}")
    review = page.locator(".review").filter(has_text="美甲很精致，附上照片")
    photo = review.locator("img.photo")
    expect(photo).to_have_count(1)
    expect(photo).to_have_attribute("src", re.compile(r"^/_upload/[0-9a-f]{32}\.jpg$"))
    served = httpx.get(app_url + photo.get_attribute("src"), timeout=10)
    with Image.open(BytesIO(served.content)) as image:
        assert (served.status_code, image.format, image.size) == (200, "JPEG", (1024, 768))

    page.goto(f"{app_url}/orders/{code}")
    expect(page.locator("#order-status")).to_have_text("已评价")
    page.locator("#complaint-reason").fill("指甲边缘翘起，申请返修")
    page.locator("#complaint-photos input[type=file]").set_input_files(
        _png(tmp_path, "evidence.png", (40, 90, 200))
    )
    expect(page.locator("#complaint-previews .pending-photo")).to_have_count(1)
    page.locator("#complaint-submit").click()
    filed = page.locator(".complaint").filter(has_text="指甲边缘翘起，申请返修")
    expect(filed).to_contain_text("待处理")
    filed.locator(".view-photos").click()
    expect(filed.locator("#complaint-photos img.photo")).to_have_attribute(
        "src", re.compile(r"^data:image/jpeg;base64,")
    )
    expect(page.locator("#complaint-previews .pending-photo")).to_have_count(0)

    with Session(app_engine) as s:
        review_row = s.exec(select(Review).where(Review.order_id == order.id)).one()
        complaint_row = s.exec(select(Complaint).where(Complaint.order_id == order.id)).one()
    assert len(review_row.photo_urls) == 1
    assert len(complaint_row.photo_urls) == 1  # a private storage key, served nowhere
    key = complaint_row.photo_urls[0]
    assert key.startswith("complaints/")
    assert httpx.get(f"{app_url}/_upload/{key.split('/')[-1]}", timeout=10).status_code == 404

    # The technician of the order sees the evidence on the job page.
    tech_page = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN").new_page()
    try:
        log_in(tech_page, app_url, tech_phone, DEMO_PASSWORD)
        expect(tech_page).to_have_url(at(app_url, "/tech"))
        tech_page.goto(f"{app_url}/tech/job/{code}")
        job_filed = tech_page.locator(".complaint").filter(has_text="指甲边缘翘起，申请返修")
        job_filed.locator(".view-photos").click()
        expect(job_filed.locator("#complaint-photos img.photo")).to_have_attribute(
            "src", re.compile(r"^data:image/jpeg;base64,")
        )
    finally:
        tech_page.context.close()
