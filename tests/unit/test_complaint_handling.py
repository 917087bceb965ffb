"""The complaints desk: shop staff and admins move complaints to a final answer, once."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Session, select

from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import AuditEntry, Complaint, Notification, Order, OrderEvent, Refund
from salon_app.core.services import orders, payments
from salon_app.core.services.access import Actor
from salon_app.core.services.feedback import complaints
from salon_app.core.services.feedback.desk import (
    desk_complaints,
    handle_complaint,
    refund_fen_from_yuan,
)
from tests.support.journeys import complete
from tests.support.orders import pending_order
from tests.unit.test_payments import notify_
from tests.unit.test_refunds import PAID_PROVIDER, gateways, shop_staff  # noqa: F401


@pytest.fixture
def done(demo_session, gateways, customer) -> Order:  # noqa: F811
    """A job the customer paid for with WeChat Pay and the technician finished."""
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, PAID_PROVIDER)
    notify_(demo_session, gateways[PAID_PROVIDER].pay(start.out_trade_no))
    return complete(demo_session, demo_session.get(Order, order.id, populate_existing=True))


@pytest.fixture
def shop(demo_session, done) -> Actor:
    return shop_staff(demo_session, done.merchant_id, same=True)


@pytest.fixture
def other_shop(demo_session, done) -> Actor:
    return shop_staff(demo_session, done.merchant_id, same=False)


def _file(session: Session, customer: Actor, order: Order, kind: str = "complaint") -> int:
    return complaints.open_complaint(session, customer, order.code, kind, "师傅迟到了").id


def _state(session: Session, complaint_id: int) -> tuple:
    c = session.get(Complaint, complaint_id, populate_existing=True)
    return c.status, c.resolution, c.resolved_at


def _counts(session: Session, order: Order) -> tuple[int, int, int, int]:
    def n(model: type, *where: object) -> int:
        return len(session.exec(select(model).where(*where)).all())

    return (
        n(OrderEvent, OrderEvent.order_id == order.id),
        n(Notification, Notification.order_id == order.id),
        n(AuditEntry, AuditEntry.target_type == "complaint"),
        n(Refund, Refund.order_id == order.id),
    )


def test_shop_staff_see_their_shops_complaints_and_admins_see_all(
    demo_session, customer, admin, shop, other_shop, done
):
    cid = _file(demo_session, customer, done)
    (row,) = [c for c in desk_complaints(demo_session, shop) if c.id == cid]
    assert (row.order_code, row.status, row.kind, row.reason) == (
        done.code,
        "open",
        "complaint",
        "师傅迟到了",
    )
    assert row.customer_name == customer.display_name and row.services and row.technician_name
    assert CUSTOMER_PHONE not in repr(row)
    assert cid not in [c.id for c in desk_complaints(demo_session, other_shop)]
    assert cid in [c.id for c in desk_complaints(demo_session, admin)]
    assert cid in [c.id for c in desk_complaints(demo_session, admin, "open")]
    assert cid not in [c.id for c in desk_complaints(demo_session, admin, "resolved")]


def test_newest_complaint_comes_first(demo_session, customer, shop, done):
    first = _file(demo_session, customer, done)
    second = _file(demo_session, customer, done, "after_sales")  # one open of each kind
    ids = [c.id for c in desk_complaints(demo_session, shop)]
    assert ids.index(second) < ids.index(first)


def test_customers_and_technicians_cannot_use_the_desk(demo_session, customer, done):
    with pytest.raises(PermissionDenied):
        desk_complaints(demo_session, customer)
    with pytest.raises(PermissionDenied):
        desk_complaints(demo_session, None)


def test_processing_then_resolved_tells_the_customer_and_is_final(
    demo_session, customer, shop, admin, done
):
    cid = _file(demo_session, customer, done)
    version = orders.order_version(demo_session, customer, done.code)
    events, notes, audits, _ = _counts(demo_session, done)
    handle_complaint(demo_session, shop, cid, "processing")
    assert _state(demo_session, cid)[0] == "processing"
    assert orders.order_version(demo_session, customer, done.code) != version
    handle_complaint(demo_session, shop, cid, "resolved", "  已补偿一次免费护理  ")
    status, resolution, resolved_at = _state(demo_session, cid)
    assert (status, resolution) == ("resolved", "已补偿一次免费护理")
    assert resolved_at is not None
    assert _counts(demo_session, done)[:3] == (events + 2, notes + 2, audits + 2)
    kinds = [e.kind for e in orders.order_detail(demo_session, customer, done.code).timeline]
    assert kinds[-2:] == ["complaint_processing", "complaint_resolved"]
    keys = [
        n.key
        for n in demo_session.exec(
            select(Notification).where(Notification.user_id == customer.user_id)
        ).all()
    ]
    assert {"notify.complaint_processing", "notify.complaint_resolved"} <= set(keys)
    (mine,) = complaints.order_complaints(demo_session, customer, done.code)
    assert (mine.status, mine.resolution) == ("resolved", "已补偿一次免费护理")
    for then in ("rejected", "processing", "resolved"):
        with pytest.raises(DomainError) as err:
            handle_complaint(demo_session, admin, cid, then, "再改")
        assert err.value.key == "complaint.already_handled"
    assert _state(demo_session, cid)[:2] == ("resolved", "已补偿一次免费护理")


def test_open_can_be_rejected_directly_by_an_admin(demo_session, customer, admin, done):
    cid = _file(demo_session, customer, done)
    handle_complaint(demo_session, admin, cid, "rejected", "经核实技师准时到达")
    assert _state(demo_session, cid)[:2] == ("rejected", "经核实技师准时到达")


@pytest.mark.parametrize(
    ("prepare", "status", "resolution", "refund", "key"),
    [
        ("", "resolved", "", 0, "validation.required"),
        ("", "rejected", "   ", 0, "validation.required"),
        ("", "resolved", "好" * 1001, 0, "validation.too_long"),
        ("", "reopened", "x", 0, "complaint.illegal_transition"),
        ("processing", "open", "x", 0, "complaint.illegal_transition"),
        ("processing", "processing", "", 0, "complaint.already_handled"),
        ("", "resolved", "退款", 100, "complaint.refund_only_after_sales"),
        ("", "resolved", "退款", -5, "refund.invalid_amount"),
    ],
)
def test_bad_transitions_are_refused_and_change_nothing(
    demo_session, customer, shop, done, prepare, status, resolution, refund, key
):
    cid = _file(demo_session, customer, done)
    if prepare:
        handle_complaint(demo_session, shop, cid, prepare)
    before, counts = _state(demo_session, cid), _counts(demo_session, done)
    with pytest.raises(DomainError) as err:
        handle_complaint(demo_session, shop, cid, status, resolution, refund)
    assert err.value.key == key
    assert _state(demo_session, cid) == before
    assert _counts(demo_session, done) == counts


@pytest.mark.parametrize("who", ["other_shop", "customer", "nobody"])
def test_outsiders_cannot_handle_a_complaint(demo_session, customer, other_shop, done, who):
    cid = _file(demo_session, customer, done)
    actor = {"other_shop": other_shop, "customer": customer, "nobody": None}[who]
    counts = _counts(demo_session, done)
    with pytest.raises(DomainError) as err:
        handle_complaint(demo_session, actor, cid, "rejected", "不是我的")
    assert isinstance(err.value, PermissionDenied) or err.value.key == "complaint.not_found"
    assert _state(demo_session, cid)[0] == "open"
    assert _counts(demo_session, done) == counts


def test_unknown_complaint_is_not_found(demo_session, admin):
    for bad in (999_999, "1", None):
        with pytest.raises(DomainError) as err:
            handle_complaint(demo_session, admin, bad, "processing")
        assert err.value.key == "complaint.not_found"


def test_after_sales_resolved_with_a_refund_makes_one_refund(demo_session, customer, shop, done):
    cid = _file(demo_session, customer, done, "after_sales")
    handled = handle_complaint(demo_session, shop, cid, "resolved", "部分退款", 2000)
    assert handled.refund_key == f"{done.code}-R1"
    (refund,) = demo_session.exec(select(Refund).where(Refund.order_id == done.id)).all()
    assert (refund.amount_fen, refund.requested_by) == (2000, shop.user_id)
    with pytest.raises(DomainError) as err:
        handle_complaint(demo_session, shop, cid, "resolved", "部分退款", 2000)
    assert err.value.key == "complaint.already_handled"
    assert len(demo_session.exec(select(Refund).where(Refund.order_id == done.id)).all()) == 1


def test_refund_above_what_is_refundable_changes_nothing(demo_session, customer, admin, done):
    cid = _file(demo_session, customer, done, "after_sales")
    counts = _counts(demo_session, done)
    with pytest.raises(DomainError) as err:
        handle_complaint(demo_session, admin, cid, "resolved", "全额退", done.total_fen + 1)
    assert err.value.key == "refund.exceeds_paid"
    assert _state(demo_session, cid)[0] == "open"
    assert _counts(demo_session, done) == counts


def test_two_staff_at_once_apply_one_transition_and_one_refund(
    demo_session, demo_engine, customer, shop, admin, done
):
    cid = _file(demo_session, customer, done, "after_sales")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def click(actor: Actor) -> None:
        with Session(demo_engine) as session:
            barrier.wait()
            try:
                handle_complaint(session, actor, cid, "resolved", "退 20 元", 2000)
                outcomes.append("ok")
            except DomainError as err:
                outcomes.append(err.key)

    threads = [threading.Thread(target=click, args=(a,)) for a in (shop, admin)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes) == ["complaint.already_handled", "ok"]
    assert len(demo_session.exec(select(Refund).where(Refund.order_id == done.id)).all()) == 1
    assert _state(demo_session, cid)[0] == "resolved"


@pytest.mark.parametrize(("text", "fen"), [("", 0), ("20", 2000), ("19.99", 1999), ("¥0.5", 50)])
def test_refund_typed_in_yuan_becomes_fen(text, fen):
    assert refund_fen_from_yuan(text) == fen


@pytest.mark.parametrize("text", ["abc", "-1", "0", "1.001", "nan", "inf"])
def test_bad_refund_amounts_are_refused(text):
    with pytest.raises(DomainError) as err:
        refund_fen_from_yuan(text)
    assert err.value.key == "refund.invalid_amount"


def _second_open_request(session: Session, complaint_id: int) -> int:
    """A copy of an open request. open_complaint no longer files a second one while the first
    is open (complaint_limits), but rows filed before that rule may exist: the lock must hold."""
    c = session.get(Complaint, complaint_id)
    copy = Complaint(**c.model_dump(exclude={"id"}))
    session.add(copy)
    session.commit()
    return copy.id


def test_an_answer_whose_refund_is_refused_under_the_lock_is_not_recorded(
    demo_session, demo_engine, customer, shop, admin, done
):
    """Two after-sales requests, each answered with the whole amount at the same moment: both
    pass the first check, the lock lets one refund through, the other answer stays open."""
    first = _file(demo_session, customer, done, "after_sales")
    second = _second_open_request(demo_session, first)
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def answer(actor: Actor, cid: int) -> None:
        with Session(demo_engine) as session:
            barrier.wait()
            try:
                handle_complaint(session, actor, cid, "resolved", "全额退款", done.total_fen)
                outcomes[cid] = "ok"
            except DomainError as err:
                outcomes[cid] = err.key

    threads = [
        threading.Thread(target=answer, args=(shop, first)),
        threading.Thread(target=answer, args=(admin, second)),
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes.values()) == ["ok", "refund.exceeds_paid"]
    refused = next(cid for cid, outcome in outcomes.items() if outcome != "ok")
    demo_session.rollback()
    assert _state(demo_session, refused)[0] == "open"
    assert len(demo_session.exec(select(Refund).where(Refund.order_id == done.id)).all()) == 1
