"""What keeping a page live costs: one look of the refresh task on 10k technicians / 1M orders.

Each open live page looks every 1.5 s (salon_app/components/live.py): a fresh Session, the
browser's token resolved to its user, then the page's version number. Timed for the busiest
technicians' job boards (their orders' events scanned for the newest) and for customers' order
pages. Read-only: runs on the cached dataset, after adding one login per user it times.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from bench import dataset  # first: sets the instance dir before app imports
from bench.measure import time_calls
from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.db import make_engine
from salon_app.core.models import AuthSession, Order, Technician
from salon_app.core.services import auth, orders
from salon_app.core.services.orders import jobs as job_board

SAMPLES = 300
USERS = 50


def _login(session: Session, user_id: int) -> str:
    """A browser token for the user, stored as log_in stores it (no password needed here)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        AuthSession(
            user_id=user_id,
            token_hash=crypto.token_hash(token),
            created_at=now,
            expires_at=now + timedelta(hours=1),
        )
    )
    return token


def run() -> dict[str, dict]:
    engine = make_engine(dataset.bulk_sqlite())
    rng = random.Random(11)
    boards: list[str] = []
    pages: list[tuple[str, str]] = []
    try:
        with Session(engine, expire_on_commit=False) as s:
            busiest = s.exec(
                select(Technician.user_id)
                .join(Order, Order.technician_id == Technician.id)
                .group_by(Technician.id)
                .order_by(func.count(Order.id).desc())
                .limit(USERS)
            ).all()
            some_orders = s.exec(
                select(Order.customer_id, Order.code).order_by(func.random()).limit(USERS)
            ).all()
            boards = [_login(s, user_id) for user_id in busiest]
            pages = [(_login(s, customer_id), code) for customer_id, code in some_orders]
            s.commit()

        def board_look(i: int) -> str:
            with Session(engine) as s:
                return job_board.board_version(s, auth.resolve(s, rng.choice(boards)))

        def order_look(i: int) -> str:
            token, code = rng.choice(pages)
            with Session(engine) as s:
                return orders.order_version(s, auth.resolve(s, token), code)

        return {
            "live_look_tech_board": time_calls(board_look, SAMPLES, warmup=20),
            "live_look_order_page": time_calls(order_look, SAMPLES, warmup=20),
        }
    finally:
        with Session(engine) as s:  # leave the cached dataset as it was generated
            hashes = [crypto.token_hash(t) for t in boards + [t for t, _ in pages]]
            s.execute(delete(AuthSession).where(col(AuthSession.token_hash).in_(hashes)))
            s.commit()
        engine.dispose()
