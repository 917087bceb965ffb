"""After the job: one review per completed order, ratings update; complaints are followed."""

from __future__ import annotations

import pytest
from sqlmodel import select

from salon_app.core.errors import DomainError
from salon_app.core.models import Complaint, Review, Technician
from salon_app.core.services import orders
from salon_app.core.services.feedback import complaints, reviews
from salon_app.core.services.feedback.reviews import review_score
from tests.support import journeys
from tests.support.journeys import complete, mark_paid
from tests.support.orders import pending_order


def _tech(session, order):
    from salon_app.core.models import User
    from salon_app.core.services.access import Actor

    tech = session.get(Technician, order.technician_id)
    user = session.get(User, tech.user_id)
    return Actor(user.id, "technician", user.display_name, tech.merchant_id, tech.id)


@pytest.fixture
def order(demo_session, customer):
    return pending_order(demo_session, customer)


def test_review_after_completion_updates_the_technicians_rating(demo_session, customer, order):
    complete(demo_session, order)
    tech = demo_session.get(Technician, order.technician_id)
    count, total = tech.rating_count, tech.rating_sum
    reviews.review_order(demo_session, customer, order.code, 5, 4, 3, "不错")
    demo_session.refresh(tech)
    assert tech.rating_count == count + 1
    assert tech.rating_sum == total + review_score(5, 4, 3) == total + 400
    assert demo_session.get(type(order), order.id).status == "reviewed"
    latest = reviews.technician_reviews(demo_session, tech.id, limit=1)[0]
    assert (latest.text, latest.skill) == ("不错", 4)


@pytest.mark.parametrize(
    ("prepare", "ratings", "text", "key"),
    [
        ("pending", (5, 5, 5), "", "review.not_completed"),
        ("paid", (5, 5, 5), "", "review.not_completed"),
        ("completed", (6, 5, 5), "", "review.rating_range"),
        ("completed", (0, 5, 5), "", "review.rating_range"),
        ("completed", (5, 5, 5), "好" * 501, "validation.too_long"),
    ],
)
def test_bad_reviews_are_refused_and_store_nothing(
    demo_session, customer, order, prepare, ratings, text, key
):
    if prepare == "paid":
        mark_paid(demo_session, order)
    elif prepare == "completed":
        complete(demo_session, order)
    before = len(demo_session.exec(select(Review)).all())
    with pytest.raises(DomainError) as err:
        reviews.review_order(demo_session, customer, order.code, *ratings, text)
    assert err.value.key == key
    assert len(demo_session.exec(select(Review)).all()) == before


def test_an_order_is_reviewed_only_once(demo_session, customer, order):
    complete(demo_session, order)
    reviews.review_order(demo_session, customer, order.code, 5, 5, 5)
    with pytest.raises(DomainError) as err:
        reviews.review_order(demo_session, customer, order.code, 1, 1, 1)
    assert err.value.key == "review.already_reviewed"


def test_someone_elses_order_cannot_be_reviewed(demo_session, order):
    complete(demo_session, order)
    stranger = journeys.sign_up(demo_session, "17600000005", "hello2026", "陌生人")
    with pytest.raises(DomainError) as err:
        reviews.review_order(demo_session, stranger, order.code, 5, 5, 5)
    assert err.value.key == "order.not_found"


def test_complaint_and_after_sales_are_filed_and_followed(demo_session, customer, order):
    complete(demo_session, order)
    complaints.open_complaint(demo_session, customer, order.code, "complaint", "迟到了二十分钟")
    complaints.open_complaint(
        demo_session, customer, order.code, "after_sales", "发尾不齐，想修一下"
    )
    filed = complaints.order_complaints(demo_session, customer, order.code)
    assert [(c.kind, c.status) for c in filed] == [("complaint", "open"), ("after_sales", "open")]
    tech = _tech(demo_session, order)
    assert [c.reason for c in complaints.job_complaints(demo_session, tech, order.code)] == [
        "迟到了二十分钟",
        "发尾不齐，想修一下",
    ]
    other = journeys.sign_up(
        demo_session, "17600000011", "hello2026", "别的技师", role="technician"
    )
    with pytest.raises(DomainError) as err:
        complaints.job_complaints(demo_session, other, order.code)
    assert err.value.key == "order.not_found"


@pytest.mark.parametrize(
    ("prepare", "kind", "reason", "key"),
    [
        ("pending", "complaint", "还没付款", "complaint.not_allowed_complaint"),
        ("paid", "after_sales", "还没做", "complaint.not_allowed_after_sales"),
        ("completed", "refund_me", "随便", "complaint.unknown_kind"),
        ("completed", "complaint", "   ", "validation.required"),
        ("completed", "complaint", "长" * 501, "validation.too_long"),
    ],
)
def test_bad_complaints_are_refused(demo_session, customer, order, prepare, kind, reason, key):
    if prepare == "paid":
        mark_paid(demo_session, order)
    elif prepare == "completed":
        complete(demo_session, order)
    with pytest.raises(DomainError) as err:
        complaints.open_complaint(demo_session, customer, order.code, kind, reason)
    assert err.value.key == key
    assert demo_session.exec(select(Complaint).where(Complaint.order_id == order.id)).all() == []


def test_my_orders_tabs_follow_the_order(demo_session, customer, order):
    def tab_of(code: str) -> str:
        for tab in orders.TABS:
            if any(o.code == code for o in orders.my_orders(demo_session, customer, tab)):
                return tab
        return ""

    assert tab_of(order.code) == "pending_payment"
    mark_paid(demo_session, order)
    assert tab_of(order.code) == "pending_service"
    complete(demo_session, order)
    assert tab_of(order.code) == "completed"
    detail = orders.order_detail(demo_session, customer, order.code)
    assert [e.kind for e in detail.timeline] == [
        "created",
        "paid",
        "accepted",
        "departed",
        "arrived",
        "started",
        "completed",
    ]
    assert detail.contact_open  # completed just now: the relay number still connects


def test_technician_contact_is_closed_until_accepted(demo_session, customer, order):
    assert not orders.order_detail(demo_session, customer, order.code).contact_open


def test_progress_steps_cannot_be_skipped(demo_session, order):
    from salon_app.core.services.orders.flow import transition

    mark_paid(demo_session, order)
    with pytest.raises(DomainError) as err:
        transition(demo_session, order, "completed", None)
    assert err.value.key == "order.illegal_transition"
    transition(demo_session, order, "departed", None)
    with pytest.raises(DomainError):
        transition(demo_session, order, "started", None)  # not arrived yet
