"""Payment attempts per order are capped (issue 13, hole 4): the attempt after the cap is refused
without a gateway call, and a status check asks the gateway only about the live attempts."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations.payments import install_providers
from salon_app.core.models import Payment
from salon_app.core.services.payments import checkout as payments
from salon_app.core.settings import get_settings
from salon_app.i18n import t
from tests.support.orders import pending_order
from tests.support.races import race
from tests.unit.test_payments import FakeGateway


class CountingGateway(FakeGateway):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.created = 0
        self.queried: list[str] = []

    def create_payment(self, request):
        self.created += 1
        return super().create_payment(request)

    def query_payment(self, out_trade_no):
        self.queried.append(out_trade_no)
        return super().query_payment(out_trade_no)


@pytest.fixture
def gateways():
    fakes = {name: CountingGateway(name) for name in ("wechat", "alipay", "card")}
    install_providers(fakes)
    yield fakes
    install_providers(None)


def _attempts(session, order) -> int:
    return session.exec(
        select(func.count()).select_from(Payment).where(Payment.order_id == order.id)
    ).one()


def test_the_attempt_after_the_cap_is_refused_without_a_gateway_call(
    demo_session, gateways, customer
):
    cap = get_settings().pay_attempts_max
    assert cap == 5
    order = pending_order(demo_session, customer)
    for _ in range(cap):
        payments.start_payment(demo_session, customer, order.id, "wechat")
    assert gateways["wechat"].created == cap
    with pytest.raises(DomainError) as err:
        payments.start_payment(demo_session, customer, order.id, "alipay")
    assert err.value.key == "payment.too_many_attempts"
    assert "5 次" in t(err.value.key, **err.value.params)
    assert gateways["alipay"].created == 0 and gateways["wechat"].created == cap
    assert _attempts(demo_session, order) == cap


def test_attempts_started_at_once_never_pass_the_cap(demo_engine, gateways, customer):
    from sqlmodel import Session

    with Session(demo_engine, expire_on_commit=False) as s:
        order = pending_order(s, customer)
    cap = get_settings().pay_attempts_max
    results = race(
        demo_engine,
        *[
            lambda s: payments.start_payment(s, customer, order.id, "card").out_trade_no
            for _ in range(cap + 3)
        ],
    )
    refused = [r for r in results if r == "payment.too_many_attempts"]
    assert len(refused) == 3, results
    with Session(demo_engine) as s:
        assert _attempts(s, order) == cap
    assert gateways["card"].created == cap


def test_a_status_check_queries_only_the_live_attempt(demo_session, gateways, customer):
    """An order with 200 started payments (as before the cap) costs one query per gateway."""
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, "wechat")
    for n in range(2, 201):
        demo_session.add(
            Payment(
                order_id=order.id,
                provider="wechat",
                out_trade_no=f"{order.code}P{n}",
                amount_fen=order.total_fen,
                currency="CNY",
                status="created",
                created_at=utcnow(),
            )
        )
    demo_session.commit()
    assert payments.check_with_gateway(demo_session, customer, order.id) is False
    assert gateways["wechat"].queried == [f"{order.code}P200"]
    assert start.out_trade_no == f"{order.code}P1"


def test_a_status_check_finds_the_payment_made_on_the_latest_attempt(
    demo_session, gateways, customer
):
    order = pending_order(demo_session, customer)
    payments.start_payment(demo_session, customer, order.id, "wechat")
    latest = payments.start_payment(demo_session, customer, order.id, "wechat")
    gateways["wechat"].pay(latest.out_trade_no)
    assert payments.check_with_gateway(demo_session, customer, order.id) is True
    assert gateways["wechat"].queried == [latest.out_trade_no]
