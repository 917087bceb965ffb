"""Claiming a coupon under contention: 100 customers claim a 10-stock coupon at the same moment.

coupon_claim_contended_sqlite    100 threads, each its own session (as workers), released
coupon_claim_contended_postgres  together by a barrier, call marketing.claim; exactly 10 must
                                 be issued (asserted every round). Latency of one claim, won
                                 or refused (coupon.out_of_stock), from the barrier to its
                                 commit or rollback; ROUNDS rounds, a fresh template each.

Database: a SQLite file (WAL) and a throwaway PostgreSQL server (tests/support/postgres.py),
schema from the models, 100 customers and an operator. Run:
`.venv/bin/python -m bench.run bench_coupons`.
"""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel, func, select

import salon_app.core.models  # noqa: F401 - registers every table
from bench.measure import summarize
from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.db import make_engine
from salon_app.core.errors import DomainError
from salon_app.core.models import AdminRole, Coupon, CouponTemplate, Role, User
from salon_app.core.services import marketing
from salon_app.core.services.access import Actor
from salon_app.core.services.marketing import TemplateDraft

CLAIMERS = 100
STOCK = 10
ROUNDS = 5


def _world(engine: Engine) -> tuple[Actor, list[Actor]]:
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS btree_gist"))
    SQLModel.metadata.create_all(engine)
    now = utcnow()
    with Session(engine, expire_on_commit=False) as session:
        people = []
        for i in range(CLAIMERS + 1):
            phone = f"+86177{i:08d}"
            person = User(phone=phone, phone_hash=crypto.lookup_hash(phone), password_hash="x",
                          display_name=f"抢券{i}", role=Role.customer, created_at=now)  # fmt: skip
            people.append(person)
        operator = people[-1]
        operator.role, operator.admin_role = Role.admin, AdminRole.operations
        session.add_all(people)
        session.commit()
        admin = Actor(operator.id, "admin", operator.display_name, admin_role="operations")
        return admin, [Actor(u.id, "customer", u.display_name) for u in people[:-1]]


def _round(engine: Engine, admin: Actor, customers: list[Actor], n: int) -> list[float]:
    with Session(engine) as session:
        draft = TemplateDraft(name=f"限量{n}", kind="no_threshold", amount_fen=500, valid_days=7,
                              total_stock=STOCK)  # fmt: skip
        template_id = marketing.create_template(session, admin, draft, publish=True).id
    barrier = threading.Barrier(len(customers))
    latencies: list[float] = [0.0] * len(customers)
    outcomes: list[str] = [""] * len(customers)

    def claim(i: int, who: Actor) -> None:
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            start = time.perf_counter()
            try:
                marketing.claim(session, who, template_id)
                outcomes[i] = "won"
            except DomainError as err:
                outcomes[i] = err.key
            latencies[i] = (time.perf_counter() - start) * 1000

    threads = [threading.Thread(target=claim, args=pair) for pair in enumerate(customers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    with Session(engine) as session:
        issued = session.get(CouponTemplate, template_id).issued
        held = session.exec(
            select(func.count()).select_from(Coupon).where(Coupon.template_id == template_id)
        ).one()
    assert outcomes.count("won") == STOCK == issued == held, (outcomes, issued, held)
    assert set(outcomes) == {"won", "coupon.out_of_stock"}, set(outcomes)
    return latencies


def _measure(engine: Engine) -> dict[str, float]:
    admin, customers = _world(engine)
    _round(engine, admin, customers[:20], 0)  # warm-up: connections, caches
    samples: list[float] = []
    for n in range(1, ROUNDS + 1):
        samples += _round(engine, admin, customers, n)
    return {**summarize(samples), "issued_per_round": STOCK, "claimers": CLAIMERS}


def run() -> dict[str, dict]:
    figures: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="salon-bench-coupons-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'coupons.db'}")
        try:
            figures["coupon_claim_contended_sqlite"] = _measure(engine)
        finally:
            engine.dispose()
    from tests.support.postgres import PostgresServer  # the tests' throwaway server

    with PostgresServer() as server:
        engine = make_engine(server.create_database("bench_coupons"))
        try:
            figures["coupon_claim_contended_postgres"] = _measure(engine)
        finally:
            engine.dispose()
    return figures
