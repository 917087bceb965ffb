"""The community's boards and posts: who sees what, the first-post rule, limits, the word
filter, comments and their notifications, the accepted answer, likes once."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlmodel import func, select

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.integrations.storage.files import public_dir
from salon_app.core.models import Notification, Post, PostComment, PostLike
from salon_app.core.services import community
from tests.support.community import published, refused, staff, technicians


def _count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _titles(session, actor, board="platform", **kw) -> list[str]:
    return [r.title for r in community.list_posts(session, actor, board, **kw).rows]


# -- boards and visibility ------------------------------------------------------------------


def test_a_shops_private_board_is_invisible_to_another_shops_technician(demo_session, tech):
    post_id = published(demo_session, tech, "shop", title="本店内部消息")
    (other,) = technicians(demo_session, 2, 1, skip=0)
    assert "本店内部消息" in _titles(demo_session, tech, "shop")
    assert "本店内部消息" not in _titles(demo_session, other, "shop")  # their own shop's board
    for call in (
        lambda: community.post_detail(demo_session, other, post_id),
        lambda: community.add_comment(demo_session, other, post_id, "看看"),
        lambda: community.like(demo_session, other, post_id),
        lambda: community.flag(demo_session, other, post_id),
    ):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.key == "community.not_found"
    assert demo_session.exec(select(PostComment).where(PostComment.post_id == post_id)).all() == []


def test_an_independent_technician_has_only_the_platform_board(demo_session):
    (independent,) = technicians(demo_session, None, 1, skip=0)
    assert community.my_boards(demo_session, independent) == ["platform"]
    with refused("community.not_found"):
        community.list_posts(demo_session, independent, "shop")


def test_shop_staff_use_their_shops_board_and_customers_none(demo_session, tech, customer):
    front_desk = staff(demo_session, 1, "front_desk")
    assert community.my_boards(demo_session, front_desk) == ["shop"]
    assert community.my_boards(demo_session, tech) == ["platform", "shop"]
    with refused("community.not_found"):
        community.list_posts(demo_session, front_desk, "platform")
    with pytest.raises(PermissionDenied):
        community.list_posts(demo_session, customer, "platform")


def test_the_list_searches_filters_by_category_and_pages(demo_session, tech):
    for i in range(12):
        published(demo_session, tech, title=f"分页帖{i:02d}", category="nails")
    first = community.list_posts(demo_session, tech, "platform", search="分页帖", category="nails")
    assert first.total == 12 and len(first.rows) == 10 and first.rows[0].title == "分页帖11"
    second = community.list_posts(demo_session, tech, "platform", search="分页帖", page=2)
    assert [r.title for r in second.rows] == ["分页帖01", "分页帖00"]
    assert _titles(demo_session, tech, search="分页帖", category="hair") == []


# -- the first post waits -------------------------------------------------------------------


def test_a_new_members_first_post_waits_until_a_moderator_approves_it(demo_session, tech, support):
    newbie, reader = technicians(demo_session, 2, 2)
    written = community.create_post(
        demo_session, newbie, "platform", "新人报到", "请多关照", "other"
    )
    assert written.status == "pending"
    assert "新人报到" in _titles(demo_session, newbie)  # its author sees it
    assert "新人报到" not in _titles(demo_session, reader)
    with refused("community.not_found"):
        community.post_detail(demo_session, reader, written.id)
    with refused("community.post_not_open"):
        community.add_comment(demo_session, newbie, written.id, "顶")
    assert community.decide(demo_session, support, written.id, "approve") == "published"
    assert "新人报到" in _titles(demo_session, reader)
    second = community.create_post(demo_session, newbie, "platform", "第二帖", "正文", "hair")
    assert second.status == "published"  # no longer new
    notes = demo_session.exec(
        select(Notification.key).where(Notification.user_id == newbie.user_id)
    )
    assert "community.notice_approved" in notes.all()


def test_a_moderator_of_the_board_publishes_at_once(demo_session):
    owner = staff(demo_session, 1, "owner")
    written = community.create_post(demo_session, owner, "shop", "店长通知", "周五开会", "other")
    assert written.status == "published"


# -- bad input ------------------------------------------------------------------------------


def test_a_post_of_100000_characters_is_refused_and_nothing_is_stored(demo_session, tech):
    before = _count(demo_session, Post)
    with pytest.raises(DomainError) as err:
        community.create_post(demo_session, tech, "platform", "长文", "字" * 100_000, "hair")
    assert err.value.key == "community.too_long" and err.value.params == {"max": 5000}
    assert _count(demo_session, Post) == before


@pytest.mark.parametrize(
    ("title", "body", "category", "key"),
    [
        ("", "正文", "hair", "community.title_required"),
        ("   ", "正文", "hair", "community.title_required"),
        ("标题", "", "hair", "community.body_required"),
        ("题" * 61, "正文", "hair", "community.too_long"),
        ("标题", "正文", "cooking", "community.bad_category"),
        ("标题", None, "hair", "community.body_required"),
    ],
)
def test_bad_posts_are_refused(demo_session, tech, title, body, category, key):
    before = _count(demo_session, Post)
    with pytest.raises(DomainError) as err:
        community.create_post(demo_session, tech, "platform", title, body, category)
    assert err.value.key == key
    assert _count(demo_session, Post) == before


def test_too_many_or_broken_images_are_refused_and_no_file_is_kept(demo_session, tech):
    files = set(public_dir().glob("*")) if public_dir().exists() else set()
    before = _count(demo_session, Post)
    with refused("community.too_many_images"):
        community.create_post(demo_session, tech, "platform", "图", "文", "hair", [_png()] * 7)
    with pytest.raises(DomainError):
        community.create_post(demo_session, tech, "platform", "图", "文", "hair", [_png(), b"?"])
    assert _count(demo_session, Post) == before
    assert (set(public_dir().glob("*")) if public_dir().exists() else set()) == files


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "pink").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_post_with_a_picture_keeps_it(demo_session, tech):
    post_id = published(demo_session, tech, images=[_png()])
    (url,) = community.post_detail(demo_session, tech, post_id).images
    assert url.startswith("/_upload/") and url.endswith(".jpg")


# -- the word filter ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "要不要私下交易",
        "私 下 交 易",
        "私.下-交_易!",
        "加V聊",
        "加 ｖ",
        "刷　单",
        "代開發票",
        "SHUA刷单",
    ],
)
def test_the_word_filter_refuses_listed_words_in_any_disguise(demo_session, tech, text):
    before = (_count(demo_session, Post), _count(demo_session, PostComment))
    with refused("community.blocked_word"):
        community.create_post(demo_session, tech, "platform", "标题", text, "other")
    post_id = published(demo_session, tech)
    with refused("community.blocked_word"):
        community.add_comment(demo_session, tech, post_id, text)
    assert _count(demo_session, PostComment) == before[1]


def test_the_word_filter_lets_ordinary_text_through(demo_session, tech):
    post_id = published(demo_session, tech, body="下单前请确认交易时间和地址，V领毛衣很好看")
    assert community.add_comment(demo_session, tech, post_id, "私信我，单独聊发型")


def test_platform_moderators_manage_the_word_list(demo_session, support, tech):
    word = community.add_blocked_word(demo_session, support, " Spam Link ")
    assert word.word == "spamlink"
    with refused("community.word_exists"):
        community.add_blocked_word(demo_session, support, "SPAM-LINK")
    for bad in ("", " !! ", "长" * 21):
        with pytest.raises(DomainError):
            community.add_blocked_word(demo_session, support, bad)
    with refused("community.blocked_word"):
        community.create_post(demo_session, tech, "platform", "s p a m link", "正文", "other")
    community.remove_blocked_word(demo_session, support, word.id)
    assert "spamlink" not in [w.word for w in community.blocked_words(demo_session, support)]


# -- comments, notifications, accepted answer, likes ----------------------------------------


def _notes(session, user_id, key):
    rows = session.exec(
        select(Notification).where(Notification.user_id == user_id, Notification.key == key)
    ).all()
    return [n.params for n in rows]


def test_the_author_is_notified_of_replies_but_not_of_their_own(demo_session, tech):
    (other,) = technicians(demo_session, 1, 1)
    post_id = published(demo_session, tech, title="求助：漂发")
    community.add_comment(demo_session, other, post_id, "先做发质测试")
    community.add_comment(demo_session, tech, post_id, "谢谢")
    assert _notes(demo_session, tech.user_id, "community.notice_reply") == [
        {"name": other.display_name, "title": "求助：漂发"}
    ]
    assert _notes(demo_session, other.user_id, "community.notice_reply") == []


def test_only_the_author_accepts_another_members_answer(demo_session, tech):
    helper, bystander = technicians(demo_session, 1, 2)
    post_id = published(demo_session, tech)
    answer = community.add_comment(demo_session, helper, post_id, "这样做")
    own = community.add_comment(demo_session, tech, post_id, "补充一下")
    with refused("community.accept_author_only"):
        community.accept_answer(demo_session, bystander, post_id, answer)
    with refused("community.accept_own"):
        community.accept_answer(demo_session, tech, post_id, own)
    other_post = published(demo_session, bystander)
    elsewhere = community.add_comment(demo_session, helper, other_post, "别处的评论")
    with refused("community.comment_not_found"):
        community.accept_answer(demo_session, tech, post_id, elsewhere)
    community.accept_answer(demo_session, tech, post_id, answer)
    detail = community.post_detail(demo_session, tech, post_id)
    assert [c.accepted for c in detail.comments] == [True, False]
    assert _notes(demo_session, helper.user_id, "community.notice_accepted") == [
        {"title": "请教一个问题"}
    ]


def test_a_like_counts_once_per_person(demo_session, tech):
    (other,) = technicians(demo_session, 1, 1)
    post_id = published(demo_session, tech)
    community.like(demo_session, other, post_id)
    with refused("community.already_liked"):
        community.like(demo_session, other, post_id)
    community.like(demo_session, tech, post_id)
    detail = community.post_detail(demo_session, other, post_id)
    assert (detail.likes, detail.liked) == (2, True)
    community.unlike(demo_session, other, post_id)
    assert community.post_detail(demo_session, other, post_id).likes == 1
    assert len(demo_session.exec(select(PostLike).where(PostLike.post_id == post_id)).all()) == 1


def test_a_reply_on_another_shops_private_board_is_refused(demo_session, tech):
    post_id = published(demo_session, tech, "shop")
    (other,) = technicians(demo_session, 3, 1, skip=0)
    with refused("community.not_found"):
        community.add_comment(demo_session, other, post_id, "路过")
    assert demo_session.exec(select(PostComment).where(PostComment.post_id == post_id)).all() == []
