"""The shop's answers to reviews: one reply per review, editable; reports to the platform.

A shop sees and answers the reviews of orders done for it (Order.merchant_id); any other
review is "not found". The reply is the review's merchant_reply: the first reply sets
replied_at, each later change sets reply_edited_at, and the customer is notified of both
(saving the same text again changes nothing and notifies nobody). A shop never edits or
hides a review: it can only report it to the platform with a reason, once per review; the
platform decides later (ReviewReport.status).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Order, Review, ReviewReport, Technician, User
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.merchants.shop_roles import Capability, require_shop
from salon_app.core.services.notifications import notify

REPLY_MAX = 500
REPORT_REASON_MAX = 500
PAGE_SIZE_MAX = 100


@dataclass(frozen=True)
class ReviewQuery:
    """The review table's controls: only unanswered, only low ratings, text search, paging."""

    unreplied_only: bool = False
    score_max: int | None = None  # 1-5: reviews whose lowest rating is at most this
    search: str = ""  # in the review text or the technician's name
    page: int = 1
    page_size: int = 20


@dataclass(frozen=True)
class ShopReviewRow:
    id: int
    order_code: str
    technician_name: str
    customer_name: str
    attitude: int
    skill: int
    effect: int
    text: str
    photo_urls: list[str]
    created_at: datetime
    reply: str
    replied_at: datetime | None
    reply_edited_at: datetime | None
    reported: bool


@dataclass(frozen=True)
class ReviewPage:
    rows: list[ShopReviewRow]
    total: int
    page: int
    page_size: int


def _shop_review(session: Session, merchant_id: int, review_id: int) -> tuple[Review, Order]:
    row = session.exec(
        select(Review, Order)
        .join(Order, col(Order.id) == Review.order_id)
        .where(Review.id == review_id)
    ).first()
    if row is None or row[1].merchant_id != merchant_id:
        raise DomainError("review_reply.not_found")
    return row[0], row[1]


def shop_reviews(session: Session, actor: Actor | None, query: ReviewQuery) -> ReviewPage:
    """The reviews of the shop's orders, newest first, filtered and one page of them."""
    seat = require_shop(session, actor, Capability.view_shop)
    size = max(1, min(query.page_size, PAGE_SIZE_MAX))
    page = max(1, query.page)
    reported = exists().where(
        col(ReviewReport.review_id) == Review.id, ReviewReport.merchant_id == seat.merchant_id
    )
    base = (
        select(Review, Order.code, Technician.display_name, User.display_name, reported)
        .join(Order, col(Order.id) == Review.order_id)
        .join(Technician, col(Technician.id) == Review.technician_id)
        .join(User, col(User.id) == Review.customer_id)
        .where(Order.merchant_id == seat.merchant_id)
    )
    if query.unreplied_only:
        base = base.where(Review.merchant_reply == "")
    if query.score_max is not None:
        low = query.score_max
        base = base.where(or_(Review.attitude <= low, Review.skill <= low, Review.effect <= low))
    if query.search.strip():
        needle = f"%{query.search.strip()}%"
        base = base.where(
            or_(col(Review.text).like(needle), col(Technician.display_name).like(needle))
        )
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(
        base.order_by(col(Review.created_at).desc(), col(Review.id).desc())
        .offset((page - 1) * size)
        .limit(size)
    ).all()
    return ReviewPage(
        [
            ShopReviewRow(
                r.id,
                code,
                tech_name,
                customer_name,
                r.attitude,
                r.skill,
                r.effect,
                r.text,
                list(r.photo_urls),
                r.created_at,
                r.merchant_reply,
                r.replied_at,
                r.reply_edited_at,
                bool(was_reported),
            )
            for r, code, tech_name, customer_name, was_reported in rows
        ],
        total,
        page,
        size,
    )


def reply_to_review(session: Session, actor: Actor | None, review_id: int, text: str) -> Review:
    """Write or edit the shop's one reply to a review of its own order (rules above)."""
    seat = require_shop(session, actor, Capability.reply_reviews)
    text = (text or "").strip()
    if not text:
        raise DomainError("validation.required", field="field.reply")
    if len(text) > REPLY_MAX:
        raise DomainError("validation.too_long", field="field.reply", max=REPLY_MAX)
    review, order = _shop_review(session, seat.merchant_id, review_id)
    if text == review.merchant_reply:
        return review
    now = utcnow()
    first = review.replied_at is None
    review.merchant_reply = text
    if first:
        review.replied_at = now
    else:
        review.reply_edited_at = now
    key = "review_reply.replied_notice" if first else "review_reply.edited_notice"
    notify(session, review.customer_id, key, order.id, code=order.code)
    session.add(review)
    audit.record(session, actor, "shop.review_replied", "review", review.id, first=first)
    session.commit()
    return review


def report_review(
    session: Session, actor: Actor | None, review_id: int, reason: str
) -> ReviewReport:
    """Ask the platform to look at a review of the shop's order; once per review."""
    seat = require_shop(session, actor, Capability.reply_reviews)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("validation.required", field="field.reason")
    if len(reason) > REPORT_REASON_MAX:
        raise DomainError("validation.too_long", field="field.reason", max=REPORT_REASON_MAX)
    review, _ = _shop_review(session, seat.merchant_id, review_id)
    report = ReviewReport(
        review_id=review.id,
        merchant_id=seat.merchant_id,
        reason=reason,
        reported_by=seat.user_id,
        created_at=utcnow(),
    )
    session.add(report)
    audit.record(session, actor, "shop.review_reported", "review", review.id)
    try:
        session.commit()
    except IntegrityError as exc:  # reported already (or twice at once)
        session.rollback()
        raise DomainError("review_reply.already_reported") from exc
    return report
