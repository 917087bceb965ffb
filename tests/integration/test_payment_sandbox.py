"""End to end through the sandbox gateway, with the real SDKs and real HTTP on loopback.

The sandbox runs as its own process (`python -m ...payments.sandbox`), as in `make run`; our
webhook routes are served by uvicorn on another port, so every notification crosses the wire
signed exactly as the gateway signs it. Retry schedules run 1000 times faster.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import Engine
from sqlmodel import Session, select

from salon_app.api.payments import payment_api
from salon_app.core.amounts import yuan_text as yuan
from salon_app.core.clock import utcnow, wall_utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE, FINANCE_PHONE
from salon_app.core.demo.seed import seed_demo
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.integrations.payments import GatewayConfig, build_providers, install_providers
from salon_app.core.integrations.payments.keys import load_payment_keys
from salon_app.core.integrations.payments.sandbox import signing
from salon_app.core.models import Notification, Order, OrderEvent, Payment, Refund
from salon_app.core.models.money import PaymentNotification
from salon_app.core.services import auth, payments
from salon_app.core.services.payments import refunds
from salon_app.core.settings import get_settings
from tests.conftest import create_schema
from tests.support import journeys
from tests.support.orders import pending_order
from tests.support.ports import die_with_parent, free_port

ROOT = Path(__file__).resolve().parents[2]
PROVIDERS = ["wechat", "alipay", "card"]
FAST = {"time_factor": 0.001, "refund_delay_s": 20.0}  # refunds complete after 20 ms


def wait_for(check: Callable[[], object], timeout: float = 10.0, what: str = "condition") -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class SandboxClient:
    def __init__(self, url: str) -> None:
        self.url = url
        self.http = httpx.Client(base_url=url, timeout=10)

    def reset(self, **behaviour: object) -> None:
        self.http.post("/_sandbox/reset").raise_for_status()
        self.http.post("/_sandbox/behaviour", json={**FAST, **behaviour}).raise_for_status()

    def behave(self, **behaviour: object) -> None:
        self.http.post("/_sandbox/behaviour", json=behaviour).raise_for_status()

    def deliveries(self, **filters: str) -> list[dict]:
        return self.http.get("/_sandbox/deliveries", params=filters).json()

    def trade(self, provider: str, out_trade_no: str) -> dict:
        return self.http.get(f"/_sandbox/trades/{provider}/{out_trade_no}").json()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxClient]:
    port = free_port()
    log_path = tmp_path_factory.mktemp("sandbox") / "sandbox.log"
    cmd = [sys.executable, "-m", "salon_app.core.integrations.payments.sandbox"]
    cmd += ["--port", str(port), "--notify-base", "http://127.0.0.1:9", "--time-factor", "0.001"]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=os.environ.copy(),  # the same instance dir, so the same demo keys
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent(signal.SIGTERM),
        )
    client = SandboxClient(f"http://127.0.0.1:{port}")

    def up() -> bool:
        if proc.poll() is not None:
            raise AssertionError(f"sandbox exited:\n{log_path.read_text()}")
        try:
            return client.http.get("/_sandbox/health").status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(up, timeout=30, what="the sandbox to start")
    yield client
    proc.terminate()
    proc.wait(10)


class WebhookServer:
    """Our notification routes (payment_api) on a loopback port, using the test's database."""

    def __init__(self, engine: Engine) -> None:
        self.port = free_port()
        config = uvicorn.Config(
            payment_api(engine), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> WebhookServer:
        self.thread.start()
        wait_for(lambda: self.server.started, what="the webhook server")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def webhook(demo_engine: Engine) -> Iterator[WebhookServer]:
    with WebhookServer(demo_engine) as server:
        yield server


def use_sandbox(sandbox: SandboxClient, webhook: WebhookServer) -> None:
    config = GatewayConfig.from_settings().sandboxed(sandbox.url, public_url=webhook.url)
    install_providers(build_providers(config))


@pytest.fixture
def gateway(sandbox: SandboxClient, webhook: WebhookServer) -> Iterator[SandboxClient]:
    sandbox.reset()
    use_sandbox(sandbox, webhook)
    yield sandbox
    install_providers(None)


def fresh(session: Session, order: Order) -> Order:
    session.rollback()
    return session.get(Order, order.id, populate_existing=True)


def count(session: Session, model: type, *where: object) -> int:
    session.rollback()
    return len(session.exec(select(model).where(*where)).all())


def pay_in_browser(start: payments.PaymentStart, button: str = "confirm") -> str:
    """What the customer's phone does: open the cashier, press a button, follow the redirect."""
    with httpx.Client(timeout=10) as browser:
        page = browser.get(start.pay_url)
        assert page.status_code == 200 and f'id="{button}"' in page.text
        assert f"¥{yuan(start.amount_fen)}" in page.text
        action = re.search(rf'<form method="post" action="([^"]+/{button})"', page.text).group(1)
        redirect = re.search(r'name="redirect_url" value="([^"]*)"', page.text).group(1)
        done = browser.post(httpx.URL(start.pay_url).join(action), data={"redirect_url": redirect})
    assert done.status_code == 303
    return done.headers["location"]


def applied(session: Session, out_trade_no: str) -> Callable[[], bool]:
    def check() -> bool:
        session.rollback()
        rows = session.exec(
            select(PaymentNotification).where(PaymentNotification.out_trade_no == out_trade_no)
        ).all()
        return any(n.outcome == "applied" for n in rows)

    return check


def test_sandbox_and_app_share_the_merchant_keys():
    keys = load_payment_keys()
    assert keys.wechat_platform_serial and len(keys.wechat_apiv3_key) == 32


@pytest.mark.parametrize("provider", PROVIDERS)
def test_customer_pays_and_the_order_waits_for_service(
    demo_session, gateway, webhook, customer, provider
):
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, provider)
    landing = pay_in_browser(start)
    assert landing.startswith(get_settings().public_url + f"/orders/{order.code}")
    wait_for(applied(demo_session, start.out_trade_no), what="the paid notification")
    order = fresh(demo_session, order)
    assert order.status == "pending_service"
    assert count(demo_session, Payment, Payment.order_id == order.id) == 1
    assert (
        count(demo_session, OrderEvent, OrderEvent.order_id == order.id, OrderEvent.kind == "paid")
        == 1
    )
    assert (
        count(
            demo_session,
            Notification,
            Notification.order_id == order.id,
            Notification.key == "notify.order_paid_customer",
        )
        == 1
    )
    # The gateway logs a delivery when the app's answer reaches it, just after the app commits.
    answered = wait_for(
        lambda: [d for d in gateway.deliveries(out_trade_no=start.out_trade_no) if d["ok"]],
        what="the acknowledged delivery",
    )
    assert len(answered) == 1  # acknowledged the way the provider expects: no retries


@pytest.mark.parametrize("provider", PROVIDERS)
def test_customer_who_declines_can_still_pay(demo_session, gateway, customer, provider):
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, provider)
    landing = pay_in_browser(start, "decline")
    assert landing.startswith(get_settings().public_url + f"/orders/{order.code}")
    if provider == "card":  # a declined card is reported; wallets just stay unpaid
        wait_for(applied(demo_session, start.out_trade_no), what="the payment_failed notice")
    assert fresh(demo_session, order).status == "pending_payment"
    again = payments.start_payment(demo_session, customer, order.id, provider)
    pay_in_browser(again)
    wait_for(applied(demo_session, again.out_trade_no), what="the paid notification")
    assert fresh(demo_session, order).status == "pending_service"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_notification_replayed_in_parallel_and_out_of_order_has_one_effect(
    demo_session, gateway, customer, provider
):
    gateway.behave(duplicates=5, parallel=True, shuffle=True)
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, provider)
    pay_in_browser(start)
    gateway.http.post(f"/_sandbox/renotify/{provider}/{start.out_trade_no}", json={"copies": 5})
    wait_for(
        lambda: (
            len([d for d in gateway.deliveries(out_trade_no=start.out_trade_no) if d["ok"]]) == 10
        ),
        what="ten acknowledged deliveries",
    )
    order = fresh(demo_session, order)
    assert order.status == "pending_service"
    assert (
        count(demo_session, Payment, Payment.order_id == order.id, Payment.status == "succeeded")
        == 1
    )
    assert (
        count(demo_session, OrderEvent, OrderEvent.order_id == order.id, OrderEvent.kind == "paid")
        == 1
    )
    assert (
        count(
            demo_session,
            Notification,
            Notification.order_id == order.id,
            Notification.user_id == customer.user_id,
        )
        == 1
    )
    outcomes = demo_session.exec(
        select(PaymentNotification.outcome).where(PaymentNotification.order_id == order.id)
    ).all()
    assert sorted(outcomes) == ["applied"] + ["duplicate"] * 9


# -- notifications that must not be believed ---------------------------------------------
_FORGER = rsa.generate_private_key(public_exponent=65537, key_size=2048)
FORGED_KEY = _FORGER.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
).decode()


def craft(
    provider: str, out_trade_no: str, amount: int, *, forged: bool = False, age_s: int = 0
) -> tuple[dict[str, str], bytes]:
    """A paid notification as the gateway would send it (or as a forger would)."""
    forger = {"wechat": FORGED_KEY, "alipay": FORGED_KEY, "card": "whsec_forged"}[provider]
    return signing.paid_notification(
        provider,
        out_trade_no,
        amount,
        "4200000000202611250000000001" if provider != "card" else "pi_000000000000000001",
        signing_key=forger if forged else None,
        sent_at=int(wall_utcnow().timestamp()) - age_s,  # signatures age on real time
    )


BAD = {
    "forged": "bad_signature",
    "tampered": "bad_signature",
    "stale": "stale_timestamp",
    "wrong_amount": "amount_mismatch",
    "unknown_order": "unknown_order",
}


@pytest.mark.parametrize("kind", list(BAD))
@pytest.mark.parametrize("provider", PROVIDERS)
def test_bad_notifications_are_rejected_and_change_nothing(
    demo_session, gateway, webhook, customer, provider, kind
):
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, provider)
    no, amount = start.out_trade_no, start.amount_fen
    if kind == "tampered":  # a genuine notification whose body was changed on the way
        headers, body = craft(provider, no, amount)
        if provider == "alipay":
            body = body.replace(f"total_amount={yuan(amount)}".encode(), b"total_amount=0.01")
        else:
            body = craft(provider, no, 1)[1]
    else:
        headers, body = craft(
            provider,
            "NOSUCHTRADE0001" if kind == "unknown_order" else no,
            amount + 100 if kind == "wrong_amount" else amount,
            forged=kind == "forged",
            age_s=3600 if kind == "stale" else 0,
        )
    answer = httpx.post(f"{webhook.url}/api/pay/{provider}/notify", content=body, headers=headers)
    if provider == "alipay":
        assert (answer.status_code, answer.text) == (200, "failure")
    else:
        assert answer.status_code == 400
    if provider == "wechat":
        assert answer.json() == {"code": "FAIL", "message": BAD[kind]}
    assert fresh(demo_session, order).status == "pending_payment"
    statuses = demo_session.exec(select(Payment.status).where(Payment.order_id == order.id)).all()
    assert statuses == ["created"]
    logged = demo_session.exec(select(PaymentNotification)).all()
    assert [(n.outcome, n.reason) for n in logged] == [("rejected", BAD[kind])]


# -- refunds and reconciliation ----------------------------------------------------------
def paid_order(session: Session, gateway: SandboxClient, customer, provider: str):
    order = pending_order(session, customer)  # each booking takes the next free slot
    start = payments.start_payment(session, customer, order.id, provider)
    pay_in_browser(start)
    wait_for(applied(session, start.out_trade_no), what="the paid notification")
    return fresh(session, order), start


def refund_twice_at_once(engine: Engine, finance, order_id: int, amount: int) -> list[object]:
    results: list[object] = []
    barrier = threading.Barrier(2)

    def click() -> None:
        with Session(engine, expire_on_commit=False) as s:
            barrier.wait()
            try:
                results.append(refunds.request_refund(s, finance, order_id, amount, "", sequence=1))
            except DomainError as exc:
                results.append(exc.key)

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.parametrize("provider", PROVIDERS)
def test_refund_requested_twice_at_once_is_one_refund(
    demo_engine, demo_session, gateway, customer, finance, provider
):
    order, start = paid_order(demo_session, gateway, customer, provider)
    results = refund_twice_at_once(demo_engine, finance, order.id, order.total_fen)
    assert len({r.id for r in results}) == 1
    assert len(gateway.trade(provider, start.out_trade_no)["refunds"]) == 1
    key = results[0].key

    def refunded() -> bool:
        demo_session.rollback()
        return (
            demo_session.exec(select(Refund.status).where(Refund.idempotency_key == key)).one()
            == "succeeded"
        )

    wait_for(refunded, what="the refund to complete")
    wait_for(
        lambda: any(d["ok"] for d in gateway.deliveries(out_refund_no=key)), what="refund notice"
    )
    assert fresh(demo_session, order).status == "refunded"  # refunded in full before service
    assert count(demo_session, Refund, Refund.order_id == order.id) == 1


@pytest.mark.parametrize("provider", ["wechat", "card"])
def test_partial_refund_notifications_out_of_order_apply_once_each(
    demo_session, gateway, customer, finance, provider
):
    order, _start = paid_order(demo_session, gateway, customer, provider)
    gateway.behave(hold=True, duplicates=3, parallel=True, shuffle=True)
    first = refunds.request_refund(demo_session, finance, order.id, 1000, "部分退款")
    second = refunds.request_refund(demo_session, finance, order.id, order.total_fen - 1000, "其余")
    wait_for(lambda: gateway.http.get("/_sandbox/health").json()["held"] == 2, what="held notices")
    gateway.http.post("/_sandbox/release")
    for key in (first.key, second.key):
        wait_for(
            lambda k=key: len([d for d in gateway.deliveries(out_refund_no=k) if d["ok"]]) == 3
        )
    statuses = demo_session.exec(select(Refund.status).where(Refund.order_id == order.id)).all()
    assert statuses == ["succeeded", "succeeded"]
    assert fresh(demo_session, order).status == "refunded"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_late_notification_after_the_hold_expired_keeps_the_order_paid(
    demo_session, gateway, customer, provider
):
    gateway.behave(hold=True)  # the gateway is slow to tell us
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, provider)
    pay_in_browser(start)
    order.hold_expires_at = utcnow() - timedelta(seconds=1)
    demo_session.add(order)
    demo_session.commit()
    report = payments.reconcile_expired_holds(demo_session)
    assert (report.kept_paid, report.expired) == ([order.code], [])
    assert fresh(demo_session, order).status == "pending_service"
    gateway.behave(hold=False)
    gateway.http.post("/_sandbox/release")
    wait_for(lambda: any(d["ok"] for d in gateway.deliveries(out_trade_no=start.out_trade_no)))
    order = fresh(demo_session, order)
    assert order.status == "pending_service"
    assert (
        count(demo_session, OrderEvent, OrderEvent.order_id == order.id, OrderEvent.kind == "paid")
        == 1
    )
    outcomes = demo_session.exec(
        select(PaymentNotification.outcome).where(PaymentNotification.order_id == order.id)
    ).all()
    assert sorted(outcomes) == ["applied", "duplicate"]


@pytest.mark.postgres
def test_refund_clicked_twice_on_postgresql_is_one_refund(postgres_db_url, sandbox):
    from salon_app.core.db import make_engine

    engine = make_engine(postgres_db_url)
    try:
        create_schema(engine)
        with Session(engine, expire_on_commit=False) as session:
            seed_demo(session)
            customer = auth.log_in(session, CUSTOMER_PHONE, DEMO_PASSWORD).actor
            finance = auth.log_in(session, FINANCE_PHONE, DEMO_PASSWORD).actor
            with WebhookServer(engine) as server:
                sandbox.reset()
                use_sandbox(sandbox, server)
                try:
                    order, start = paid_order(session, sandbox, customer, "wechat")
                    results = refund_twice_at_once(engine, finance, order.id, 1500)
                finally:
                    install_providers(None)
            assert len({r.id for r in results}) == 1
            assert count(session, Refund, Refund.order_id == order.id) == 1
            assert len(sandbox.trade("wechat", start.out_trade_no)["refunds"]) == 1
    finally:
        engine.dispose()


def test_the_sandbox_refuses_requests_not_signed_by_the_merchant(sandbox):
    path = "/v3/pay/transactions/out-trade-no/T1234567890P1?mchid=1900000109"
    answer = httpx.get(sandbox.url + path, headers={"Authorization": "WECHATPAY2-SHA256-RSA2048 x"})
    assert answer.status_code == 401 and answer.json()["code"] == "SIGN_ERROR"
    forged = {"app_id": get_settings().alipay_appid, "method": "alipay.trade.query", "sign": "AAAA"}
    text = httpx.get(f"{sandbox.url}/gateway.do?{urlencode(forged)}").text
    assert "isv.invalid-signature" in text
    card = httpx.get(f"{sandbox.url}/card/v1/payment_intents", params={"reference": "x"})
    assert card.status_code == 401


@pytest.mark.parametrize("provider", PROVIDERS)
def test_customer_back_from_the_cashier_before_the_notification_sees_it_paid(
    demo_session, gateway, customer, provider
):
    gateway.behave(hold=True)  # the notification is late
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, provider)
    assert payments.check_with_gateway(demo_session, customer, order.id) is False  # not paid yet
    assert fresh(demo_session, order).status == "pending_payment"
    pay_in_browser(start)
    assert payments.check_with_gateway(demo_session, customer, order.id) is True
    assert fresh(demo_session, order).status == "pending_service"
    assert payments.check_with_gateway(demo_session, customer, order.id) is False  # once only
    gateway.behave(hold=False)
    gateway.http.post("/_sandbox/release")
    wait_for(lambda: any(d["ok"] for d in gateway.deliveries(out_trade_no=start.out_trade_no)))
    assert (
        count(demo_session, OrderEvent, OrderEvent.order_id == order.id, OrderEvent.kind == "paid")
        == 1
    )


def test_nobody_but_the_customer_can_ask_the_gateway_about_an_order(
    demo_session, gateway, customer, admin
):
    gateway.behave(hold=True)
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, "wechat")
    pay_in_browser(start)
    other = journeys.sign_up(demo_session, "13800138555", "hello2026", "路人")
    with pytest.raises(DomainError) as refused:
        payments.check_with_gateway(demo_session, other, order.id)
    assert refused.value.key == "order.not_found"
    with pytest.raises(PermissionDenied):
        payments.check_with_gateway(demo_session, admin, order.id)
    assert fresh(demo_session, order).status == "pending_payment"  # nothing applied for them
