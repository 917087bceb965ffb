"""merchant_stats_90d: every figure of the statistics page for the busiest shop over 90 days.

On the bulk city (10k technicians, 1M orders; BENCH_STATS_ORDERS picks a smaller one built by
the same generator): the shop with the most orders in the last 90 days, its statistics for the
90 local days up to today against the 90 before (one shop_statistics call: visits, ledger
revenue, customers, sources, services, hours, rota-based utilisation, per-technician figures).
Also timed, as a separate figure: the xlsx export of the same screen. Read-only, but for
the bench city's operator account, added once (dataset.bench_operator).
Like the app at start (api/jobs.settle_startup_heap), the process freezes what its imports
left alive before timing; BENCH_STATS_NO_FREEZE=1 times without it.
"""

from __future__ import annotations

import os
from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from bench import dataset  # first: sets the instance dir before app imports
from bench.measure import time_calls
from salon_app.api.jobs import settle_startup_heap
from salon_app.core.clock import utcnow
from salon_app.core.db import make_engine
from salon_app.core.models import Merchant, Order
from salon_app.core.services.availability.data import zone
from salon_app.core.services.stats import export_xlsx, shop_statistics

SAMPLES = 40
DAYS = 90


def run() -> dict[str, dict]:
    orders = int(os.environ.get("BENCH_STATS_ORDERS", 1_000_000))
    technicians = max(50, orders // 100)
    engine = make_engine(dataset.bulk_sqlite(technicians, orders))
    if not os.environ.get("BENCH_STATS_NO_FREEZE"):
        settle_startup_heap()
    try:
        with Session(engine, expire_on_commit=False) as s:
            since = utcnow() - timedelta(days=DAYS)
            shop_id, count = s.exec(
                select(Order.merchant_id, func.count(col(Order.id)))
                .where(col(Order.merchant_id).is_not(None), col(Order.starts_at) >= since)
                .group_by(col(Order.merchant_id))
                .order_by(func.count(col(Order.id)).desc(), col(Order.merchant_id))
                .limit(1)
            ).one()
            shop = s.get(Merchant, shop_id)
            actor = dataset.bench_operator(s)  # the platform may open any shop's statistics
            last = utcnow().astimezone(zone(shop.timezone)).date()
            first = last - timedelta(days=DAYS - 1)

            def figures(_: int) -> object:
                s.expire_all()
                return shop_statistics(s, actor, shop_id, first, last)

            stats = figures(0)
            print(
                f"  shop {shop_id}: {count} orders since {DAYS} d ago; {stats.orders.value} visits,"
                f" {len(stats.technicians)} technicians, revenue {stats.revenue_fen.value} fen",
                flush=True,
            )
            timed = time_calls(figures, SAMPLES)
            export = time_calls(lambda _: export_xlsx(s, actor, shop_id, first, last), 10, 2)
    finally:
        engine.dispose()
    suffix = "" if orders == 1_000_000 else f" ({orders} orders)"
    return {
        "merchant_stats_90d": {**timed, "city": f"{technicians}t/{orders}o{suffix}"},
        "merchant_stats_export_90d": {**export, "city": f"{technicians}t/{orders}o{suffix}"},
    }


if __name__ == "__main__":
    print(run())
