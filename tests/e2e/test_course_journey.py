"""A technician takes a course: reads a text lesson, watches a video (the real <video> player
reports its progress), fails the quiz then passes it, gets a certificate and checks its serial
on the public page."""

from __future__ import annotations

import base64
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import OPERATIONS_PHONE, TECHNICIAN_PHONE
from salon_app.core.integrations.storage import files, private_files
from salon_app.core.services import auth
from tests.e2e.conftest import at, log_in
from tests.support.courses import build_course

VIDEO_SECONDS = 3
# A short WebM recorded by Chromium itself from a canvas (no encoder needed on the machine).
RECORD_JS = """async (seconds) => {
  const canvas = document.createElement('canvas'); canvas.width = 160; canvas.height = 120;
  document.body.appendChild(canvas);
  const ctx = canvas.getContext('2d');
  const rec = new MediaRecorder(canvas.captureStream(15), {mimeType: 'video/webm;codecs=vp8'});
  const chunks = [];
  rec.ondataavailable = e => chunks.push(e.data);
  let frame = 0;
  const timer = setInterval(() => {
    ctx.fillStyle = `hsl(${frame * 12 % 360},70%,60%)`; ctx.fillRect(0, 0, 160, 120);
    ctx.fillStyle = '#fff'; ctx.fillText(String(frame++), 70, 60);
  }, 66);
  rec.start(200);
  await new Promise(r => setTimeout(r, seconds * 1000));
  rec.stop(); clearInterval(timer);
  await new Promise(r => rec.onstop = r);
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let text = ''; for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}"""


def _recorded_video(browser: Browser) -> bytes:
    page = browser.new_page()
    try:
        page.goto("about:blank")
        return base64.b64decode(page.evaluate(RECORD_JS, VIDEO_SECONDS))
    finally:
        page.close()


@pytest.fixture
def course(browser: Browser, app_engine, stack_env, monkeypatch):
    """A published platform course in the app's database, its video in the app's storage."""
    private = Path(stack_env["SALON_INSTANCE_DIR"]) / "private"
    for module in (files, private_files):  # where files are written, and read back
        monkeypatch.setattr(module, "private_dir", lambda: private)
    with Session(app_engine, expire_on_commit=False) as s:
        operations = auth.log_in(s, OPERATIONS_PHONE, DEMO_PASSWORD).actor
        return build_course(
            s,
            operations,
            title=f"上门礼仪{uuid.uuid4().hex[:4]}",
            video=_recorded_video(browser),
            video_seconds=VIDEO_SECONDS,
        )


def test_technician_takes_a_course_and_verifies_the_certificate(page: Page, app_url: str, course):
    log_in(page, app_url, TECHNICIAN_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/tech"))
    page.locator("#open-learn").click()
    expect(page).to_have_url(at(app_url, "/tech/learn"))
    page.locator(".course-card", has_text="上门礼仪").first.wait_for()
    page.goto(f"{app_url}/tech/learn/{course.course_id}")
    expect(page.locator("#course-title")).to_contain_text("上门礼仪")
    lessons = page.locator(".lesson-row")
    expect(lessons).to_have_count(2)
    expect(page.locator("#quiz-closed")).to_have_text("完成全部课时后才能参加测验")

    # The video lesson is locked until the text is read
    expect(lessons.nth(1)).to_have_attribute("data-locked", "1")
    lessons.nth(1).click()
    expect(page.get_by_text("请先完成前置课时《进门之前》")).to_be_visible()

    lessons.nth(0).click()
    expect(page.locator("#lesson-title")).to_have_text("进门之前")
    expect(page.locator("#lesson")).to_contain_text("敲门三下")
    page.locator("#read-done").click()
    expect(page.locator("#lesson-done")).to_be_visible()
    expect(lessons.nth(1)).to_have_attribute("data-locked", "")

    # The video: played in the real player, which reports where it got to
    lessons.nth(1).click()
    expect(page.locator("#lesson-title")).to_have_text("示范视频")
    video = page.locator("#lesson-video")
    expect(video).to_have_attribute("src", re.compile(r"^/api/learning/\d+/video\?"))
    video.evaluate("v => { v.muted = true; return v.play(); }")
    expect(page.locator("#lesson-done")).to_be_visible(timeout=30_000)
    expect(page.locator("#watched-pct")).to_have_text(re.compile(r"已观看 (9\d|100)%"))

    # The quiz: failed once, then passed
    expect(page.locator("#quiz-info")).to_contain_text("剩余 2 次答题机会")
    options = page.locator(".quiz-option")
    options.nth(0).click()  # 直接进: wrong
    options.nth(2).click()
    options.nth(4).click()
    page.locator("#submit-quiz").click()
    expect(page.locator("#quiz-result")).to_have_text("得分 50 分，未达到及格线，还可再答 1 次")
    options.nth(1).click()  # 敲门
    options.nth(2).click()
    options.nth(4).click()
    page.locator("#submit-quiz").click()
    expect(page.locator("#quiz-result")).to_contain_text("恭喜通过！得分 100 分")
    serial = page.locator(".certificate-serial").first.inner_text()
    assert re.fullmatch(r"SC\d{6}[2-9A-HJ-NP-Z]{8}", serial)
    expect(page.locator("#quiz-closed")).to_have_text("您已取得本课程证书")

    # Anyone can check the serial, without logging in
    page.locator(".certificate-card").get_by_text("查验").click()
    expect(page.locator("#verify-status")).to_have_text("有效")
    expect(page.locator("#verify-serial")).to_have_text(serial)
    expect(page.locator("#verify-course")).to_contain_text("上门礼仪")
    holder = page.locator("#verify-holder").inner_text()
    assert holder and not re.search(r"\d{11}", holder)


def test_an_unknown_serial_says_so(page: Page, app_url: str):
    page.goto(f"{app_url}/verify")
    page.locator("#verify-input").fill("SC000000XXXXXXXX")
    page.locator("#verify-button").click()
    expect(page.locator("#verify-error")).to_have_text("未找到该编号的证书，请核对后重试")
    expect(page.locator("#verify-result")).to_have_count(0)
