"""Large, realistic data for benchmarks: thousands of technicians, up to millions of orders.

Rows go in with SQLAlchemy Core executemany in batches (no ORM objects), on top of an existing
schema; the demo catalogue is added first if it is missing. Technicians are spread over every
district of Shenzhen; their orders run from 180 days ago to 30 days ahead and never overlap.
"""

from __future__ import annotations

import random
import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, Table, func, insert, inspect
from sqlmodel import Session, select

from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.demo import people
from salon_app.core.demo.bulk_orders import (
    BATCH,
    PAST_DAYS,
    BulkService,
    BulkTechnician,
    OrderWriter,
)
from salon_app.core.demo.catalogue_data import CATEGORIES
from salon_app.core.demo.seed import hash_password_once, load_catalogue, weekly_hours
from salon_app.core.demo.shenzhen import DISTRICTS
from salon_app.core.models import (
    Certificate,
    Merchant,
    ServiceArea,
    ServiceCategory,
    Technician,
    TechnicianService,
    User,
    WorkingHours,
)
from salon_app.core.models import Order as OrderModel
from salon_app.core.models.coarse import technician_coarse
from salon_app.core.settings import get_settings

TRADE_WEIGHTS = {"hair": 35, "beauty": 20, "nails": 20, "housekeeping": 25}
TECHNICIANS_PER_SHOP = 50
SHOP_SHARE = 0.7  # technicians employed by a shop; the rest work on their own
BRANDS = [
    "悦丝造型",
    "指尖花园",
    "安居到家",
    "青禾美学",
    "丝韵沙龙",
    "洁净家",
    "美丽约",
    "鹿鸣美业",
]


@dataclass(frozen=True)
class BulkSummary:
    merchants: int
    technicians: int
    customers: int
    orders: int
    rows: int  # every row written, in all tables
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def generate(
    engine: Engine,
    technicians: int,
    orders: int,
    customers: int = 50_000,
    seed: int = 2026,
    progress: Callable[[str], None] | None = None,
) -> BulkSummary:
    """Add shops, `technicians`, `customers` and `orders` (with items, events, payments...)."""
    if not inspect(engine).has_table("orders"):
        raise RuntimeError("no schema: run `alembic -c alembic/alembic.ini upgrade head` first")
    if technicians < 1 or customers < 1 or orders < 0:
        raise ValueError("need at least one technician and one customer")
    say = progress or (lambda _message: None)
    return _Generator(engine, random.Random(seed), say).run(technicians, orders, customers)


class _Generator:
    def __init__(self, engine: Engine, rng: random.Random, say: Callable[[str], None]) -> None:
        self.engine, self.rng, self.say = engine, rng, say
        self.now = utcnow()
        self.rows = 0

    def run(self, technicians: int, orders: int, customers: int) -> BulkSummary:
        started = clock.perf_counter()
        self.services = self._catalogue()
        with self.engine.connect() as conn:
            self.user_base = conn.scalar(select(func.coalesce(func.max(User.id), 0))) + 1
            order_base = conn.scalar(select(func.coalesce(func.max(OrderModel.id), 0))) + 1
        self.password_hash = hash_password_once()
        merchant_ids = self._merchants(max(1, technicians // TECHNICIANS_PER_SHOP))
        customer_ids = self._users(customers, "customer", 0)
        self.say(f"{len(merchant_ids)} shops, {customers} customers")
        techs = self._technicians(technicians, merchant_ids, customers)
        self.say(f"{technicians} technicians with hours, areas and prices")
        writer = OrderWriter(self.engine, self.rng, self.now, order_base, self.say)
        writer.write(techs, customer_ids, orders)
        seconds = clock.perf_counter() - started
        rows = self.rows + writer.rows
        return BulkSummary(len(merchant_ids), technicians, customers, orders, rows, seconds)

    def _catalogue(self) -> list[BulkService]:
        with Session(self.engine, expire_on_commit=False) as session:
            services = load_catalogue(session)
            session.commit()
            slugs = {c.id: c.slug for c in session.exec(select(ServiceCategory)).all()}
        return [
            BulkService(
                id=s.id,
                category=slugs[s.category_id],
                price_min=s.price_min_fen,
                price_max=s.price_max_fen,
                duration=s.duration_min,
                at_home=s.at_home,
                in_shop=s.in_shop,
                published_at=s.published_at,
            )
            for s in services.values()
        ]

    def _insert(self, table: Table, rows: list[dict], key: str | None = None) -> list[int]:
        """Insert in batches, each in its own transaction; with `key` (a unique column), return
        the new ids in the order of `rows`."""
        ids: list[int] = []
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            with self.engine.begin() as conn:
                conn.execute(insert(table), chunk)
                if key is not None:
                    # Ids by a unique column: ordered RETURNING is row by row on SQLite.
                    column = table.c[key]
                    found = conn.execute(
                        select(column, table.c.id).where(column.in_([row[key] for row in chunk]))
                    )
                    by_key = {value: row_id for value, row_id in found}
                    ids.extend(by_key[row[key]] for row in chunk)
            self.rows += len(chunk)
        return ids

    def _name(self, female: bool) -> str:
        given = people.GIVEN_FEMALE if female else people.GIVEN_MALE
        return self.rng.choice(people.SURNAMES) + self.rng.choice(given)

    def _spot(self, index: int) -> tuple[float, float, str]:
        """A point near a street of district number `index` (cycling through all of them)."""
        district = DISTRICTS[index % len(DISTRICTS)]
        street = self.rng.choice(district.streets)
        lat = round(street.lat + self.rng.uniform(-0.012, 0.012), 6)
        lng = round(street.lng + self.rng.uniform(-0.012, 0.012), 6)
        return lat, lng, district.address(street)

    def _merchants(self, count: int) -> list[int]:
        rows = []
        for i in range(count):
            lat, lng, address = self._spot(i)
            district = DISTRICTS[i % len(DISTRICTS)].name
            rows.append(
                {
                    "name": f"{self.rng.choice(BRANDS)}·{district.removesuffix('区')}{i + 1}号店",
                    "description": "连锁门店，持证技师，一客一消毒。",
                    "address": address,
                    "district": district,
                    "lat": lat,
                    "lng": lng,
                    "contact_phone": f"0755-{80000000 + i:08d}",
                    "opening_hours": "每天 10:00–21:00",
                    "commission_bp": self.rng.randrange(1500, 2501, 100),
                    "created_at": self.now - timedelta(days=400),
                }
            )
        table = Merchant.__table__  # a few hundred rows: the portable RETURNING is fast enough
        with self.engine.begin() as conn:
            stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids = list(conn.execute(stmt, rows).scalars())
        self.commission = {i: row["commission_bp"] for i, row in zip(ids, rows, strict=True)}
        self.rows += len(ids)
        return ids

    def _users(self, count: int, role: str, offset: int) -> list[int]:
        """Users with valid 188 numbers that follow on from the highest user id so far."""
        rows = []
        for i in range(count):
            e164 = f"+86188{self.user_base + offset + i:08d}"
            rows.append(
                {
                    "phone": e164,  # encrypted by the column type
                    "phone_hash": crypto.lookup_hash(e164),
                    "password_hash": self.password_hash,
                    "display_name": self._name(self.rng.random() < 0.6),
                    "role": role,
                    "created_at": self.now - timedelta(days=self.rng.randint(PAST_DAYS + 1, 720)),
                }
            )
        return self._insert(User.__table__, rows, key="phone_hash")

    def _technicians(
        self, count: int, merchant_ids: list[int], phone_offset: int
    ) -> list[BulkTechnician]:
        rng = self.rng
        user_ids = self._users(count, "technician", phone_offset)
        trades, weights = list(TRADE_WEIGHTS), list(TRADE_WEIGHTS.values())
        skills = {c.slug: c.skills for c in CATEGORIES}
        rows, techs = [], []
        for i, user_id in enumerate(user_ids):
            category = rng.choices(trades, weights)[0]
            lat, lng, _ = self._spot(i)
            # Shops cycle through the districts like technicians do: staff live near their shop.
            shop = merchant_ids[i % len(merchant_ids)] if rng.random() < SHOP_SHARE else None
            week = weekly_hours(rng, category, shop is not None)
            techs.append(BulkTechnician(0, user_id, shop, category, week, lat, lng))
            techs[-1].commission_bp = (
                self.commission[shop] if shop else get_settings().platform_commission_bp
            )
            female = rng.random() < people.FEMALE_SHARE[category]
            age = rng.randint(20, 50)
            rows.append(
                {
                    "user_id": user_id,
                    "merchant_id": shop,
                    "display_name": self._name(female),
                    "gender": "female" if female else "male",
                    "birth_date": (
                        self.now - timedelta(days=age * 365 + rng.randint(0, 364))
                    ).date(),
                    "years_experience": max(1, min(age - 18, rng.randint(1, 20))),
                    "skills": rng.sample(skills[category], 3),
                    "bio": rng.choice(people.BIO_ENDINGS[category]),
                    "home_lat": lat,
                    "home_lng": lng,
                    "created_at": self.now - timedelta(days=PAST_DAYS + 30),
                }
            )
            row = rows[-1]  # Core inserts run no ORM hook: the coarse columns are set here
            row.update(technician_coarse(row["birth_date"], lat, lng))
        tech_ids = self._insert(Technician.__table__, rows, key="user_id")
        for tech, tech_id in zip(techs, tech_ids, strict=True):
            tech.id = tech_id
        self._profiles(techs)
        return techs

    def _profiles(self, techs: list[BulkTechnician]) -> None:
        """Weekly hours, one service area, a price for each service of the trade and a
        verified 健康证 (家政 requires one; everyone gets it, so no draw changes)."""
        hours, areas, prices = [], [], []
        for tech in techs:
            for weekday, (start, end) in tech.week.items():
                hours.append(
                    {
                        "technician_id": tech.id,
                        "weekday": weekday,
                        "start_minute": start,
                        "end_minute": end,
                    }
                )
            areas.append(
                {
                    "technician_id": tech.id,
                    "label": "常驻区域",
                    "center_lat": tech.lat,
                    "center_lng": tech.lng,
                    "radius_km": float(self.rng.choice([3, 5, 8, 10])),
                }
            )
            for service in self.services:
                if service.category != tech.category:
                    continue
                if not (service.at_home or tech.merchant_id):  # no shop to serve in
                    continue
                span = (service.price_max - service.price_min) // 100
                price = service.price_min + self.rng.randint(0, span) * 100
                tech.prices.append((service, price))
                prices.append(
                    {"technician_id": tech.id, "service_id": service.id, "price_fen": price}
                )
        self._insert(WorkingHours.__table__, hours)
        self._insert(ServiceArea.__table__, areas)
        self._insert(TechnicianService.__table__, prices)
        self._insert(Certificate.__table__, [_health_certificate(t.id, self.now) for t in techs])


def _health_certificate(technician_id: int, now: datetime) -> dict:
    return {
        "technician_id": technician_id,
        "cert_type": "health",
        "name": "健康证",
        "number": "",
        "issuer": "深圳市疾病预防控制中心",
        "issued_on": now.date(),
        "expires_on": now.date() + timedelta(days=365),
        "scan_path": "",
        "status": "verified",
        "status_reason": "",
        "verified_at": now,
    }
