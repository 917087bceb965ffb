"""Campaigns and 邀请有礼 in the browser: an operator plans a campaign with a 10% holdout (a bad
holdout refused first), it runs, and its page shows treated against holdout with ROI; support
cannot open the page; a shop plans for its own customers; a customer invites a friend who
signs up through the link, pays a first order, and both are rewarded once."""

from __future__ import annotations

import random
import re
from datetime import timedelta

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import (
    CUSTOMER_PHONE,
    MERCHANT_PHONE,
    OPERATIONS_PHONE,
    SUPPORT_PHONE,
)
from salon_app.core.models import Campaign, CampaignMember, Invitation, PointsEntry, Segment, User
from salon_app.core.services import auth, marketing, tags
from tests.e2e.conftest import at, enter_signup_code, log_in
from tests.support.marketing_world import paid_order

DESKTOP = {"width": 1280, "height": 900}


def _desktop(browser: Browser, app_url: str, phone: str, home: str = "/admin") -> Page:
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, phone, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, home))
    return page


def _choose(page: Page, trigger: str, option: str) -> None:
    page.locator(trigger).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_operator_runs_a_campaign_with_a_holdout_and_reads_its_evaluation(
    browser: Browser, app_url: str, app_engine, row_count
):
    page = _desktop(browser, app_url, OPERATIONS_PHONE)
    page.locator("#nav-admin-campaigns").first.click()
    expect(page).to_have_url(at(app_url, "/admin/campaigns"))
    # the page has loaded: its load mounts the plan form again, closing a select opened before
    expect(page.locator(".campaigns-row").first).to_be_visible()
    with Session(app_engine) as s:
        segment = s.exec(select(Segment).where(Segment.name == "偶尔下单的客户")).one()
        size = len(tags.segment_members(s, segment.id))
    _choose(page, "#campaign-segment", f"偶尔下单的客户（{size} 人）")
    expect(page.locator("#campaign-segment-size")).to_have_text(f"当前 {size} 位客户")
    name = f"回访送积分{random.randint(1000, 9999)}"
    page.locator("#campaign-name").fill(name)
    page.locator("#campaign-goal").fill("老客回访")

    # Bad input first: a holdout of 60% is refused and nothing is stored.
    campaigns = row_count("campaign")
    page.locator("#campaign-holdout").fill("60")
    page.locator("#campaign-create").click()
    expect(page.locator("#campaign-error")).to_have_text("对照组比例要在 0% 到 50% 之间")
    assert row_count("campaign") == campaigns

    page.locator("#campaign-holdout").fill("10")
    page.locator("#campaign-points").fill("300")
    page.locator("#campaign-create").click()
    expect(page.locator("[data-sonner-toast]").get_by_text(f"已创建「{name}」")).to_be_visible()
    assert row_count("campaign") == campaigns + 1
    with Session(app_engine) as s:
        campaign = s.exec(select(Campaign).where(Campaign.name == name)).one()
    assert (campaign.holdout_bp, campaign.offer_kind, campaign.offer_ref) == (1_000, "points", 300)

    # The job runs it: members assigned (10% held out), points given to the treated.
    with Session(app_engine, expire_on_commit=False) as s:
        marketing.run_campaigns(s, utcnow())
        members = s.exec(
            select(CampaignMember).where(CampaignMember.campaign_id == campaign.id)
        ).all()
        treated = [m for m in members if not m.holdout]
        assert len(members) == size and 0 < len(members) - len(treated) < size
        # a treated member pays an order right after being reached
        paid_order(s, treated[0].user_id, treated[0].assigned_at + timedelta(seconds=1), 18_800)

    page.locator("#campaigns-search").fill(name)
    expect(page.locator(".campaigns-row")).to_have_count(1)
    expect(page.locator(".campaigns-row")).to_contain_text("进行中")
    page.locator(".campaign-open").first.click()
    expect(page).to_have_url(re.compile(rf".*/admin/campaigns/{campaign.id}/?$"))
    expect(page.locator("#campaign-title")).to_have_text(name)
    with Session(app_engine) as s:
        operator = auth.log_in(s, OPERATIONS_PHONE, DEMO_PASSWORD).actor
        ev = marketing.campaign_report(s, operator, campaign.id).evaluation
    assert ev.treated.converted >= 1 and ev.roi is not None
    expect(page.locator("#eval-treated")).to_have_text(f"{ev.treated.conversion * 100:.1f}%")
    expect(page.locator("#eval-holdout")).to_have_text(f"{ev.holdout.conversion * 100:.1f}%")
    expect(page.locator("#eval-roi")).to_have_text(f"{ev.roi * 100:.1f}%")
    expect(page.locator("#eval-members")).to_have_text(
        f"实验组 {ev.treated.members} 人，对照组 {ev.holdout.members} 人"
    )
    expect(page.locator("#live-members")).to_have_text(str(size))
    for chart in ("eval-conversion-chart", "eval-gmv-chart", "campaign-days-chart"):
        expect(page.locator(f"#{chart} svg.recharts-surface").first).to_be_visible()
    expect(page.locator("#eval-interval")).to_contain_text("95%")


def test_the_demo_campaign_page_shows_treated_against_holdout(browser: Browser, app_url: str):
    page = _desktop(browser, app_url, OPERATIONS_PHONE)
    page.goto(f"{app_url}/admin/campaigns")
    page.locator("#campaigns-search").fill("老客召回")
    expect(page.locator(".campaigns-row")).to_have_count(1)
    page.locator(".campaign-open").first.click()
    expect(page.locator("#campaign-title")).to_have_text("老客召回·满100减15")
    expect(page.locator("#eval-roi")).to_have_text(re.compile(r"^-?\d+\.\d%$"))
    expect(page.locator("#live-redeemed")).not_to_have_text("0")


def test_support_cannot_open_campaigns(browser: Browser, app_url: str):
    page = _desktop(browser, app_url, SUPPORT_PHONE)
    expect(page.locator("#nav-admin-campaigns")).to_have_count(0)
    page.goto(f"{app_url}/admin/campaigns")
    expect(page.locator("#access-error")).to_be_visible()
    expect(page.locator("#campaign-create")).to_have_count(0)


def test_a_shop_plans_for_its_own_customers_and_sets_a_promotion(
    browser: Browser, app_url: str, row_count
):
    page = _desktop(browser, app_url, MERCHANT_PHONE, "/merchant")
    page.goto(f"{app_url}/merchant/campaigns")
    expect(page.locator("#campaign-own")).to_contain_text("本店客户")
    expect(page.locator("#campaign-segment")).to_have_count(0)
    page.locator("#campaign-name").fill("店庆回馈")
    page.locator("#campaign-create").click()
    expect(page.locator("[data-sonner-toast]").get_by_text("已创建「店庆回馈」")).to_be_visible()
    page.locator(".campaigns-row").filter(has_text="店庆回馈").locator(".campaign-open").click()
    expect(page.locator("#campaign-title")).to_have_text("店庆回馈")
    expect(page.locator("#campaign-audience")).to_have_text("本店客户")
    page.locator("#campaign-start").click()
    expect(page.locator("#campaign-status")).to_have_text("进行中")
    expect(page.locator("#live-members")).not_to_have_text("0")
    page.goto(f"{app_url}/merchant/promotions")
    expect(page.locator(".promotions-row").first).to_contain_text("8折")  # the page has loaded
    before = row_count("promotion")
    page.locator("#promotion-name").fill("店庆满减")
    page.locator("#promotion-tier1_threshold").fill("200")
    page.locator("#promotion-tier1_off").fill("30")
    page.locator("#promotion-tier2_threshold").fill("150")
    page.locator("#promotion-tier2_off").fill("50")
    page.locator("#promotion-save").click()
    expect(page.locator("#promotion-error")).to_have_text("满减档位的门槛和减免金额都要逐档递增")
    assert row_count("promotion") == before
    page.locator("#promotion-tier2_threshold").fill("400")
    page.locator("#promotion-tier2_off").fill("80")
    page.locator("#promotion-save").click()
    expect(page.locator("[data-sonner-toast]").get_by_text("已保存「店庆满减」")).to_be_visible()
    expect(page.locator(".promotions-row").filter(has_text="店庆满减")).to_contain_text(
        "满¥200减¥30"
    )
    assert row_count("promotion") == before + 1


def test_a_friend_signs_up_through_an_invite_and_both_are_rewarded_once(
    browser: Browser, app_url: str, app_engine
):
    inviter = browser.new_context(locale="zh-CN").new_page()
    log_in(inviter, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(inviter).to_have_url(at(app_url, "/"))
    inviter.goto(f"{app_url}/me/invite")
    expect(inviter.locator("#invite-reward")).to_contain_text("1000 积分")
    code = inviter.locator("#invite-code").inner_text()
    link = inviter.locator("#invite-link").inner_text()
    assert link.endswith(f"/signup?invite={code}")

    friend = browser.new_context(locale="zh-CN").new_page()
    phone = f"176{random.randint(10_000_000, 99_999_999)}"
    friend.goto(f"{app_url}/signup?invite={code}")
    friend.locator("#phone").fill(phone)
    enter_signup_code(friend, app_engine, phone)
    friend.locator("#password").fill("friend2026")
    friend.locator("#display_name").fill("被邀请的朋友")
    friend.locator("#submit").click()
    expect(friend).to_have_url(at(app_url, "/"))
    with Session(app_engine, expire_on_commit=False) as s:
        invitation = s.exec(select(Invitation).order_by(col(Invitation.id).desc())).first()
        friend_id = invitation.invitee_id
        assert s.get(User, friend_id).display_name == "被邀请的朋友"
        paid_order(s, friend_id, utcnow(), 12_800)
        assert marketing.reward_invitations(s, utcnow() + timedelta(seconds=1)) == 1
        assert marketing.reward_invitations(s, utcnow() + timedelta(seconds=2)) == 0
        rewards = s.exec(
            select(PointsEntry.user_id).where(
                col(PointsEntry.key).contains(f"invite:{invitation.id}:")
            )
        ).all()
        assert sorted(rewards) == sorted([invitation.inviter_id, friend_id])

    inviter.reload()
    row = inviter.locator(".invite-friend").filter(has_text="被邀请的朋友")
    expect(row).to_contain_text("已发奖励")
    expect(row).to_contain_text(phone[-4:])
