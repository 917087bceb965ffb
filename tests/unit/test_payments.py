"""Paying for orders: who may pay, notifications applied exactly once, reconciliation.

The gateways here are in-memory fakes with the adapters' interface; the real SDKs against the
sandbox gateway are exercised in tests/integration/test_payment_sandbox.py.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import TECHNICIAN_PHONE
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.integrations.payments import (
    NotificationRejected,
    PaymentEvent,
    PaymentRequest,
    ProviderError,
    RefundRequest,
    RefundStatus,
    TradeStatus,
    install_providers,
)
from salon_app.core.models import Merchant, Notification, Order, OrderEvent, Payment, Refund
from salon_app.core.models.money import PaymentNotification
from salon_app.core.services import auth, ledger
from salon_app.core.services.payments import checkout as payments
from tests.support import journeys
from tests.support.orders import pending_order


class FakeGateway:
    """Keeps trades and refunds in memory; a notification is valid when its header says so."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.trades: dict[str, dict] = {}
        self.refunds: dict[str, RefundStatus] = {}
        self.down = False
        self.refund_outcome = "processing"  # what a refund request answers

    def create_payment(self, request: PaymentRequest) -> str:
        if self.down:
            raise ProviderError("gateway down")
        self.trades[request.out_trade_no] = {"amount": request.amount_fen, "txn": None}
        return f"https://gateway.test/{self.name}/{request.out_trade_no}"

    def pay(self, out_trade_no: str, amount_fen: int | None = None) -> PaymentEvent:
        """The customer pays at the gateway; returns the event it will notify."""
        trade = self.trades[out_trade_no]
        trade["txn"] = f"TX-{out_trade_no}"
        return PaymentEvent(
            self.name,
            "payment_succeeded",
            out_trade_no,
            trade["txn"],
            trade["amount"] if amount_fen is None else amount_fen,
            "CNY",
            event_id=f"EV-{out_trade_no}",
        )

    def query_payment(self, out_trade_no: str) -> TradeStatus:
        if self.down:
            raise ProviderError("gateway down")
        trade = self.trades.get(out_trade_no)
        if trade is None:
            return TradeStatus(self.name, out_trade_no, "not_found")
        state = "paid" if trade["txn"] else "pending"
        return TradeStatus(self.name, out_trade_no, state, trade["txn"], trade["amount"])

    def refund(self, request: RefundRequest) -> RefundStatus:
        if self.down:
            raise ProviderError("gateway down")
        if request.out_refund_no not in self.refunds:
            self.refunds[request.out_refund_no] = RefundStatus(
                self.name,
                request.out_refund_no,
                self.refund_outcome,
                f"RF-{request.out_refund_no}",
                request.amount_fen,
                request.out_trade_no,
            )
        return self.refunds[request.out_refund_no]

    def query_refund(self, out_refund_no: str, out_trade_no: str) -> RefundStatus:
        found = self.refunds.get(out_refund_no)
        return found or RefundStatus(self.name, out_refund_no, "not_found")

    def complete_refund(self, out_refund_no: str, state: str = "succeeded") -> PaymentEvent:
        status = self.refunds[out_refund_no]
        self.refunds[out_refund_no] = RefundStatus(**{**asdict(status), "state": state})
        return self.refunds[out_refund_no].as_event()

    def parse_notification(self, headers: dict[str, str], body: bytes) -> PaymentEvent:
        if headers.get("x-signature") != "valid":
            raise NotificationRejected("bad_signature")
        return PaymentEvent(**json.loads(body))


def signed(event: PaymentEvent, signature: str = "valid") -> tuple[dict[str, str], bytes]:
    return {"x-signature": signature}, json.dumps(asdict(event)).encode()


@pytest.fixture
def gateways():
    fakes = {name: FakeGateway(name) for name in ("wechat", "alipay", "card")}
    install_providers(fakes)
    yield fakes
    install_providers(None)


@pytest.fixture
def order(demo_session, customer) -> Order:
    return pending_order(demo_session, customer)


def notify_(session: Session, event: PaymentEvent, signature: str = "valid"):
    return payments.apply_notification(session, event.provider, *signed(event, signature))


def paid_events(session: Session, order: Order) -> int:
    rows = session.exec(
        select(OrderEvent).where(OrderEvent.order_id == order.id, OrderEvent.kind == "paid")
    ).all()
    return len(rows)


def customer_notes(session: Session, order: Order) -> list[str]:
    rows = session.exec(
        select(Notification.key).where(
            Notification.order_id == order.id, Notification.user_id == order.customer_id
        )
    ).all()
    return list(rows)


def reloaded(session: Session, order: Order) -> Order:
    return session.get(Order, order.id, populate_existing=True)


def test_customer_gets_a_pay_url_for_their_pending_order(demo_session, gateways, customer, order):
    start = payments.start_payment(demo_session, customer, order.id, "wechat")
    assert start.pay_url == f"https://gateway.test/wechat/{start.out_trade_no}"
    assert start.amount_fen == order.total_fen
    row = demo_session.exec(select(Payment).where(Payment.order_id == order.id)).one()
    assert (row.status, row.amount_fen, row.out_trade_no) == (
        "created",
        order.total_fen,
        f"{order.code}P1",
    )
    again = payments.start_payment(demo_session, customer, order.id, "alipay")
    assert again.out_trade_no == f"{order.code}P2"


def test_nobody_else_can_pay_the_order(demo_session, gateways, customer, order):
    other = journeys.sign_up(demo_session, "17600000101", "hello2026", "路人")
    with pytest.raises(DomainError) as err:
        payments.start_payment(demo_session, other, order.id, "wechat")
    assert err.value.key == "order.not_found"
    tech = auth.log_in(demo_session, TECHNICIAN_PHONE, DEMO_PASSWORD).actor
    with pytest.raises(PermissionDenied):
        payments.start_payment(demo_session, tech, order.id, "wechat")
    with pytest.raises(PermissionDenied):
        payments.start_payment(demo_session, None, order.id, "wechat")


@pytest.mark.parametrize(
    ("change", "provider", "key"),
    [
        ("none", "paypal", "payment.unknown_provider"),
        ("expire_hold", "wechat", "payment.hold_expired"),
        ("cancel", "wechat", "payment.not_pending"),
    ],
)
def test_payment_is_refused_when_it_cannot_be_made(
    demo_session, gateways, customer, order, change, provider, key
):
    if change == "expire_hold":
        order.hold_expires_at = utcnow() - timedelta(seconds=1)
    elif change == "cancel":
        order.status = "cancelled"
    demo_session.add(order)
    demo_session.commit()
    with pytest.raises(DomainError) as err:
        payments.start_payment(demo_session, customer, order.id, provider)
    assert err.value.key == key


def test_gateway_down_gives_a_clear_error(demo_session, gateways, customer, order):
    gateways["card"].down = True
    with pytest.raises(DomainError) as err:
        payments.start_payment(demo_session, customer, order.id, "card")
    assert err.value.key == "payment.provider_unavailable"
    row = demo_session.exec(select(Payment).where(Payment.order_id == order.id)).one()
    assert row.status == "failed"


@pytest.mark.parametrize("provider", ["wechat", "alipay", "card"])
def test_paid_notification_repeated_five_times_applies_once(
    demo_session, gateways, customer, order, provider
):
    start = payments.start_payment(demo_session, customer, order.id, provider)
    event = gateways[provider].pay(start.out_trade_no)
    outcomes = [notify_(demo_session, event).outcome for _ in range(5)]
    assert outcomes == ["applied"] + ["duplicate"] * 4
    order = reloaded(demo_session, order)
    assert order.status == "pending_service" and order.paid_at is not None
    assert paid_events(demo_session, order) == 1
    assert customer_notes(demo_session, order) == ["notify.order_paid_customer"]
    balance = ledger.order_balance(demo_session, order.id)
    assert (balance.paid_fen, balance.refundable_fen) == (order.total_fen, order.total_fen)


def test_customer_is_told_who_comes_and_technician_gets_the_offer(
    demo_session, gateways, customer, order
):
    start = payments.start_payment(demo_session, customer, order.id, "wechat")
    notify_(demo_session, gateways["wechat"].pay(start.out_trade_no))
    note = demo_session.exec(
        select(Notification).where(Notification.key == "notify.order_paid_customer")
    ).one()
    shop = demo_session.get(Merchant, order.merchant_id)
    assert note.params["code"] == order.code and note.params["phone"] == shop.contact_phone
    assert note.params["technician"]
    offers = demo_session.exec(
        select(Notification).where(
            Notification.order_id == order.id, Notification.key == "notify.new_offer"
        )
    ).all()
    assert len(offers) == 1


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        ("forged", "bad_signature"),
        ("wrong_amount", "amount_mismatch"),
        ("wrong_currency", "amount_mismatch"),
        ("unknown_order", "unknown_order"),
    ],
)
def test_bad_notifications_are_rejected_with_a_reason_and_change_nothing(
    demo_session, gateways, customer, order, tamper, reason
):
    start = payments.start_payment(demo_session, customer, order.id, "alipay")
    event = gateways["alipay"].pay(start.out_trade_no)
    signature = "valid"
    if tamper == "forged":
        signature = "made-up"
    elif tamper == "wrong_amount":
        event = PaymentEvent(**{**asdict(event), "amount_fen": 1})
    elif tamper == "wrong_currency":
        event = PaymentEvent(**{**asdict(event), "currency": "USD"})
    else:
        event = PaymentEvent(**{**asdict(event), "out_trade_no": "NO-SUCH-TRADE"})
    outcome = notify_(demo_session, event, signature)
    assert (outcome.outcome, outcome.reason, outcome.accepted) == ("rejected", reason, False)
    assert reloaded(demo_session, order).status == "pending_payment"
    statuses = demo_session.exec(select(Payment.status).where(Payment.order_id == order.id))
    assert statuses.all() == ["created"]
    assert ledger.order_balance(demo_session, order.id).paid_fen == 0
    logged = demo_session.exec(select(PaymentNotification)).all()
    assert [(n.outcome, n.reason) for n in logged] == [("rejected", reason)]


def test_money_for_an_expired_order_is_flagged_and_refunded(
    demo_session, gateways, customer, order
):
    start = payments.start_payment(demo_session, customer, order.id, "wechat")
    order.hold_expires_at = utcnow() - timedelta(minutes=1)
    demo_session.add(order)
    demo_session.commit()
    report = payments.reconcile_expired_holds(demo_session)
    assert report.expired == [order.code]
    # The customer paid anyway, just after: the money must not be lost.
    outcome = notify_(demo_session, gateways["wechat"].pay(start.out_trade_no))
    assert outcome.outcome == "flagged" and outcome.accepted
    order = reloaded(demo_session, order)
    assert order.status == "cancelled"
    refund = demo_session.exec(select(Refund).where(Refund.order_id == order.id)).one()
    assert (refund.amount_fen, refund.status) == (order.total_fen, "processing")
    assert "notify.payment_refunding" in customer_notes(demo_session, order)
    done = gateways["wechat"].complete_refund(refund.idempotency_key)
    assert payments.apply_event(demo_session, done).outcome == "applied"
    order = reloaded(demo_session, order)
    assert order.status == "refunded"
    balance = ledger.order_balance(demo_session, order.id)
    assert (balance.paid_fen, balance.refunded_fen, balance.refundable_fen) == (
        order.total_fen,
        order.total_fen,
        0,
    )


def test_a_second_payment_for_a_paid_order_is_refunded(demo_session, gateways, customer, order):
    first = payments.start_payment(demo_session, customer, order.id, "wechat")
    second = payments.start_payment(demo_session, customer, order.id, "alipay")
    notify_(demo_session, gateways["wechat"].pay(first.out_trade_no))
    outcome = notify_(demo_session, gateways["alipay"].pay(second.out_trade_no))
    assert outcome.outcome == "flagged"
    order = reloaded(demo_session, order)
    assert order.status == "pending_service" and paid_events(demo_session, order) == 1
    refund = demo_session.exec(select(Refund).where(Refund.order_id == order.id)).one()
    alipay_payment = demo_session.exec(
        select(Payment).where(Payment.out_trade_no == second.out_trade_no)
    ).one()
    assert refund.payment_id == alipay_payment.id and refund.amount_fen == order.total_fen


def test_reconcile_keeps_an_order_paid_at_the_gateway_paid(demo_session, gateways, customer, order):
    start = payments.start_payment(demo_session, customer, order.id, "card")
    late = gateways["card"].pay(start.out_trade_no)  # paid; the notification is late
    order.hold_expires_at = utcnow() - timedelta(minutes=1)
    demo_session.add(order)
    demo_session.commit()
    report = payments.reconcile_expired_holds(demo_session)
    assert (report.kept_paid, report.expired) == ([order.code], [])
    assert reloaded(demo_session, order).status == "pending_service"
    assert notify_(demo_session, late).outcome == "duplicate"
    assert paid_events(demo_session, order) == 1


def test_reconcile_expires_unpaid_orders_and_frees_the_slot(
    demo_session, gateways, customer, order
):
    payments.start_payment(demo_session, customer, order.id, "alipay")
    never_started = pending_order(
        demo_session, customer, starts_at=order.starts_at + timedelta(hours=3)
    )
    for o in (order, never_started):
        o.hold_expires_at = utcnow() - timedelta(minutes=1)
        demo_session.add(o)
    demo_session.commit()
    report = payments.reconcile_expired_holds(demo_session)
    assert sorted(report.expired) == sorted([order.code, never_started.code])
    order = reloaded(demo_session, order)
    assert (order.status, order.holds_slot) == ("cancelled", False)
    statuses = demo_session.exec(select(Payment.status).where(Payment.order_id == order.id)).all()
    assert statuses == ["closed"]


def test_reconcile_waits_when_the_gateway_does_not_answer(demo_session, gateways, customer, order):
    payments.start_payment(demo_session, customer, order.id, "wechat")
    gateways["wechat"].down = True
    order.hold_expires_at = utcnow() - timedelta(minutes=1)
    demo_session.add(order)
    demo_session.commit()
    report = payments.reconcile_expired_holds(demo_session)
    assert report.unresolved == [order.code]
    assert reloaded(demo_session, order).status == "pending_payment"


def test_a_declined_card_ends_that_attempt_only(demo_session, gateways, customer, order):
    start = payments.start_payment(demo_session, customer, order.id, "card")
    declined = PaymentEvent("card", "payment_failed", start.out_trade_no, "pi_x", order.total_fen)
    assert notify_(demo_session, declined).outcome == "applied"
    row = demo_session.exec(select(Payment).where(Payment.order_id == order.id)).one()
    assert row.status == "failed"
    assert reloaded(demo_session, order).status == "pending_payment"


def test_parallel_deliveries_of_one_notification_apply_once(
    demo_engine, demo_session, gateways, customer, order
):
    start = payments.start_payment(demo_session, customer, order.id, "wechat")
    headers, body = signed(gateways["wechat"].pay(start.out_trade_no))
    outcomes: list[str] = []
    barrier = threading.Barrier(5)

    def deliver() -> None:
        with Session(demo_engine, expire_on_commit=False) as s:
            barrier.wait()
            outcomes.append(payments.apply_notification(s, "wechat", headers, body).outcome)

    threads = [threading.Thread(target=deliver) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["applied"] + ["duplicate"] * 4
    assert paid_events(demo_session, order) == 1
    assert customer_notes(demo_session, order) == ["notify.order_paid_customer"]
