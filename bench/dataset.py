"""Cached benchmark data: the bulk Shenzhen (10,000 technicians, 1M orders) in a SQLite file.

`bulk_sqlite()` returns the URL of bench/data/bulk_<T>t_<O>o.db, building it once (Alembic
migrations, then `salon_app.core.demo.bulk.generate`, ~3.5 min for 1M orders) and reusing it
while its marker file (same name, .json) matches the requested counts and it is less than
MAX_AGE old: bulk orders run from 180 days before to 30 days after the day they were generated,
so an old file would have almost no future bookings left and flatter the availability figures.
Delete bench/data/ to force a rebuild.

Addresses and phones in the file are encrypted with the keys of an instance directory, so the
instance dir must stay the same between runs: this module points SALON_INSTANCE_DIR at
bench/data/instance *before* any app module is imported (import it first in bench modules).
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
INSTANCE = DATA / "instance"
os.environ["SALON_INSTANCE_DIR"] = str(INSTANCE)

from salon_app.core.settings import get_settings  # noqa: E402

get_settings.cache_clear()  # in case another module read the settings before us

from alembic import command  # noqa: E402
from alembic.config import Config  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from salon_app.core import crypto  # noqa: E402
from salon_app.core.clock import utcnow  # noqa: E402
from salon_app.core.db import make_engine  # noqa: E402
from salon_app.core.demo.bulk import generate  # noqa: E402
from salon_app.core.models import AdminRole, Order, Role, Technician, User  # noqa: E402
from salon_app.core.services.access import Actor  # noqa: E402
from salon_app.core.settings import PROJECT_DIR  # noqa: E402

MAX_AGE = timedelta(days=7)


def _marker_ok(db: Path, marker: Path, wanted: dict[str, int]) -> bool:
    if not (db.exists() and marker.exists()):
        return False
    data = json.loads(marker.read_text())
    if any(data.get(k) != v for k, v in wanted.items()):
        return False
    built = datetime.fromisoformat(data["generated_at"])
    if datetime.now(UTC) - built > MAX_AGE:
        return False
    engine = make_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            techs = conn.scalar(select(func.count()).select_from(Technician))
            orders = conn.scalar(select(func.count()).select_from(Order))
    finally:
        engine.dispose()
    return techs == wanted["technicians"] and orders == wanted["orders"]


def migrate(url: str) -> None:
    """Bring a database to the current schema (a cached file may predate a migration)."""
    cfg = Config(str(PROJECT_DIR / "alembic" / "alembic.ini"))
    cfg.attributes["url"] = url
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, "head")


def _build(db: Path, technicians: int, orders: int, customers: int) -> None:
    partial = db.with_suffix(".partial.db")
    for stale in DATA.glob(partial.name + "*"):
        stale.unlink()
    url = f"sqlite:///{partial}"
    migrate(url)
    engine = make_engine(url)
    try:
        print(f"building {db.name} (once): {technicians} technicians, {orders} orders", flush=True)
        summary = generate(
            engine,
            technicians=technicians,
            orders=orders,
            customers=customers,
            progress=lambda message: print(message, flush=True),
        )
        print(f"  {summary.rows} rows in {summary.seconds:.0f} s", flush=True)
    finally:
        engine.dispose()  # checkpoints the WAL into the file
    partial.replace(db)


def bulk_sqlite(technicians: int = 10_000, orders: int = 1_000_000) -> str:
    """URL of a SQLite file holding the bulk city with these counts, built on first use."""
    customers = 50_000
    DATA.mkdir(parents=True, exist_ok=True)
    db = DATA / f"bulk_{technicians}t_{orders}o.db"
    marker = db.with_suffix(".json")
    wanted = {"technicians": technicians, "orders": orders, "customers": customers}
    with open(db.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two benchmarks starting together build it once
        if not _marker_ok(db, marker, wanted):
            marker.unlink(missing_ok=True)
            _build(db, technicians, orders, customers)
            stamp = {**wanted, "generated_at": datetime.now(UTC).isoformat()}
            marker.write_text(json.dumps(stamp, indent=2) + "\n")
        else:
            migrate(f"sqlite:///{db}")
    return f"sqlite:///{db}"


OPERATOR_PHONE = "+8613800000000"  # the bench city's platform operator (never a real number)


def bench_operator(session: Session) -> Actor:
    """A super admin of the bench city, added once (the bulk generator makes customers,
    technicians and shops only): admin services re-read their operator's account, so a bench
    must act as a real one. Committed, like the migrations applied to a cached file."""
    phone_hash = crypto.lookup_hash(OPERATOR_PHONE)
    user = session.exec(select(User).where(User.phone_hash == phone_hash)).scalars().first()
    if user is None:
        user = User(
            phone=OPERATOR_PHONE,
            phone_hash=phone_hash,
            password_hash="!",  # no password logs in
            display_name="压测运营",
            role=Role.admin,
            admin_role=AdminRole.super_admin,
            created_at=utcnow(),
        )
        session.add(user)
        session.commit()
    return Actor(user.id, Role.admin, user.display_name, admin_role=user.admin_role)
