"""rota_generate_12w: a shop's two-week pattern turned into 12 weeks of shifts for its 30
technicians, each through rota.apply_change (calendar lock, regeneration of 84 days, the
conflict check over the technician's booked orders of those weeks, audit, notice, commit).

One sample is the whole shop in one call (ApplyPattern for the 30 technicians, one
transaction, as a manager applying the team's new rota); each round moves the evening end,
so every call really replaces 30 x 84 days of rows. The same for one technician at a time is
reported as rota_generate_12w_per_technician. The world is a scratch SQLite file: one shop, 30
technicians with weekly hours, and ~1,800 booked orders inside the pattern's shifts (so the
check reads them all and finds nothing to decide). Run: `python -m bench.run bench_rota`.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import dataset  # noqa: F401 - first: sets the instance dir before app imports
from bench.measure import time_calls
from salon_app.core.clock import utcnow
from salon_app.core.db import make_engine
from salon_app.core.models import Merchant, MerchantStaff, Order, Technician, User, WorkingHours
from salon_app.core.services import rota
from salon_app.core.services.access import Actor
from salon_app.core.services.availability.data import zone
from salon_app.core.services.rota import ApplyPattern, PatternShift
from tests.conftest import create_schema

TECHNICIANS = 30
ROUNDS, WARMUP = 20, 2
TZ = zone("Asia/Shanghai")


def _world(session) -> tuple[Actor, list[int]]:
    now = utcnow()
    shop = Merchant(
        name="压测店", address="福田区", lat=22.54, lng=114.05, contact_phone="", created_at=now
    )
    session.add(shop)
    session.flush()
    owner = User(
        phone="+8617600009999",
        phone_hash="o",
        password_hash="x",
        display_name="店长",
        role="merchant",
        created_at=now,
    )
    session.add(owner)
    session.flush()
    session.add(MerchantStaff(user_id=owner.id, merchant_id=shop.id, role="owner"))
    today = now.astimezone(TZ).date()
    ids = []
    for i in range(TECHNICIANS):
        user = User(
            phone=f"+86176000{i:05d}",
            phone_hash=f"t{i}",
            password_hash="x",
            display_name=f"技师{i}",
            role="technician",
            created_at=now,
        )
        session.add(user)
        session.flush()
        tech = Technician(
            user_id=user.id,
            merchant_id=shop.id,
            display_name=user.display_name,
            gender="female",
            created_at=now,
        )
        session.add(tech)
        session.flush()
        ids.append(tech.id)
        for weekday in range(7):
            session.add(
                WorkingHours(
                    technician_id=tech.id, weekday=weekday, start_minute=600, end_minute=1140
                )
            )
        for offset in range(1, 85):  # an 11:00 order on most weekdays: inside every shift
            day = today + timedelta(days=offset)
            if day.weekday() > 4 or (offset + i) % 4 == 0:
                continue
            starts = datetime(day.year, day.month, day.day, 11, tzinfo=TZ).astimezone(UTC)
            session.add(
                Order(
                    code=f"B{i:02d}{offset:03d}",
                    customer_id=owner.id,
                    technician_id=tech.id,
                    merchant_id=shop.id,
                    status="pending_service",
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=1),
                    block_start=starts,
                    block_end=starts + timedelta(minutes=70),
                    total_fen=10000,
                    created_at=now,
                )
            )
    session.commit()
    return Actor(owner.id, "merchant", "店长", merchant_id=shop.id), ids


def _shifts(round_: int) -> tuple[PatternShift, ...]:
    late = f"{19 + round_ % 2}:00"  # each round moves the evening end, so rows really change
    week1 = [PatternShift(1, d, "10:00", "14:00") for d in range(5)]
    week1 += [PatternShift(1, d, "15:00", late) for d in range(5)]
    week2 = [PatternShift(2, d, "10:00", late) for d in range(6)]
    return tuple(week1 + week2)


def run() -> dict[str, dict]:
    from sqlmodel import Session

    scratch = Path(tempfile.mkdtemp(prefix="bench-rota-"))
    engine = make_engine(f"sqlite:///{scratch / 'rota.db'}")
    try:
        create_schema(engine)
        with Session(engine, expire_on_commit=False) as s:
            manager, ids = _world(s)
            monday = utcnow().astimezone(TZ).date()
            monday -= timedelta(days=monday.weekday())

            def team(i: int) -> None:
                change = ApplyPattern(tuple(ids), 2, monday, None, _shifts(i))
                assert rota.apply_change(s, manager, change).outcomes == []

            def one(i: int) -> None:
                change = ApplyPattern((ids[i % len(ids)],), 2, monday, None, _shifts(i // len(ids)))
                assert rota.apply_change(s, manager, change).outcomes == []

            figures = {
                "rota_generate_12w": time_calls(team, ROUNDS, warmup=WARMUP),
                "rota_generate_12w_per_technician": time_calls(one, TECHNICIANS * 3, warmup=2),
            }
    finally:
        engine.dispose()
        shutil.rmtree(scratch, ignore_errors=True)
    return figures


if __name__ == "__main__":
    print(run())
