"""Dispatch ranking on the bulk city (SQLite): how fast are the 10 best, and are they right?

dispatch_top10_10k         rank_candidates(limit=10) for a random at-home order among 10,000
                           technicians (1M orders), goal p95 < 5 ms
dispatch_top10_100k        the same among 100,000 technicians (1M orders), goal p95 < 5 ms
agreement_with_bruteforce  share of 1,000 random orders (10k city) whose top 10 (ids, scores,
                           components) equals BruteForce.rank's, goal >= 0.999; the same
                           for 100 orders in the 100k city (agreement_with_bruteforce_100k)
dispatch_index_build_*     the one-off cost of the in-memory index (first call of a process)
load_avg                   the machine's 1-minute load average when the timing ended

A random order: a point of a random Shenzhen district, within ~2 km of its centre; a random
at-home service; a start on the 30-min grid, 1-7 days ahead, from 09:00 local to 18:00 less
the service's duration (the job lies in typical working hours). Each call gets a fresh
Session, as a request in the app would.
Run: `.venv/bin/python -m bench.run bench_dispatch` (builds bench/data/ once: the 10k file
~4 min, the 100k file ~6 min).
"""

from __future__ import annotations

import os
import random
import time
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bench.dataset import bulk_sqlite  # first: it fixes the instance dir (encryption keys)
from bench.dataset_dispatch import bulk_sqlite_100k
from bench.measure import summarize
from salon_app.core.clock import utcnow
from salon_app.core.db import make_engine
from salon_app.core.demo.shenzhen import DISTRICTS
from salon_app.core.models import (
    Service,
)
from salon_app.core.services.availability.data import zone
from salon_app.core.services.dispatch.index import forget
from salon_app.core.services.dispatch.ranking import rank_candidates
from salon_app.core.services.dispatch.scoring import Job
from tests.support.dispatch_reference import BruteForce

SAMPLES = 300
WARMUP = 30
AGREEMENT_N = 1000  # on the 10k city
AGREEMENT_100K_N = 100  # the brute force takes ~2 s a query among 100,000
SEED = 2026
JITTER_DEG = 0.018  # ~2 km


def random_jobs(session: Session, rng: random.Random, n: int, now: datetime) -> list[Job]:
    """n random at-home orders (see the module docstring)."""
    services = session.exec(select(Service).where(col(Service.at_home).is_(True))).all()
    tz = zone(None)
    today = now.astimezone(tz).date()
    jobs = []
    for _ in range(n):
        district = rng.choice(DISTRICTS)
        at = (
            district.lat + rng.uniform(-JITTER_DEG, JITTER_DEG),
            district.lng + rng.uniform(-JITTER_DEG, JITTER_DEG),
        )
        service = rng.choice(services)
        latest = max(9 * 60, 18 * 60 - service.duration_min)
        minute = rng.randrange(9 * 60, latest + 1, 30)
        day = today + timedelta(days=rng.randint(1, 7))
        local = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(minutes=minute)
        jobs.append(Job(service.id, local.astimezone(now.tzinfo), service.duration_min, at, True))
    return jobs


def _timed(engine: Engine, jobs: list[Job], now: datetime) -> tuple[dict, float]:
    """Percentiles of rank_candidates over jobs[WARMUP:], and the first call's ms (build)."""
    forget()
    samples = []
    first = 0.0
    for i, job in enumerate(jobs):
        with Session(engine) as session:
            started = time.perf_counter()
            rank_candidates(session, job, limit=10, now=now)
            ms = (time.perf_counter() - started) * 1000
        if i == 0:
            first = ms
        if i >= WARMUP:
            samples.append(ms)
    return {**summarize(samples), "load_avg": round(os.getloadavg()[0], 2)}, first


def _agreement(engine: Engine, jobs: list[Job], now: datetime) -> dict:
    """Share of jobs whose top 10 (ids, scores and components) equals BruteForce.rank's."""
    same = 0
    with Session(engine) as session:
        brute = BruteForce(session)
    for job in jobs:
        with Session(engine) as session:
            fast = rank_candidates(session, job, limit=10, now=now)
            slow = brute.rank(session, job, 10, now)
        if fast == slow:
            same += 1
        else:
            print(f"  differs: {job}\n    fast  {fast}\n    brute {slow}", flush=True)
    return {"share": round(same / len(jobs), 4), "n": len(jobs)}


def run() -> dict[str, dict]:
    """Both timings first, then both agreement checks: the brute force reads whole tables
    for minutes, and the timings should not start in the wake of that."""
    now = utcnow()
    rng = random.Random(SEED)
    results: dict[str, dict] = {}
    url_100k, build_s = bulk_sqlite_100k()
    if build_s > 1:
        results["dispatch_dataset_100k"] = {"build_s": round(build_s, 1)}
    checks = {"10k": ("agreement_with_bruteforce", AGREEMENT_N)}
    checks["100k"] = ("agreement_with_bruteforce_100k", AGREEMENT_100K_N)
    agreements = []
    for label, url in (("10k", bulk_sqlite()), ("100k", url_100k)):
        engine = make_engine(url)
        with Session(engine) as session:
            jobs = random_jobs(session, rng, WARMUP + SAMPLES, now)
            metric, n = checks[label]
            agreements.append((url, metric, random_jobs(session, rng, n, now)))
        results[f"dispatch_top10_{label}"], build_ms = _timed(engine, jobs, now)
        results[f"dispatch_index_build_{label}"] = {"first_call_ms": round(build_ms, 1)}
        engine.dispose()
    for url, metric, agreement_jobs in agreements:
        engine = make_engine(url)
        results[metric] = _agreement(engine, agreement_jobs, now)
        engine.dispose()
    return results
