"""Cached benchmark data for dispatch: the bulk Shenzhen with 100,000 technicians.

The same generator, file naming and cache rules as bench/dataset.py (whose import fixes the
instance directory, so import this module before any app module): bench/data/bulk_<T>t_<O>o.db
with a marker file, rebuilt when older than its MAX_AGE. 100,000 technicians with 1M orders
take about BUILD_MINUTES to generate once; the 10,000-technician file is bench/dataset's own.
"""

from __future__ import annotations

import time

from bench.dataset import bulk_sqlite

TECHNICIANS_100K = 100_000
ORDERS_100K = 1_000_000
BUILD_MINUTES = 6


def bulk_sqlite_100k() -> tuple[str, float]:
    """URL of the 100,000-technician city and the seconds spent getting it (0 when cached)."""
    started = time.perf_counter()
    url = bulk_sqlite(technicians=TECHNICIANS_100K, orders=ORDERS_100K)
    return url, time.perf_counter() - started


if __name__ == "__main__":
    url, seconds = bulk_sqlite_100k()
    print(f"{url} ready in {seconds:.0f} s")
