"""Review replies: one reply per review of the shop's own orders, editable, the customer told;
a shop never edits or hides a review, it can only report it to the platform."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import Notification, Order, Review, ReviewReport
from salon_app.core.services.merchants import (
    ReviewQuery,
    reply_to_review,
    report_review,
    shop_page,
    shop_reviews,
)
from tests.support.shops import FRONT_DESK, OTHER_OWNER, OWNER, login


def _review(session, merchant_id: int) -> Review:
    """The shop's newest review without a reply (the shop page shows the newest)."""
    query = (
        select(Review)
        .join(Order, Order.id == Review.order_id)
        .where(Order.merchant_id == merchant_id, Review.merchant_reply == "")
        .order_by(Review.created_at.desc(), Review.id.desc())
    )
    return session.exec(query).first()


def _notes(session, user_id: int) -> list[str]:
    rows = session.exec(
        select(Notification.key)
        .where(Notification.user_id == user_id, Notification.key.like("review_reply.%"))
        .order_by(Notification.id)
    ).all()
    return list(rows)


def test_the_front_desk_replies_and_the_customer_sees_it(demo_session):
    desk = login(demo_session, FRONT_DESK)
    review = _review(demo_session, desk.merchant_id)
    text_before = review.text
    reply_to_review(demo_session, desk, review.id, "感谢您的支持，期待再次光临！")
    demo_session.refresh(review)
    assert review.merchant_reply == "感谢您的支持，期待再次光临！" and review.replied_at
    assert review.reply_edited_at is None and review.text == text_before
    assert _notes(demo_session, review.customer_id) == ["review_reply.replied_notice"]
    shown = {r.id: r for r in shop_page(demo_session, desk.merchant_id).reviews}
    assert shown[review.id].reply == "感谢您的支持，期待再次光临！"


def test_an_edited_reply_tells_the_customer_again_and_the_same_text_does_not(demo_session):
    owner = login(demo_session, OWNER)
    review = _review(demo_session, owner.merchant_id)
    reply_to_review(demo_session, owner, review.id, "谢谢！")
    first_at = demo_session.get(Review, review.id).replied_at
    reply_to_review(demo_session, owner, review.id, "谢谢您的好评！")
    reply_to_review(demo_session, owner, review.id, "谢谢您的好评！")  # a double click
    row = demo_session.get(Review, review.id)
    assert row.merchant_reply == "谢谢您的好评！" and row.replied_at == first_at
    assert row.reply_edited_at is not None
    assert _notes(demo_session, review.customer_id) == [
        "review_reply.replied_notice",
        "review_reply.edited_notice",
    ]


def test_a_reply_on_another_shops_review_is_refused(demo_session):
    other = login(demo_session, OTHER_OWNER)
    review = _review(demo_session, login(demo_session, OWNER).merchant_id)
    with pytest.raises(DomainError) as err:
        reply_to_review(demo_session, other, review.id, "不是我们店的")
    assert err.value.key == "review_reply.not_found"
    with pytest.raises(DomainError) as err:
        report_review(demo_session, other, review.id, "恶意差评")
    assert err.value.key == "review_reply.not_found"
    demo_session.refresh(review)
    assert review.merchant_reply == "" and _notes(demo_session, review.customer_id) == []
    assert review.id not in {r.id for r in shop_reviews(demo_session, other, ReviewQuery()).rows}


@pytest.mark.parametrize(
    ("text", "key"), [("  ", "validation.required"), ("长" * 501, "validation.too_long")]
)
def test_a_bad_reply_changes_nothing(demo_session, text, key):
    owner = login(demo_session, OWNER)
    review = _review(demo_session, owner.merchant_id)
    with pytest.raises(DomainError) as err:
        reply_to_review(demo_session, owner, review.id, text)
    assert err.value.key == key
    demo_session.refresh(review)
    assert review.merchant_reply == ""


def test_a_review_is_reported_once_and_stays_as_it_is(demo_session):
    owner = login(demo_session, OWNER)
    review = _review(demo_session, owner.merchant_id)
    report = report_review(demo_session, owner, review.id, "顾客并未到店，评价与事实不符")
    assert report.status == "open"
    with pytest.raises(DomainError) as err:
        report_review(demo_session, owner, review.id, "再举报一次")
    assert err.value.key == "review_reply.already_reported"
    with pytest.raises(DomainError) as err:
        report_review(demo_session, owner, review.id, "")
    assert err.value.key == "validation.required"
    count = select(func.count()).select_from(ReviewReport)
    assert demo_session.exec(count).one() == 1
    assert demo_session.get(Review, review.id).text == review.text
    rows = shop_reviews(demo_session, owner, ReviewQuery(page_size=100)).rows
    assert next(r for r in rows if r.id == review.id).reported


def test_the_review_table_filters_and_pages(demo_session):
    owner = login(demo_session, OWNER)
    every = shop_reviews(demo_session, owner, ReviewQuery(page_size=100))
    assert every.total == len(every.rows) > 3
    assert [r.created_at for r in every.rows] == sorted(
        (r.created_at for r in every.rows), reverse=True
    )
    unreplied = shop_reviews(demo_session, owner, ReviewQuery(unreplied_only=True, page_size=100))
    assert all(r.reply == "" for r in unreplied.rows) and unreplied.total < every.total
    low = shop_reviews(demo_session, owner, ReviewQuery(score_max=3, page_size=100))
    assert all(min(r.attitude, r.skill, r.effect) <= 3 for r in low.rows)
    second = shop_reviews(demo_session, owner, ReviewQuery(page=2, page_size=2))
    assert [r.id for r in second.rows] == [r.id for r in every.rows[2:4]]
    name = every.rows[0].technician_name
    found = shop_reviews(demo_session, owner, ReviewQuery(search=name, page_size=100))
    assert found.rows and all(r.technician_name == name or name in r.text for r in found.rows)


def test_only_shop_staff_see_the_review_table(demo_session, customer, tech):
    for actor in (customer, tech, None):
        with pytest.raises(PermissionDenied):
            shop_reviews(demo_session, actor, ReviewQuery())
