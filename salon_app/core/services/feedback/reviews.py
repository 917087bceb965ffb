"""After a completed job the customer rates attitude, skill and effect (1-5) once.

A review's photos are public: they show with the review on the technician's profile and on
the service page, so they are stored in the public upload folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.models import OrderItem, Review, Technician, User
from salon_app.core.models import OrderStatus as S
from salon_app.core.services.access import Actor
from salon_app.core.services.orders import own_order, transition
from salon_app.core.services.photos import discarded_on_failure, prepare_photos

TEXT_MAX = 500


@dataclass(frozen=True)
class ReviewView:
    customer_name: str
    attitude: int
    skill: int
    effect: int
    text: str
    created_at: datetime
    merchant_reply: str
    photo_urls: list[str]


def review_score(attitude: int, skill: int, effect: int) -> int:
    """A review's score x100: the mean of its three ratings (4.67 -> 467)."""
    return round((attitude + skill + effect) * 100 / 3)


def review_order(
    session: Session,
    actor: Actor | None,
    code: str,
    attitude: int,
    skill: int,
    effect: int,
    text: str = "",
    photos: list[bytes] | None = None,
) -> Review:
    """Only the customer, only once, only after the technician finished the job.

    `photos` are the uploaded bytes (up to the photos_max setting), never URLs: each must be a
    real image; they are re-encoded and stored publicly only once everything else is valid."""
    order = own_order(session, actor, code)
    ratings = (attitude, skill, effect)
    if not all(isinstance(r, int) and 1 <= r <= 5 for r in ratings):
        raise DomainError("review.rating_range")
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise DomainError("validation.too_long", field="field.review", max=TEXT_MAX)
    if order.status == S.reviewed:
        raise DomainError("review.already_reviewed")
    if order.status != S.completed:
        raise DomainError("review.not_completed")
    urls = [storage.save_public(jpeg) for jpeg in prepare_photos(photos)]  # all checked first
    review = Review(
        order_id=order.id,
        customer_id=order.customer_id,
        technician_id=order.technician_id,
        attitude=attitude,
        skill=skill,
        effect=effect,
        text=text,
        photo_urls=urls,
        created_at=utcnow(),
    )
    try:
        with discarded_on_failure(session, urls, []):
            session.add(review)
            transition(session, order, "reviewed", actor.user_id)
            # Atomic increments: two reviews of one technician at once both count.
            session.execute(
                update(Technician)
                .where(Technician.id == order.technician_id)
                .values(
                    rating_count=Technician.rating_count + 1,
                    rating_sum=Technician.rating_sum + review_score(*ratings),
                )
            )
            session.commit()
    except IntegrityError as exc:  # the same order reviewed twice at once
        raise DomainError("review.already_reviewed") from exc
    return review


def _view(r: Review, customer_name: str) -> ReviewView:
    return ReviewView(
        customer_name,
        r.attitude,
        r.skill,
        r.effect,
        r.text,
        r.created_at,
        r.merchant_reply,
        list(r.photo_urls),
    )


def technician_reviews(session: Session, technician_id: int, limit: int = 10) -> list[ReviewView]:
    """Public: the latest reviews on a technician's profile."""
    rows = session.exec(
        select(Review, User.display_name)
        .join(User, User.id == Review.customer_id)
        .where(Review.technician_id == technician_id)
        .order_by(Review.created_at.desc())
        .limit(limit)
    ).all()
    return [_view(r, name) for r, name in rows]


def service_reviews(session: Session, service_id: int, limit: int = 5) -> list[ReviewView]:
    """Public: the latest reviews of orders that included this service."""
    rows = session.exec(
        select(Review, User.display_name)
        .join(User, User.id == Review.customer_id)
        .join(OrderItem, OrderItem.order_id == Review.order_id)
        .where(OrderItem.service_id == service_id)
        .order_by(Review.created_at.desc())
        .limit(limit)
    ).all()
    return [_view(r, name) for r, name in rows]
