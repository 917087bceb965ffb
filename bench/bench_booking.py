"""booking_commit: create an order through the race-safe path on 10k technicians / 1M orders.

Timed: lock the technician's calendar, re-check the slot with the availability engine, insert
the order, its item and its first event, commit (SQLite WAL). Not timed: finding a free slot.
Runs on a scratch copy of the cached dataset so the cache stays as generated.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

from sqlmodel import Session, select

from bench import dataset  # first: sets the instance dir before app imports
from bench.measure import summarize
from salon_app.core.db import make_engine
from salon_app.core.models import Service, TechnicianService
from salon_app.core.services import availability
from salon_app.core.services.booking import BookingRequest, book
from tests.support import journeys

SAMPLES = 300


def run() -> dict[str, dict]:
    source = Path(dataset.bulk_sqlite().removeprefix("sqlite:///"))
    scratch = Path(tempfile.mkdtemp(prefix="bench-booking-")) / "bulk.db"
    shutil.copyfile(source, scratch)
    engine = make_engine(f"sqlite:///{scratch}")
    rng = random.Random(7)
    samples: list[float] = []
    try:
        with Session(engine, expire_on_commit=False) as s:
            customer = journeys.sign_up(s, "17699990001", "bench2026", "压测顾客")
            offers = s.exec(
                select(TechnicianService.technician_id, TechnicianService.service_id)
                .join(Service, Service.id == TechnicianService.service_id)
                .where(Service.in_shop)
            ).all()
            attempts = 0
            while len(samples) < SAMPLES and attempts < SAMPLES * 5:
                attempts += 1
                tech_id, service_id = rng.choice(offers)
                slots = availability.next_free_slots(s, tech_id, service_id, limit=6)
                if not slots:
                    continue
                request = BookingRequest(service_id, tech_id, rng.choice(slots))
                started = time.perf_counter()
                try:
                    order = book(s, customer, request)
                except Exception:
                    continue
                samples.append((time.perf_counter() - started) * 1000)
                journeys.mark_paid(s, order)  # one customer may hold only 2 unpaid (issue 13)
    finally:
        engine.dispose()
        shutil.rmtree(scratch.parent, ignore_errors=True)
    return {"booking_commit": summarize(samples)}


if __name__ == "__main__":
    print(run())
