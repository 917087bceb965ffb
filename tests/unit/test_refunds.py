"""Refunds: full or partial, never above what was paid, each one exactly once."""

from __future__ import annotations

import threading
from dataclasses import asdict, replace
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.integrations.payments import install_providers
from salon_app.core.models import MerchantStaff, Notification, Order, Refund, User
from salon_app.core.services import dispatch
from salon_app.core.services.access import Actor
from salon_app.core.services.booking import changes as order_changes
from salon_app.core.services.ledger import entries as ledger
from salon_app.core.services.orders import jobs as job_board
from salon_app.core.services.payments import checkout as payments
from salon_app.core.services.payments import refunds
from tests.support import journeys
from tests.support.journeys import open_offer, technician_actor
from tests.support.orders import pending_order
from tests.unit.test_payments import FakeGateway, notify_

PAID_PROVIDER = "wechat"


@pytest.fixture
def gateways():
    fakes = {name: FakeGateway(name) for name in ("wechat", "alipay", "card")}
    install_providers(fakes)
    yield fakes
    install_providers(None)


@pytest.fixture
def paid(demo_session, gateways, customer) -> Order:
    """An order the customer paid with WeChat Pay (days ahead: cancellation is free)."""
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, PAID_PROVIDER)
    assert (
        notify_(demo_session, gateways[PAID_PROVIDER].pay(start.out_trade_no)).outcome == "applied"
    )
    return demo_session.get(Order, order.id, populate_existing=True)


def shop_staff(session: Session, merchant_id: int, same: bool) -> Actor:
    query = select(MerchantStaff, User).join(User, User.id == MerchantStaff.user_id)
    op = (
        MerchantStaff.merchant_id == merchant_id
        if same
        else MerchantStaff.merchant_id != merchant_id
    )
    staff, user = session.exec(query.where(op)).first()
    return Actor(user.id, "merchant", user.display_name, merchant_id=staff.merchant_id)


def all_refunds(session: Session, order: Order) -> list[Refund]:
    return list(session.exec(select(Refund).where(Refund.order_id == order.id)).all())


def finish(session: Session, gateways, refund: Refund, state: str = "succeeded"):
    event = gateways[PAID_PROVIDER].complete_refund(refund.idempotency_key, state)
    return payments.apply_event(session, event)


def test_cancelling_a_paid_order_refunds_it_and_the_order_ends_refunded(
    demo_session, gateways, customer, paid
):
    terms = order_changes.cancel(demo_session, customer, paid.code, "临时有事")
    assert terms.refund_fen == paid.total_fen
    (refund,) = all_refunds(demo_session, paid)
    assert (refund.status, refund.amount_fen, refund.requested_by) == (
        "processing",
        paid.total_fen,
        None,
    )
    assert refund.idempotency_key == f"{paid.code}-R1"
    assert refunds.order_refunds(demo_session, customer, paid.id)[0].status == "processing"
    assert finish(demo_session, gateways, refund).outcome == "applied"
    order = demo_session.get(Order, paid.id, populate_existing=True)
    assert order.status == "refunded"
    notes = demo_session.exec(
        select(Notification.key).where(Notification.order_id == paid.id)
    ).all()
    assert "notify.refund_succeeded" in notes
    balance = ledger.order_balance(demo_session, paid.id)
    assert (balance.refunded_fen, balance.refundable_fen) == (paid.total_fen, 0)


def test_partial_refunds_never_add_up_to_more_than_was_paid(demo_session, gateways, finance, paid):
    first = refunds.request_refund(demo_session, finance, paid.id, 1000, "服务时间缩短")
    rest = paid.total_fen - 1000
    second = refunds.request_refund(demo_session, finance, paid.id, rest, "投诉补偿")
    assert (first.key, second.key) == (f"{paid.code}-R1", f"{paid.code}-R2")
    with pytest.raises(DomainError) as err:
        refunds.request_refund(demo_session, finance, paid.id, 1, "再退一分")
    assert (err.value.key, err.value.params) == ("refund.exceeds_paid", {"refundable": "0.00"})
    balance = ledger.order_balance(demo_session, paid.id)
    assert (balance.refunding_fen, balance.refundable_fen) == (paid.total_fen, 0)


@pytest.mark.parametrize("amount", [0, -5])
def test_refund_amount_must_be_positive(demo_session, gateways, finance, paid, amount):
    with pytest.raises(DomainError) as err:
        refunds.request_refund(demo_session, finance, paid.id, amount, "")
    assert err.value.key == "refund.invalid_amount"


def test_refund_above_the_paid_amount_changes_nothing(demo_session, gateways, finance, paid):
    with pytest.raises(DomainError) as err:
        refunds.request_refund(demo_session, finance, paid.id, paid.total_fen + 1, "多退")
    assert err.value.key == "refund.exceeds_paid"
    assert all_refunds(demo_session, paid) == []
    assert gateways[PAID_PROVIDER].refunds == {}


def test_an_unpaid_order_has_nothing_to_refund(demo_session, gateways, finance, customer):
    order = pending_order(demo_session, customer)
    with pytest.raises(DomainError) as err:
        refunds.request_refund(demo_session, finance, order.id, 100, "")
    assert err.value.key == "refund.not_paid"


def test_nobody_can_refund_someone_elses_order(demo_session, gateways, customer, paid):
    other_shop = shop_staff(demo_session, paid.merchant_id, same=False)
    with pytest.raises(PermissionDenied):
        refunds.request_refund(demo_session, other_shop, paid.id, 100, "")
    with pytest.raises(PermissionDenied):
        refunds.request_refund(demo_session, customer, paid.id, 100, "")
    stranger = journeys.sign_up(demo_session, "17600000102", "hello2026", "路人")
    with pytest.raises(DomainError) as err:
        refunds.order_refunds(demo_session, stranger, paid.id)
    assert err.value.key == "order.not_found"
    own_shop = shop_staff(demo_session, paid.merchant_id, same=True)
    assert (
        refunds.request_refund(demo_session, own_shop, paid.id, 100, "店铺补偿").amount_fen == 100
    )


def test_the_same_sequence_twice_is_one_refund(demo_session, gateways, finance, paid):
    one = refunds.request_refund(demo_session, finance, paid.id, 500, "补偿", sequence=1)
    again = refunds.request_refund(demo_session, finance, paid.id, 500, "补偿", sequence=1)
    assert one.id == again.id and len(all_refunds(demo_session, paid)) == 1
    assert len(gateways[PAID_PROVIDER].refunds) == 1
    with pytest.raises(DomainError) as err:
        refunds.request_refund(demo_session, finance, paid.id, 700, "补偿", sequence=1)
    assert err.value.key == "refund.key_reused"


@pytest.mark.parametrize("same_sequence", [True, False])
def test_two_concurrent_refund_requests_make_one_refund(
    demo_engine, demo_session, gateways, finance, paid, same_sequence
):
    """Two clicks at once: one refund (same page: same key; or the full amount twice)."""
    amount = 800 if same_sequence else paid.total_fen
    results: list[object] = []
    barrier = threading.Barrier(2)

    def click() -> None:
        with Session(demo_engine, expire_on_commit=False) as s:
            barrier.wait()
            try:
                seq = 1 if same_sequence else None
                view = refunds.request_refund(s, finance, paid.id, amount, "", sequence=seq)
                results.append(view)
            except DomainError as exc:
                results.append(exc.key)

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    made = all_refunds(demo_session, paid)
    assert len(made) == 1 and len(gateways[PAID_PROVIDER].refunds) == 1
    if same_sequence:
        assert [r.id for r in results] == [made[0].id, made[0].id]
    else:
        assert sorted(map(str, results)).count("refund.exceeds_paid") == 1


def test_a_refund_notification_repeated_applies_once(demo_session, gateways, finance, paid):
    view = refunds.request_refund(demo_session, finance, paid.id, 1200, "部分退款")
    event = gateways[PAID_PROVIDER].complete_refund(view.key)
    outcomes = [notify_(demo_session, event).outcome for _ in range(5)]
    assert outcomes == ["applied"] + ["duplicate"] * 4
    balance = ledger.order_balance(demo_session, paid.id)
    assert (balance.refunded_fen, balance.refunding_fen) == (1200, 0)
    assert demo_session.get(Order, paid.id).status == "pending_service"  # partly refunded
    assert ledger.account_balance(demo_session, ledger.REFUNDS_PENDING) == 0


def test_unknown_or_mismatched_refund_notifications_are_rejected(
    demo_session, gateways, finance, paid
):
    view = refunds.request_refund(demo_session, finance, paid.id, 1200, "")
    event = gateways[PAID_PROVIDER].complete_refund(view.key)
    wrong_amount = replace(event, amount_fen=99)
    unknown = replace(event, out_refund_no="NOPE-R1")
    other_gateway = replace(event, provider="alipay")
    assert notify_(demo_session, wrong_amount).reason == "amount_mismatch"
    assert notify_(demo_session, unknown).reason == "unknown_refund"
    assert notify_(demo_session, other_gateway).reason == "refund_mismatch"
    assert demo_session.get(Refund, view.id, populate_existing=True).status == "processing"
    assert asdict(ledger.order_balance(demo_session, paid.id))["refunded_fen"] == 0


def test_a_gateway_that_answers_at_once_needs_no_notification(
    demo_session, gateways, finance, paid
):
    gateways[PAID_PROVIDER].refund_outcome = "succeeded"  # Alipay answers with the result
    view = refunds.request_refund(demo_session, finance, paid.id, paid.total_fen, "全额退款")
    assert view.status == "succeeded"
    event = gateways[PAID_PROVIDER].refunds[view.key].as_event()
    assert notify_(demo_session, event).outcome == "duplicate"  # its notification, later
    assert demo_session.get(Order, paid.id, populate_existing=True).status == "refunded"


def test_a_refund_the_gateway_could_not_take_is_sent_again_later(
    demo_session, gateways, finance, paid
):
    gateways[PAID_PROVIDER].down = True
    view = refunds.request_refund(demo_session, finance, paid.id, 300, "")
    assert view.status == "requested"
    gateways[PAID_PROVIDER].down = False
    assert refunds.retry_refunds(demo_session, now=utcnow() + timedelta(minutes=11)) == 1
    assert demo_session.get(Refund, view.id, populate_existing=True).status == "processing"


def test_a_refund_stuck_in_processing_is_queried(demo_session, gateways, finance, paid):
    view = refunds.request_refund(demo_session, finance, paid.id, 300, "")
    gateways[PAID_PROVIDER].complete_refund(view.key)  # done there, notification lost
    refunds.retry_refunds(demo_session, now=utcnow() + timedelta(minutes=11))
    assert demo_session.get(Refund, view.id, populate_existing=True).status == "succeeded"


def test_a_failed_refund_gives_the_amount_back_to_refundable(demo_session, gateways, finance, paid):
    view = refunds.request_refund(demo_session, finance, paid.id, 2000, "")
    refund = demo_session.get(Refund, view.id)
    assert finish(demo_session, gateways, refund, "failed").outcome == "applied"
    balance = ledger.order_balance(demo_session, paid.id)
    assert (balance.refundable_fen, balance.refunded_fen) == (paid.total_fen, 0)
    again = refunds.request_refund(demo_session, finance, paid.id, paid.total_fen, "重新退款")
    assert again.key == f"{paid.code}-R2"


def test_an_order_refunded_in_full_before_service_leaves_the_technicians_inbox(
    demo_session, gateways, finance, paid
):
    actor = technician_actor(demo_session, paid.technician_id)
    offer = open_offer(demo_session, paid)
    assert [job.order_code for job in job_board.inbox(demo_session, actor)] == [paid.code]
    gateways[PAID_PROVIDER].refund_outcome = "succeeded"
    refunds.request_refund(demo_session, finance, paid.id, paid.total_fen, "店铺无法接待")
    assert demo_session.get(Order, paid.id, populate_existing=True).status == "refunded"
    assert job_board.inbox(demo_session, actor) == []
    with pytest.raises(DomainError) as err:
        dispatch.accept(demo_session, actor, offer.id)
    assert err.value.key == "dispatch.offer_taken"
