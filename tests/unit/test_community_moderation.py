"""Moderating the community: three flags hide a post until a moderator decides (also when the
flags arrive at once, on SQLite and PostgreSQL), who moderates which board, every decision
audited, nothing said about a hidden post to anyone who may not see it."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from salon_app.core.errors import PermissionDenied
from salon_app.core.models import AuditEntry, Post, PostComment, PostFlag
from salon_app.core.paging import TableQuery
from salon_app.core.services import community
from tests.support.community import published, refused, staff, technicians
from tests.support.races import race


def _audit(session, action: str, post_id: int) -> int:
    rows = session.exec(
        select(AuditEntry).where(AuditEntry.action == action, AuditEntry.target_id == post_id)
    ).all()
    return len(rows)


def _queue(session, actor, queue: str) -> list[int]:
    query = TableQuery.of(community.SORTS, page_size=100, default_sort="created_at")
    return [r.post.id for r in community.moderation_queue(session, actor, queue, query).rows]


def test_three_members_flags_hide_a_post_until_a_moderator_restores_it(demo_session, tech, support):
    post_id = published(demo_session, tech, title="可疑的帖子")
    first, second, third, fourth = technicians(demo_session, 1, 4)
    assert community.flag(demo_session, first, post_id, "广告") is False
    with refused("community.already_flagged"):
        community.flag(demo_session, first, post_id)
    with refused("community.flag_own"):
        community.flag(demo_session, tech, post_id)
    assert community.flag(demo_session, second, post_id) is False
    assert post_id in _queue(demo_session, support, "flagged")
    assert community.flag(demo_session, third, post_id) is True
    titles = [r.title for r in community.list_posts(demo_session, fourth, "platform").rows]
    assert "可疑的帖子" not in titles
    with refused("community.not_found"):  # a comment on a hidden post
        community.add_comment(demo_session, fourth, post_id, "怎么了")
    with refused("community.post_hidden"):  # its author is told why
        community.add_comment(demo_session, tech, post_id, "我解释一下")
    assert community.post_detail(demo_session, tech, post_id).status == "hidden"
    assert post_id in _queue(demo_session, support, "hidden")
    assert _audit(demo_session, "community.hidden_by_flags", post_id) == 1
    assert community.decide(demo_session, support, post_id, "restore") == "published"
    assert _audit(demo_session, "community.restore", post_id) == 1
    assert community.flag(demo_session, fourth, post_id) is False  # the count starts again
    with refused("community.already_flagged"):  # who flagged before cannot again
        community.flag(demo_session, first, post_id)


def test_three_flags_at_once_hide_the_post_exactly_once(demo_engine, demo_session, tech):
    post_id = published(demo_session, tech, title="同时被举报")
    flaggers = technicians(demo_session, 2, 3)
    results = race(demo_engine, *(
        lambda s, who=who: community.flag(s, who, post_id) for who in flaggers
    ))  # fmt: skip
    assert sorted(results) == [False, False, True]
    with Session(demo_engine) as fresh:
        post = fresh.get(Post, post_id)
        assert (post.status, post.flag_count) == ("hidden", 3)
        flags = fresh.exec(select(PostFlag).where(PostFlag.post_id == post_id)).all()
        assert len(flags) == 3
        assert _audit(fresh, "community.hidden_by_flags", post_id) == 1


def test_one_members_flags_at_once_count_once(demo_engine, demo_session, tech):
    post_id = published(demo_session, tech)
    (who,) = technicians(demo_session, 2, 1)
    results = race(demo_engine, *(lambda s: community.flag(s, who, post_id) for _ in range(4)))
    assert sorted(results, key=str) == [False, *["community.already_flagged"] * 3]
    with Session(demo_engine) as fresh:
        assert fresh.get(Post, post_id).flag_count == 1


def test_shop_managers_moderate_their_own_board_only(demo_session, tech):
    shop_post = published(demo_session, tech, "shop")
    platform_post = published(demo_session, tech)
    manager = staff(demo_session, 1, "manager")
    front_desk = staff(demo_session, 1, "front_desk")
    other_owner = staff(demo_session, 2, "owner")
    assert community.decide(demo_session, manager, shop_post, "hide") == "hidden"
    assert _audit(demo_session, "community.hide", shop_post) == 1
    with pytest.raises(PermissionDenied):
        community.decide(demo_session, front_desk, shop_post, "restore")
    with refused("community.not_found"):
        community.decide(demo_session, other_owner, shop_post, "restore")
    with refused("community.not_found"):  # the platform board is not theirs
        community.decide(demo_session, manager, platform_post, "hide")
    with pytest.raises(PermissionDenied):  # a technician moderates nothing
        community.decide(demo_session, tech, shop_post, "restore")
    assert community.decide(demo_session, manager, shop_post, "restore") == "published"


@pytest.mark.parametrize("role", ["support", "operations", "admin"])
def test_platform_moderators_moderate_every_board(demo_session, tech, role, request):
    moderator = request.getfixturevalue(role)
    shop_post = published(demo_session, tech, "shop")
    assert community.decide(demo_session, moderator, shop_post, "delete") == "deleted"
    assert _audit(demo_session, "community.delete", shop_post) == 1
    with refused("community.not_found"):
        community.post_detail(demo_session, tech, shop_post)


@pytest.mark.parametrize("role", ["finance", "customer"])
def test_finance_and_customers_are_refused_every_moderation_service(
    demo_session, tech, role, request
):
    who = request.getfixturevalue(role)
    post_id = published(demo_session, tech)
    query = TableQuery.of(community.SORTS)
    for call in (
        lambda: community.decide(demo_session, who, post_id, "hide"),
        lambda: community.moderation_queue(demo_session, who, "pending", query),
        lambda: community.community_figures(demo_session, who),
        lambda: community.blocked_words(demo_session, who),
        lambda: community.add_blocked_word(demo_session, who, "坏词"),
        lambda: community.remove_blocked_word(demo_session, who, 1),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert demo_session.get(Post, post_id).status == "published"


def test_decisions_follow_the_posts_status(demo_session, tech, support):
    post_id = published(demo_session, tech)
    with refused("community.bad_decision"):
        community.decide(demo_session, support, post_id, "approve")
    with refused("community.bad_decision"):
        community.decide(demo_session, support, post_id, "restore")
    with refused("community.bad_decision"):
        community.decide(demo_session, support, post_id, "ban")
    community.decide(demo_session, support, post_id, "delete")
    with refused("community.not_found"):
        community.decide(demo_session, support, post_id, "restore")


def test_a_moderator_deletes_a_comment_and_an_accepted_answer_goes_with_it(
    demo_session, tech, support
):
    (helper,) = technicians(demo_session, 1, 1)
    post_id = published(demo_session, tech)
    answer = community.add_comment(demo_session, helper, post_id, "答案")
    community.accept_answer(demo_session, tech, post_id, answer)
    with pytest.raises(PermissionDenied):
        community.delete_comment(demo_session, helper, answer)
    community.delete_comment(demo_session, support, answer)
    assert community.post_detail(demo_session, tech, post_id).comments == []
    assert demo_session.get(Post, post_id).accepted_comment_id is None
    assert demo_session.get(PostComment, answer).deleted
    assert _audit(demo_session, "community.delete_comment", answer) == 1


def test_the_demo_has_a_pending_first_post_and_a_post_flagged_twice(demo_session, support):
    figures = community.community_figures(demo_session, support)
    assert figures.by_status["pending"] == 1 and figures.by_status["flagged"] == 1
    assert len(figures.days) == 14 and sum(d.posts for d in figures.days) >= 6
    pending = _queue(demo_session, support, "pending")
    assert demo_session.get(Post, pending[0]).title == "大家好，我是刚入行的新人"
    assert [w.word for w in community.blocked_words(demo_session, support)] == sorted(
        ["私下交易", "加v", "刷单", "代开发票"]
    )


def test_a_shops_board_page_shows_its_own_posts_to_its_staff(demo_session, tech):
    shop_post = published(demo_session, tech, "shop")
    platform_post = published(demo_session, tech)
    owner, front_desk = staff(demo_session, 1, "owner"), staff(demo_session, 1, "front_desk")
    assert shop_post in _queue(demo_session, owner, "all")
    assert platform_post not in _queue(demo_session, owner, "all")
    assert shop_post in _queue(demo_session, front_desk, "pending")  # no queue: the board
    assert _queue(demo_session, staff(demo_session, 2, "owner"), "all") == []
    with pytest.raises(PermissionDenied):
        _queue(demo_session, tech, "all")
