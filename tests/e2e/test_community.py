"""The technicians' community in the browser: three technicians flag a post and it leaves the
board; a shop's private post is not found for another shop's technician; a moderator lets a
newcomer's first post through."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import SUPPORT_PHONE, TECHNICIAN_PHONE
from salon_app.core.models import Post, Technician, User
from salon_app.core.services.access import Actor
from tests.e2e.conftest import PHONE_VIEWPORT, at, log_in
from tests.support.community import published, technicians
from tests.support.journeys import technician_actor

DESKTOP = {"width": 1366, "height": 900}
NOT_FOUND = "帖子不存在或你无权查看"


def _phone(session: Session, actor: Actor) -> str:
    return session.get(User, actor.user_id).phone.removeprefix("+86")


def _as(browser: Browser, app_url: str, phone: str, viewport: dict = PHONE_VIEWPORT) -> Page:
    page = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    log_in(page, app_url, phone, DEMO_PASSWORD)
    expect(page.locator("#current-user")).to_be_visible()
    return page


def _search(page: Page, app_url: str, text: str) -> None:
    page.goto(f"{app_url}/tech/community")
    expect(page.locator("#board-platform")).to_be_visible()  # the board has loaded
    page.locator("#post-search").fill(text)
    page.locator("#search-submit").click()


def test_a_post_flagged_by_three_technicians_disappears_from_the_board(
    browser: Browser, app_url: str, app_engine
):
    title = f"便宜转让染膏{uuid.uuid4().hex[:4]}"
    with Session(app_engine, expire_on_commit=False) as s:
        (author,) = technicians(s, 2, 1, skip=3)
        post_id = published(s, author, title=title, body="全新未拆，价格私聊", category="hair")
        phones = [_phone(s, t) for t in technicians(s, 2, 3, skip=4)]
    for number, phone in enumerate(phones, start=1):
        page = _as(browser, app_url, phone)
        _search(page, app_url, title)
        page.locator(".post-card").filter(has_text=title).click()
        expect(page.locator("#post-heading")).to_have_text(title)
        page.locator("#flag").click()
        page.locator("#flag-reason").fill("疑似广告")
        page.locator("#flag-submit").click()
        if number < 3:
            expect(page.get_by_text("已举报，感谢你的反馈")).to_be_visible()
            expect(page.locator("#flagged")).to_be_visible()
        else:  # the third flag hides it: back to the board, where it is gone
            expect(page.get_by_text("已举报，该帖子已被隐藏，等待版主处理")).to_be_visible()
            expect(page).to_have_url(at(app_url, "/tech/community"))
        page.context.close()
    reader = _as(browser, app_url, TECHNICIAN_PHONE)
    _search(reader, app_url, "便宜转让染膏")
    expect(reader.locator("#posts")).to_have_count(0)  # the empty state instead of a list
    expect(reader.locator(".post-card").filter(has_text=title)).to_have_count(0)
    reader.goto(f"{app_url}/tech/community/{post_id}")
    expect(reader.locator("#access-error")).to_have_text(NOT_FOUND)
    reader.context.close()
    with Session(app_engine) as s:
        assert s.get(Post, post_id).status == "hidden"


def test_another_shops_technician_cannot_open_a_private_board_post(
    browser: Browser, app_url: str, app_engine
):
    title = f"本店内部：周会改期{uuid.uuid4().hex[:4]}"
    with Session(app_engine, expire_on_commit=False) as s:
        tech = technician_actor(s, s.exec(select(Technician.id).order_by(Technician.id)).first())
        post_id = published(s, tech, "shop", title=title, category="other")
        (outsider,) = technicians(s, 2, 1, skip=7)
        outsider_phone = _phone(s, outsider)
    own = _as(browser, app_url, TECHNICIAN_PHONE)
    own.goto(f"{app_url}/tech/community")
    own.locator("#board-shop").click()
    own.locator(".post-card").filter(has_text=title).click()
    expect(own.locator("#post-heading")).to_have_text(title)
    own.context.close()

    page = _as(browser, app_url, outsider_phone)
    page.goto(f"{app_url}/tech/community")
    page.locator("#board-shop").click()  # their own shop's board
    expect(page.locator("#board-shop")).to_be_visible()
    expect(page.locator(".post-card").filter(has_text=title)).to_have_count(0)
    page.goto(f"{app_url}/tech/community/{post_id}")
    expect(page.locator("#access-error")).to_have_text(NOT_FOUND)
    expect(page.get_by_text(title)).to_have_count(0)
    page.context.close()


def test_a_moderator_approves_a_newcomers_first_post(browser: Browser, app_url: str, app_engine):
    title = f"新人求助：烫发失败怎么补救{uuid.uuid4().hex[:4]}"
    with Session(app_engine, expire_on_commit=False) as s:
        authors = set(s.exec(select(Post.author_id)).all())
        newcomer = next(t for t in technicians(s, 3, 12, skip=0) if t.user_id not in authors)
        newcomer_phone = _phone(s, newcomer)
        (reader,) = technicians(s, None, 1, skip=2)
        reader_phone = _phone(s, reader)
    page = _as(browser, app_url, newcomer_phone)
    page.goto(f"{app_url}/tech/community")
    page.locator("#compose").click()
    page.locator("#post-submit").click()  # nothing typed: refused, nothing saved
    expect(page.locator("#post-error")).to_have_text("请填写标题")
    page.locator("#post-title").fill(title)
    page.locator("#post-body").fill("顾客烫完发尾很干，有没有办法补救？")
    page.locator("#post-category").click()
    page.get_by_role("option", name="美发", exact=True).click()
    page.locator("#post-submit").click()
    expect(page.get_by_text("已提交，新成员的第一条帖子需要审核通过后才会公开")).to_be_visible()
    card = page.locator(".post-card").filter(has_text=title)
    expect(card.locator(".post-status")).to_have_text("待审核")

    other = _as(browser, app_url, reader_phone)
    _search(other, app_url, title)
    expect(other.locator(".post-card").filter(has_text=title)).to_have_count(0)

    desk = _as(browser, app_url, SUPPORT_PHONE, DESKTOP)
    desk.goto(f"{app_url}/admin/community")
    expect(desk.locator("#queue-pending")).to_be_visible()
    desk.locator("#community-table-search").fill(title)
    row = desk.locator(".community-table-row").filter(has_text=title)
    expect(row.locator(".desk-status")).to_have_text("待审核")
    row.locator(".desk-approve").click()
    expect(desk.get_by_text("已通过")).to_be_visible()
    expect(desk.locator(".community-table-row").filter(has_text=title)).to_have_count(0)
    expect(desk.locator("#community-chart")).to_be_visible()
    desk.context.close()

    _search(other, app_url, title)
    expect(other.locator(".post-card").filter(has_text=title)).to_be_visible()
    other.context.close()
    page.reload()
    expect(card.locator(".post-status")).to_have_count(0)
    page.context.close()
