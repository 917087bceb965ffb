"""猜你喜欢 and tags on the demo city and the bulk city: hit-rates, recompute times, latency.

- `recommend_hit_rate_at_5` / `popular_hit_rate_at_5`: each customer's last paid order held
  out, the recommender (recommendations.hit_rates, the live model) against "most popular",
  on the bulk city (10k technicians, 1M orders, 50k customers); `..._demo`: the same on the
  demo city seeded into a scratch file.
- `tags_recompute_full`, `recommend_precompute_full`: the nightly job's two steps over the
  whole bulk city (seconds; one run each).
- `recommend_for_customer`: one `recommend()` call for a random customer (p50/p95 ms).

Read-only on the bulk file: it is ATTACHed read-only under a scratch database that holds only
the tables these steps write (SQLite looks a table up in the main file first, then in the
attached one). BENCH_RECOMMEND_DB=<file> uses another bulk file (e.g. a shared one).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, event, func
from sqlmodel import Session, SQLModel, col, select

from bench import dataset  # first: sets the instance dir before app imports
from bench.measure import time_calls
from salon_app.core.clock import utcnow
from salon_app.core.db import make_engine
from salon_app.core.models import (
    CustomerFigures,
    PopularService,
    Role,
    Segment,
    ServiceAffinity,
    User,
    UserTag,
)
from salon_app.core.services.access import Actor
from salon_app.core.services.recommendations import hit_rates, past_orders, recommend
from salon_app.core.services.recommendations import refresh_recommendations as refresh
from salon_app.core.services.tags import recompute_tags

ZONE = ZoneInfo("Asia/Shanghai")
OWN_TABLES = [
    m.__table__ for m in (CustomerFigures, UserTag, Segment, ServiceAffinity, PopularService)
]


def _rates(name: str, session: Session, city: str) -> dict[str, dict]:
    started = time.perf_counter()
    rates = hit_rates(past_orders(session), ZONE)
    print(f"  {city}: {rates} ({time.perf_counter() - started:.1f} s)", flush=True)
    common = {"n": rates.n, "with_history": rates.with_history, "city": city}
    return {
        f"recommend_hit_rate_at_5{name}": {"value": rates.recommend, **common},
        f"popular_hit_rate_at_5{name}": {"value": rates.popular, **common},
    }


def _demo(scratch: Path) -> dict[str, dict]:
    from salon_app.core.demo.seed import seed_demo

    engine = make_engine(f"sqlite:///{scratch / 'demo.db'}")
    SQLModel.metadata.create_all(engine)
    try:
        with Session(engine) as session:
            seed_demo(session)
        with Session(engine) as session:
            return _rates("_demo", session, "demo")
    finally:
        engine.dispose()


def _attached(scratch: Path, bulk: str) -> object:
    """A scratch file with our tables, the bulk file attached read-only behind it."""
    engine = create_engine(f"sqlite:///file:{scratch / 'own.db'}?mode=rwc&uri=true")

    @event.listens_for(engine, "connect")
    def _attach(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"ATTACH DATABASE 'file:{bulk}?mode=ro' AS bulk")

    SQLModel.metadata.create_all(engine, tables=OWN_TABLES)
    return engine


def _bulk(scratch: Path) -> dict[str, dict]:
    path = os.environ.get("BENCH_RECOMMEND_DB") or dataset.bulk_sqlite().removeprefix("sqlite:///")
    city = Path(path).stem.removeprefix("bulk_")
    engine = _attached(scratch, path)
    figures: dict[str, dict] = {}
    try:
        with Session(engine, expire_on_commit=False) as session:
            now = utcnow()
            started = time.perf_counter()
            tags = recompute_tags(session, now)
            seconds = round(time.perf_counter() - started, 2)
            figures["tags_recompute_full"] = {
                "seconds": seconds,
                "customers": tags.customers,
                "tags": tags.tags,
                "city": city,
            }
            print(f"  tags: {tags} in {seconds} s", flush=True)
            started = time.perf_counter()
            pre = refresh(session, now)
            seconds = round(time.perf_counter() - started, 2)
            figures["recommend_precompute_full"] = {
                "seconds": seconds,
                "customers": pre.customers,
                "pairs": pre.pairs,
                "city": city,
            }
            print(f"  precompute: {pre} in {seconds} s", flush=True)
            ids = session.exec(
                select(User.id).where(User.role == Role.customer).order_by(col(User.id))
            ).all()
            rng = random.Random(10)
            picks = [rng.choice(ids) for _ in range(305)]

            def call(i: int) -> object:
                session.expire_all()
                return recommend(session, Actor(picks[i], Role.customer, "压测顾客"))

            figures["recommend_for_customer"] = {**time_calls(call, 300), "city": city}
            figures.update(_rates("", session, city))
            counted = session.exec(select(func.count()).select_from(UserTag)).one()
            print(f"  {counted} tags written to the scratch file", flush=True)
    finally:
        engine.dispose()
    return figures


def run() -> dict[str, dict]:
    with tempfile.TemporaryDirectory(prefix="bench_recommend_") as scratch:
        figures = _demo(Path(scratch))
        figures.update(_bulk(Path(scratch)))
    return figures


if __name__ == "__main__":
    print(run())
