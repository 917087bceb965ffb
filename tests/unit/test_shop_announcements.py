"""Announcements: drafts, publishing to an audience exactly once, expiry, pinning, and where
customers see them (the shop page and their notifications)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import func, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import Notification, Order, Role, User
from salon_app.core.models import OrderStatus as S
from salon_app.core.services.merchants import (
    AnnouncementDraft,
    delete_draft,
    expire_announcement,
    pin_announcement,
    publish_announcement,
    save_announcement,
    shop_announcements,
    shop_page,
)
from salon_app.core.services.notifications import my_notifications
from tests.support import journeys
from tests.support.races import race
from tests.support.shops import FRONT_DESK, MANAGER, OTHER_OWNER, OWNER, login

NEWS = AnnouncementDraft("周年店庆", "本周六全场八折，欢迎预约。")


def _notices(session) -> int:
    query = select(func.count()).where(Notification.key == "announcement.notice")
    return session.exec(query.select_from(Notification)).one()


def _customers(session) -> int:
    query = select(func.count()).where(User.role == Role.customer, User.is_active)
    return session.exec(query.select_from(User)).one()


def test_a_draft_is_seen_by_the_shop_only_until_published(demo_session, customer):
    owner = login(demo_session, OWNER)
    draft = save_announcement(demo_session, owner, NEWS)
    assert draft.state == "draft" and draft.published_at is None
    page = shop_page(demo_session, owner.merchant_id)
    assert "周年店庆" not in {a.title for a in page.announcements}
    assert _notices(demo_session) == 0
    published = publish_announcement(demo_session, owner, draft.id)
    assert published.state == "published" and published.notified == _customers(demo_session)
    assert _notices(demo_session) == _customers(demo_session)
    note = my_notifications(demo_session, customer, 1)[0]
    assert note.key == "announcement.notice"
    assert note.params["title"] == "周年店庆" and note.params["announcement_id"] == draft.id


def test_publishing_twice_notifies_once(demo_session, demo_engine):
    owner = login(demo_session, OWNER)
    draft = save_announcement(demo_session, owner, NEWS)

    def click(session) -> str:
        return publish_announcement(session, owner, draft.id).state

    assert race(demo_engine, click, click, click) == ["published"] * 3
    publish_announcement(demo_session, owner, draft.id)
    assert _notices(demo_session) == _customers(demo_session)


def test_past_customers_are_those_with_a_completed_order_here(demo_session):
    owner = login(demo_session, OWNER)
    newcomer = journeys.sign_up(demo_session, "17600000003", "hello2026", "新顾客")
    draft = save_announcement(
        demo_session,
        owner,
        AnnouncementDraft("老顾客专享", "回头客赠送护理一次。", "past_customers"),
    )
    publish_announcement(demo_session, owner, draft.id)
    served = set(
        demo_session.exec(
            select(Order.customer_id)
            .join(User, User.id == Order.customer_id)
            .where(
                Order.merchant_id == owner.merchant_id,
                Order.status.in_([S.completed, S.reviewed]),
                User.is_active,  # the demo city has a disabled customer: not told
            )
        ).all()
    )
    told = set(
        demo_session.exec(
            select(Notification.user_id).where(Notification.key == "announcement.notice")
        ).all()
    )
    assert told == served and served and newcomer.user_id not in told


def test_the_shop_page_shows_pinned_first_then_newest_and_hides_expired(demo_session):
    owner = login(demo_session, OWNER)
    old = publish_announcement(demo_session, owner, save_announcement(demo_session, owner, NEWS).id)
    new = save_announcement(demo_session, owner, AnnouncementDraft("新品", "新品上线。"))
    new = publish_announcement(demo_session, owner, new.id)
    pin_announcement(demo_session, owner, old.id, True)
    shown = shop_page(demo_session, owner.merchant_id).announcements
    pinned, unpinned = [a for a in shown if a.pinned], [a for a in shown if not a.pinned]
    assert shown == pinned + unpinned
    assert {a.title for a in pinned} == {"周年店庆", "元旦假期照常营业"}
    assert unpinned[0].title == "新品"  # newest first
    expire_announcement(demo_session, owner, new.id)
    shown = shop_page(demo_session, owner.merchant_id).announcements
    assert "新品" not in {a.title for a in shown}
    states = {a.title: a.state for a in shop_announcements(demo_session, owner)}
    assert states["新品"] == "expired" and states["新款护发疗程预告"] == "draft"


def test_an_announcement_with_an_expiry_disappears_by_itself(demo_session):
    owner = login(demo_session, OWNER)
    soon = utcnow() + timedelta(hours=1)
    draft = save_announcement(
        demo_session, owner, AnnouncementDraft("限时", "一小时内有效。", expires_at=soon)
    )
    publish_announcement(demo_session, owner, draft.id)
    later = utcnow() + timedelta(hours=2)
    assert "限时" in {a.title for a in shop_page(demo_session, owner.merchant_id).announcements}
    assert "限时" not in {
        a.title for a in shop_page(demo_session, owner.merchant_id, now=later).announcements
    }


@pytest.mark.parametrize(
    ("draft", "key"),
    [
        (AnnouncementDraft("", "内容"), "validation.required"),
        (AnnouncementDraft("标" * 81, "内容"), "validation.too_long"),
        (AnnouncementDraft("标题", "字" * 2001), "validation.too_long"),
        (AnnouncementDraft("标题", "内容", "everyone"), "announcement.audience_invalid"),
        (
            AnnouncementDraft("标题", "内容", expires_at=utcnow() - timedelta(minutes=1)),
            "announcement.expiry_in_past",
        ),
    ],
)
def test_bad_announcements_change_nothing(demo_session, draft, key):
    owner = login(demo_session, OWNER)
    before = len(shop_announcements(demo_session, owner))
    with pytest.raises(DomainError) as err:
        save_announcement(demo_session, owner, draft)
    assert err.value.key == key
    assert len(shop_announcements(demo_session, owner)) == before


def test_a_published_announcement_keeps_its_audience_and_is_never_deleted(demo_session):
    owner = login(demo_session, OWNER)
    published = publish_announcement(
        demo_session, owner, save_announcement(demo_session, owner, NEWS).id
    )
    fixed = AnnouncementDraft("周年店庆", "改一下内容", "past_customers")
    with pytest.raises(DomainError) as err:
        save_announcement(demo_session, owner, fixed, published.id)
    assert err.value.key == "announcement.audience_fixed"
    edited = save_announcement(
        demo_session, owner, AnnouncementDraft("周年店庆", "改正错字"), published.id
    )
    assert edited.body == "改正错字" and edited.state == "published"
    with pytest.raises(DomainError) as err:
        delete_draft(demo_session, owner, published.id)
    assert err.value.key == "announcement.not_a_draft"
    assert _notices(demo_session) == _customers(demo_session)  # the edit told nobody again


def test_the_manager_publishes_and_the_front_desk_may_not(demo_session):
    manager, desk = login(demo_session, MANAGER), login(demo_session, FRONT_DESK)
    draft = save_announcement(demo_session, manager, NEWS)
    with pytest.raises(PermissionDenied):
        publish_announcement(demo_session, desk, draft.id)
    with pytest.raises(PermissionDenied):
        save_announcement(demo_session, desk, NEWS)
    publish_announcement(demo_session, manager, draft.id)


def test_another_shop_cannot_see_or_touch_the_announcements(demo_session):
    owner, other = login(demo_session, OWNER), login(demo_session, OTHER_OWNER)
    draft = save_announcement(demo_session, owner, NEWS)
    for call in (
        lambda: publish_announcement(demo_session, other, draft.id),
        lambda: save_announcement(demo_session, other, NEWS, draft.id),
        lambda: expire_announcement(demo_session, other, draft.id),
        lambda: pin_announcement(demo_session, other, draft.id, True),
        lambda: delete_draft(demo_session, other, draft.id),
    ):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.key == "announcement.not_found"
    assert "周年店庆" not in {a.title for a in shop_announcements(demo_session, other)}
    assert _notices(demo_session) == 0
