"""Forged notifications (issue 13, hole 6): an unknown WeChat certificate serial refetches the
platform certificates at most once per window across all workers, and rejected notifications
write a bounded number of log rows (the rest are counted), while the gateway is still answered
"rejected" every time."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import func
from sqlmodel import select
from wechatpayv3.core import Core

from salon_app.core.integrations.payments import GatewayConfig, install_providers
from salon_app.core.integrations.payments.keys import load_payment_keys
from salon_app.core.integrations.payments.sandbox import Behaviour, create_app, signing
from salon_app.core.integrations.payments.wechat import WeChatPayProvider
from salon_app.core.models.money import PaymentNotification
from salon_app.core.services import rate_limits
from salon_app.core.services.payments import checkout as payments
from salon_app.core.services.payments import notice_limits
from salon_app.core.settings import get_settings
from tests.support.ports import free_port

_FORGER = rsa.generate_private_key(public_exponent=65537, key_size=2048)
FORGED_KEY = _FORGER.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
).decode()


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    """The payment sandbox in this process (the WeChat SDK fetches its certificates there)."""
    port = free_port()
    app = create_app(notify_base="http://127.0.0.1:9", behaviour=Behaviour(time_factor=0.001))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the sandbox did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def refetches(monkeypatch) -> list[int]:
    """Each download of the platform certificates by any SDK client."""
    calls: list[int] = []
    original = Core._update_certificates

    def counting(self):
        calls.append(1)
        return original(self)

    monkeypatch.setattr(Core, "_update_certificates", counting)
    return calls


def _worker(sandbox_url: str) -> WeChatPayProvider:
    """One app worker's WeChat adapter, its certificates already downloaded."""
    provider = WeChatPayProvider(GatewayConfig.from_settings().sandboxed(sandbox_url))
    provider._sdk()
    return provider


def _forged(serial: str) -> tuple[dict[str, str], bytes]:
    """A paid notification signed by a forger's key under a serial the app does not hold."""
    return signing.wechat_notification(
        platform_key=FORGED_KEY,
        platform_serial=serial,
        apiv3_key=load_payment_keys().wechat_apiv3_key,
        event_id="EV-FORGED",
        event_type="TRANSACTION.SUCCESS",
        resource={"mchid": get_settings().wechat_mchid, "out_trade_no": "X"},
    )


def _rows(session) -> int:
    return session.exec(select(func.count()).select_from(PaymentNotification)).one()


def test_unknown_serials_refetch_at_most_once_per_window_across_workers(
    session, sandbox_url, refetches
):
    workers = [_worker(sandbox_url), _worker(sandbox_url)]
    refetches.clear()
    outcomes = []
    for i in range(100):
        install_providers({"wechat": workers[i % 2]})
        headers, body = _forged(f"{0xABC000 + i:X}")
        outcomes.append(payments.apply_notification(session, "wechat", headers, body, "1.2.3.4"))
    install_providers(None)
    assert len(refetches) <= 1
    assert {(o.outcome, o.accepted) for o in outcomes} == {("rejected", False)}
    assert {o.reason for o in outcomes} <= {"unknown_serial", "bad_signature"}


def test_a_genuine_notification_still_verifies_after_a_flood(
    demo_session, sandbox_url, refetches, customer
):
    from tests.support.orders import pending_order

    worker = _worker(sandbox_url)
    install_providers({"wechat": worker})
    try:
        for i in range(20):
            payments.apply_notification(demo_session, "wechat", *_forged(f"{0xDEF000 + i:X}"))
        order = pending_order(demo_session, customer)
        start = payments.start_payment(demo_session, customer, order.id, "wechat")
        headers, body = signing.paid_notification(
            "wechat", start.out_trade_no, start.amount_fen, "4200000000202612070000000001"
        )
        outcome = payments.apply_notification(demo_session, "wechat", headers, body)
    finally:
        install_providers(None)
    assert outcome.outcome == "applied"


def test_rejected_notifications_write_a_few_rows_per_source_and_minute_and_count_the_rest(
    session,
):
    per_minute = get_settings().rejected_notices_logged
    outcomes = [
        payments.apply_notification(session, "nosuch", {}, b"{}", "203.0.113.9") for _ in range(100)
    ]
    assert {(o.outcome, o.reason, o.accepted) for o in outcomes} == {
        ("rejected", "unknown_provider", False)
    }
    assert _rows(session) <= 2 * per_minute  # the minute may turn once during the run
    from salon_app.core.clock import utcnow

    counted = rate_limits.peek(
        session, notice_limits.rejected_log_limit(), "nosuch:203.0.113.9", utcnow()
    ) + rate_limits.peek(
        session,
        notice_limits.rejected_log_limit(),
        "nosuch:203.0.113.9",
        utcnow() - notice_limits.rejected_log_limit().per,
    )
    assert counted == 100
    # another source still gets its rows
    before = _rows(session)
    payments.apply_notification(session, "nosuch", {}, b"{}", "198.51.100.1")
    assert _rows(session) == before + 1
