"""Availability on the bulk city (10,000 technicians, 1M orders, SQLite): how fast are slots?

slot_search_one_tech_30d  free_slots of one random technician and one of their services over
                          the next 30 days (goal p95 < 10 ms)
nearby_any_tech_10km      nearby_available: a random point of a demo district, a random
                          service, a random day of the coming week (goal p95 < 50 ms)

Every call gets a fresh Session, as a request in the app would. Besides wall-clock
percentiles, cpu_p50_ms / cpu_p95_ms give the process's CPU time per call: on a machine shared
with other work those show what the code costs when the wall clock also counts waiting for a
CPU. Run: `.venv/bin/python -m bench.run bench_availability` (builds bench/data/ once, ~4 min).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import timedelta

from sqlmodel import Session, select

from bench.dataset import bulk_sqlite  # first: it fixes the instance dir (encryption keys)
from bench.measure import summarize
from salon_app.core.clock import utcnow
from salon_app.core.db import make_engine
from salon_app.core.demo.shenzhen import DISTRICTS
from salon_app.core.models import Service, Technician, TechnicianService
from salon_app.core.services.availability import free_slots
from salon_app.core.services.availability.data import zone
from salon_app.core.services.discovery import nearby_available

SAMPLES = 300
SEED = 2026


def _offers(session: Session, rng: random.Random, n: int) -> list[tuple]:
    """n random (technician, service, customer place or None) for free_slots."""
    services = {s.id: s for s in session.exec(select(Service)).all()}
    rows = session.exec(
        select(
            TechnicianService.technician_id,
            TechnicianService.service_id,
            Technician.merchant_id,
            Technician.home_lat,
            Technician.home_lng,
        ).join(Technician, Technician.id == TechnicianService.technician_id)
    ).all()
    picked = []
    for tech_id, service_id, merchant_id, lat, lng in rng.sample(rows, n):
        service = services[service_id]
        in_shop = service.in_shop and merchant_id is not None
        at = None if in_shop else (lat + rng.uniform(-0.02, 0.02), lng + rng.uniform(-0.02, 0.02))
        picked.append((tech_id, service_id, at))
    return picked


def _points(rng: random.Random, n: int) -> list[tuple[float, float]]:
    points = []
    for _ in range(n):
        street = rng.choice(rng.choice(DISTRICTS).streets)
        points.append(
            (street.lat + rng.uniform(-0.01, 0.01), street.lng + rng.uniform(-0.01, 0.01))
        )
    return points


def _timed(call: Callable[[int], object], n: int, warmup: int = 5) -> dict[str, float]:
    """Wall-clock percentiles (bench.measure) plus CPU-time p50/p95 of `call(i)`."""
    for i in range(warmup):
        call(i)
    wall, cpu = [], []
    for i in range(n):
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        call(i)
        wall.append((time.perf_counter() - wall_start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
    cpu_figures = summarize(cpu)
    return {
        **summarize(wall),
        "cpu_p50_ms": cpu_figures["p50_ms"],
        "cpu_p95_ms": cpu_figures["p95_ms"],
    }


def run() -> dict[str, dict]:
    engine = make_engine(bulk_sqlite())
    rng = random.Random(SEED)
    now = utcnow()
    today = now.astimezone(zone(None)).date()
    with Session(engine) as session:
        offers = _offers(session, rng, SAMPLES + 5)
        service_ids = list(session.exec(select(Service.id)).all())
    points = _points(rng, SAMPLES + 5)
    searches = [
        (rng.choice(service_ids), today + timedelta(days=rng.randrange(7)), point)
        for point in points
    ]
    found: dict[str, list[int]] = {"slots": [], "cards": []}

    def one_tech(i: int) -> None:
        tech_id, service_id, at = offers[i]
        with Session(engine) as session:
            slots = free_slots(session, tech_id, service_id, today, 30, at=at, now=now)
        found["slots"].append(len(slots))

    def nearby(i: int) -> None:
        service_id, day, point = searches[i]
        with Session(engine) as session:
            cards = nearby_available(session, service_id, day, point, radius_km=10, now=now)
        found["cards"].append(len(cards))

    slots = _timed(one_tech, SAMPLES)
    cards = _timed(nearby, SAMPLES)
    engine.dispose()
    size = {"technicians": 10_000, "orders": 1_000_000, "db": "sqlite"}
    return {
        "slot_search_one_tech_30d": {
            **slots,
            "mean_slots": round(sum(found["slots"][-SAMPLES:]) / SAMPLES, 1),
            **size,
        },
        "nearby_any_tech_10km": {
            **cards,
            "mean_technicians": round(sum(found["cards"][-SAMPLES:]) / SAMPLES, 1),
            **size,
        },
    }
