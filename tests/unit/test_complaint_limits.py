"""Complaint floods: one open request per order, a few per customer per day, none about an order
cancelled free of charge, and photos capped in number and bytes."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Complaint, Order, RateCounter
from salon_app.core.services.booking import changes as order_changes
from salon_app.core.services.feedback import complaint_limits, complaints
from salon_app.core.services.feedback.desk import handle_complaint
from salon_app.core.services.photos import photos_max
from salon_app.i18n import t
from tests.support.journeys import complete, mark_paid
from tests.support.orders import pending_order


@pytest.fixture
def done(demo_session, customer):
    return complete(demo_session, pending_order(demo_session, customer))


@pytest.fixture
def pinned(monkeypatch):
    """One instant for the whole test, so a day window cannot end half-way through it."""
    now = utcnow()
    monkeypatch.setattr("salon_app.core.services.feedback.complaints.utcnow", lambda: now)
    return now


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(out, "JPEG")
    return out.getvalue()


def _complaints(session, order) -> list[Complaint]:
    query = select(Complaint).where(Complaint.order_id == order.id).order_by(Complaint.id)
    return list(session.exec(query).all())


def _refused(call) -> str:
    with pytest.raises(DomainError) as err:
        call()
    return err.value.key


def test_a_second_open_complaint_on_an_order_is_refused(demo_session, customer, done):
    complaints.open_complaint(demo_session, customer, done.code, "complaint", "迟到了")
    before = _complaints(demo_session, done)
    key = _refused(
        lambda: complaints.open_complaint(demo_session, customer, done.code, "complaint", "又迟到")
    )
    assert key == "complaint.still_open_complaint"
    assert "处理完后才能再次投诉" in t(key)
    assert _complaints(demo_session, done) == before


def test_a_second_complaint_is_allowed_once_the_first_is_closed_up_to_the_limit(
    demo_session, customer, admin, done, pinned
):
    for n in range(complaint_limits.PER_ORDER_MAX):
        filed = complaints.open_complaint(demo_session, customer, done.code, "complaint", f"第{n}")
        handle_complaint(demo_session, admin, filed.id, "rejected", "经核实不成立")
    key = _refused(
        lambda: complaints.open_complaint(demo_session, customer, done.code, "complaint", "再来")
    )
    assert key == "complaint.order_limit"
    assert len(_complaints(demo_session, done)) == complaint_limits.PER_ORDER_MAX


def test_an_after_sales_request_may_be_open_beside_a_complaint(demo_session, customer, done):
    complaints.open_complaint(demo_session, customer, done.code, "complaint", "态度差")
    complaints.open_complaint(demo_session, customer, done.code, "after_sales", "头发没剪齐")
    key = _refused(
        lambda: complaints.open_complaint(demo_session, customer, done.code, "after_sales", "再")
    )
    assert key == "complaint.still_open_after_sales"


def test_the_complaint_after_the_daily_limit_is_refused(demo_session, customer, pinned):
    limit = complaint_limits.DAILY.count
    codes = [
        complete(demo_session, pending_order(demo_session, customer)).code for _ in range(limit + 1)
    ]
    for code in codes[:limit]:
        complaints.open_complaint(demo_session, customer, code, "complaint", "不满意")
    last = demo_session.exec(select(Order).where(Order.code == codes[-1])).one()
    with pytest.raises(DomainError) as err:
        complaints.open_complaint(demo_session, customer, codes[-1], "complaint", "还是不满意")
    assert err.value.key == "complaint.daily_limit"
    assert err.value.params["max"] == limit and 1 <= err.value.params["hours"] <= 24
    assert str(limit) in t(err.value.key, **err.value.params)
    assert _complaints(demo_session, last) == []
    # and it stays refused: the refused attempt was counted
    key = _refused(
        lambda: complaints.open_complaint(demo_session, customer, codes[-1], "complaint", "再试")
    )
    assert key == "complaint.daily_limit"


def test_the_daily_counter_holds_no_customer_id(demo_session, customer, done, pinned):
    complaints.open_complaint(demo_session, customer, done.code, "complaint", "迟到了")
    rows = demo_session.exec(
        select(RateCounter).where(RateCounter.bucket == complaint_limits.DAILY.bucket)
    ).all()
    assert [r.count for r in rows] == [1]
    assert str(customer.user_id) != rows[0].key_hash and len(rows[0].key_hash) >= 32


def test_no_complaint_on_an_order_cancelled_free_of_charge(demo_session, customer):
    order = mark_paid(demo_session, pending_order(demo_session, customer))  # two days ahead
    terms = order_changes.cancel(demo_session, customer, order.code, "计划有变")
    assert terms.free
    key = _refused(
        lambda: complaints.open_complaint(demo_session, customer, order.code, "complaint", "退钱")
    )
    assert key == "complaint.cancelled_free"
    assert t(key) == "已免费取消的订单不能投诉"
    assert _complaints(demo_session, order) == []


def test_a_cancellation_that_kept_a_fee_may_still_be_complained_about(
    demo_session, customer, monkeypatch
):
    order = mark_paid(demo_session, pending_order(demo_session, customer))
    monkeypatch.setattr(order_changes, "free_to_change", lambda *a, **k: False)
    terms = order_changes.cancel(demo_session, customer, order.code, "计划有变")
    assert terms.fee_fen > 0
    complaints.open_complaint(demo_session, customer, order.code, "complaint", "扣费不合理")
    assert len(_complaints(demo_session, order)) == 1


def test_no_complaint_on_an_order_never_paid(demo_session, customer):
    order = pending_order(demo_session, customer)
    key = _refused(
        lambda: complaints.open_complaint(demo_session, customer, order.code, "complaint", "x")
    )
    assert key == "complaint.not_allowed_complaint"


def test_one_photo_too_many_is_refused_and_stores_nothing(demo_session, customer, done):
    photo = _jpeg()
    key = _refused(
        lambda: complaints.open_complaint(
            demo_session, customer, done.code, "complaint", "脏", [photo] * (photos_max() + 1)
        )
    )
    assert key == "review.too_many_photos"
    assert _complaints(demo_session, done) == []


def test_too_many_bytes_of_photos_are_refused_before_decoding(demo_session, customer, done):
    each = complaint_limits.PHOTO_BYTES_MAX // 3 + 1  # three photos just over the total
    with pytest.raises(DomainError) as err:
        complaints.open_complaint(
            demo_session, customer, done.code, "complaint", "脏", [b"\xff" * each] * 3
        )
    assert err.value.key == "complaint.photos_too_large"  # not upload.not_an_image: not decoded
    assert t(err.value.key, **err.value.params) == "照片合计不能超过 10 MB"
    assert _complaints(demo_session, done) == []
    assert demo_session.exec(select(RateCounter)).all() == []  # not even counted
