"""Payment notifications: how long does verifying and applying one take?

webhook_apply            apply_notification on a fresh session, as the webhook route does:
                         signature and timestamp check with the real SDK code (WeChat Pay v3
                         RSA + AES-256-GCM, Alipay RSA2, card HMAC), amount check, the order's
                         money lock, payment row, order transition, ledger, notifications,
                         dispatch offer, commit (goal p95 < 20 ms); the three providers in turn
webhook_apply_<provider> the same, per provider
webhook_apply_duplicate  the same notification again: verified, recognised, answered

Database: a SQLite file migrated with Alembic, the demo city (half a year of history) plus
3,000 orders awaiting payment. The WeChat adapter fetches its platform certificate from the
sandbox gateway, started in-process. Run: `.venv/bin/python -m bench.run bench_payments`.
"""

from __future__ import annotations

import random
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import uvicorn
from alembic import command
from alembic.config import Config
from sqlmodel import Session, select

from bench.measure import summarize
from salon_app.core.clock import utcnow
from salon_app.core.db import make_engine, session_scope
from salon_app.core.demo.seed import seed_demo
from salon_app.core.integrations.payments import GatewayConfig, build_providers, install_providers
from salon_app.core.integrations.payments.sandbox import Behaviour, create_app
from salon_app.core.integrations.payments.sandbox.signing import paid_notification
from salon_app.core.models import Order, Payment, Role, Technician, TechnicianService, User
from salon_app.core.services import payments
from salon_app.core.settings import PROJECT_DIR

PENDING_ORDERS = 3_000
SAMPLES_PER_PROVIDER = 200
PROVIDERS = ("wechat", "alipay", "card")
SEED = 2026


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database(directory: Path) -> str:
    url = f"sqlite:///{directory / 'payments.db'}"
    cfg = Config(str(PROJECT_DIR / "alembic" / "alembic.ini"))
    cfg.attributes["url"] = url
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, "head")
    return url


def _pending_orders(session: Session, rng: random.Random) -> list[tuple[str, int, str]]:
    """PENDING_ORDERS orders awaiting payment, each with a payment started at a gateway."""
    prices = session.exec(
        select(
            TechnicianService.technician_id, TechnicianService.price_fen, Technician.merchant_id
        ).join(Technician, Technician.id == TechnicianService.technician_id)
    ).all()
    customers = session.exec(select(User.id).where(User.role == Role.customer)).all()
    now = utcnow().replace(second=0, microsecond=0)
    made: list[tuple[str, int, str]] = []
    per_tech: dict[int, int] = {}
    for i in range(PENDING_ORDERS):
        tech_id, price, merchant_id = rng.choice(prices)
        slot = per_tech[tech_id] = per_tech.get(tech_id, 0) + 1
        starts = now + timedelta(days=40, hours=3 * slot)  # never overlapping
        code = f"B{now:%y%m%d}{i:08d}"
        order = Order(
            code=code,
            customer_id=rng.choice(customers),
            technician_id=tech_id,
            merchant_id=merchant_id,
            status="pending_payment",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            block_start=starts,
            block_end=starts + timedelta(hours=1, minutes=10),
            holds_slot=True,
            total_fen=price,
            hold_expires_at=now + timedelta(hours=6),
            created_at=now,
        )
        session.add(order)
        session.flush()
        provider = PROVIDERS[i % 3]
        session.add(
            Payment(
                order_id=order.id,
                provider=provider,
                out_trade_no=f"{code}P1",
                amount_fen=price,
                status="created",
                created_at=now,
            )
        )
        made.append((f"{code}P1", price, provider))
    session.commit()
    return made


def run() -> dict[str, dict]:
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="salon-bench-pay-") as tmp:
        engine = make_engine(_database(Path(tmp)))
        with Session(engine) as session:
            seed_demo(session)
            trades = _pending_orders(session, rng)
        port = _free_port()
        app = create_app(behaviour=Behaviour(time_factor=0.001))
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.01)
        config = GatewayConfig.from_settings().sandboxed(f"http://127.0.0.1:{port}")
        install_providers(build_providers(config))
        try:
            figures = _measure(engine, trades)
        finally:
            install_providers(None)
            server.should_exit = True
            thread.join(10)
            engine.dispose()
    return figures


def _measure(engine: object, trades: list[tuple[str, int, str]]) -> dict[str, dict]:
    per: dict[str, list[float]] = {p: [] for p in PROVIDERS}
    duplicates: list[float] = []

    def apply(provider: str, headers: dict[str, str], body: bytes) -> tuple[float, str]:
        start = time.perf_counter()
        with session_scope(engine) as session:  # type: ignore[arg-type]
            outcome = payments.apply_notification(session, provider, headers, body)
        return (time.perf_counter() - start) * 1000, outcome.outcome

    picked = trades[: SAMPLES_PER_PROVIDER * 3 + 15]
    warmup, timed = picked[:15], picked[15:]
    for i, (no, amount, provider) in enumerate(warmup + timed):
        # Signed by the gateway just before it is sent (not part of our time).
        headers, body = paid_notification(provider, no, amount, f"TX{i:026d}")
        ms, outcome = apply(provider, {k.lower(): v for k, v in headers.items()}, body)
        assert outcome == "applied", outcome
        if i >= len(warmup):
            per[provider].append(ms)
            if i % 3 == 0:
                again, outcome = apply(provider, {k.lower(): v for k, v in headers.items()}, body)
                assert outcome == "duplicate", outcome
                duplicates.append(again)
    everything = [ms for samples in per.values() for ms in samples]
    with Session(engine) as session:  # type: ignore[arg-type]
        orders = len(session.exec(select(Order.id)).all())
    return {
        "webhook_apply": {**summarize(everything), "orders_in_db": orders},
        **{f"webhook_apply_{p}": summarize(samples) for p, samples in per.items()},
        "webhook_apply_duplicate": summarize(duplicates),
    }
