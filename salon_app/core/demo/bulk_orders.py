"""Bulk orders: each technician's jobs laid end to end through their working week.

Orders are written in batches, one transaction each: the orders first (for their ids), then
their items, events, payments, ledger entries and reviews. No ORM objects are built.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Engine, MetaData, Table, Text, bindparam, insert, select

from salon_app.core import crypto
from salon_app.core.demo import people
from salon_app.core.demo.bulk_habits import Habits
from salon_app.core.demo.order_history import SHANGHAI
from salon_app.core.demo.shenzhen import DISTRICTS
from salon_app.core.demo.sources import pick_source
from salon_app.core.models import LedgerEntry, OrderEvent, OrderItem, Payment, Review, Technician
from salon_app.core.models import Order as OrderModel
from salon_app.core.services.availability import block_for
from salon_app.core.services.feedback import review_score

BATCH = 5000
PAST_DAYS, FUTURE_DAYS = 180, 30
BUFFER_MIN = 30  # travel and preparation between two jobs
ADDRESS_POOL = 1000


def _orders_table() -> Table:
    """`orders` with `address` as plain text: bulk addresses are encrypted once, then reused."""
    table = OrderModel.__table__.to_metadata(MetaData())
    table.c.address.type = Text()
    return table


ORDERS = _orders_table()


@dataclass(frozen=True)
class BulkService:
    id: int
    category: str
    price_min: int
    price_max: int
    duration: int
    at_home: bool
    in_shop: bool
    published_at: datetime


@dataclass
class BulkTechnician:
    id: int
    user_id: int
    merchant_id: int | None
    category: str
    week: dict[int, tuple[int, int]]  # weekday -> (start, end) local minutes
    lat: float
    lng: float
    prices: list[tuple[BulkService, int]] = field(default_factory=list)
    commission_bp: int = 0  # its shop's (the platform's for independents)


@dataclass
class _Batch:
    """Rows waiting to be written; children point at their order by position in the batch."""

    orders: list[dict] = field(default_factory=list)
    children: dict[Table, list[tuple[int, dict]]] = field(default_factory=dict)

    def add(self, table: Table, i: int, row: dict) -> None:
        self.children.setdefault(table, []).append((i, row))

    def event(
        self, i: int, kind: str, before: str | None, after: str, actor: int, at: datetime
    ) -> None:
        row = {"kind": kind, "from_status": before, "to_status": after, "actor_user_id": actor}
        self.add(
            OrderEvent.__table__, i, {**row, "at": at, "lat": None, "lng": None, "details": {}}
        )


class OrderWriter:
    def __init__(
        self,
        engine: Engine,
        rng: random.Random,
        now: datetime,
        first_seq: int,
        say: Callable[[str], None],
    ) -> None:
        self.engine, self.rng, self.now, self.seq, self.say = engine, rng, now, first_seq, say
        first_day = (now.astimezone(SHANGHAI) - timedelta(days=PAST_DAYS)).date()
        self.midnight0 = datetime.combine(first_day, time(), SHANGHAI).astimezone(UTC)
        self.weekday0 = first_day.weekday()
        self.ratings: dict[int, tuple[int, int]] = {}
        self.batch = _Batch()
        self.rows = 0
        places = [self._address() for _ in range(ADDRESS_POOL)]
        self.addresses = [place[1:] for place in places]
        self.habits = Habits(places)

    def write(self, techs: list[BulkTechnician], customer_ids: list[int], total: int) -> None:
        """`total` orders shared evenly among `techs`, then every technician's rating."""
        per_tech, extra = divmod(total, max(1, len(techs)))
        made, report_every = 0, max(BATCH, total // 10)
        next_report = report_every
        for index, tech in enumerate(techs):
            count = per_tech + (1 if index < extra else 0)
            if count:
                self._technician_orders(tech, count, customer_ids)
                made += count
            if len(self.batch.orders) >= BATCH:
                self._flush()
            if made >= next_report:
                self.say(f"  {made}/{total} orders, {self.rows} rows")
                next_report += report_every
        self._flush()
        self._write_ratings()

    def _technician_orders(self, tech: BulkTechnician, count: int, customer_ids: list[int]) -> None:
        """Jobs start at random points of the working window; one that would overlap the job
        before it moves to just after it (plus the buffer), so none ever overlap."""
        rng = self.rng
        week_minutes = sum(end - start for start, end in tech.week.values())
        work = week_minutes * (PAST_DAYS + FUTURE_DAYS) // 7
        targets = sorted(rng.randrange(work) for _ in range(count))
        free = (0, 0)  # (day, minute) from which the technician is free again
        for target in targets:
            day, minute = max(self._working_minute(tech, week_minutes, target), free)
            cutoff = self.midnight0 + timedelta(days=day - 3)  # no orders before a launch
            offered = [p for p in tech.prices if p[0].published_at <= cutoff] or tech.prices
            service, price = rng.choice(offered)
            day, minute = self._fit(tech, day, minute, service.duration)
            free = (day, minute + service.duration + BUFFER_MIN)
            starts = self.midnight0 + timedelta(days=day, minutes=minute)
            # The draw is kept so every other figure of the city stays as it was.
            anyone = rng.choice(customer_ids)
            self._order(
                tech, self.habits.customer(tech, customer_ids, anyone), service, price, starts
            )

    def _working_minute(
        self, tech: BulkTechnician, week_minutes: int, offset: int
    ) -> tuple[int, int]:
        """(day, minute of day) of the `offset`-th working minute of the window."""
        weeks, rest = divmod(offset, week_minutes)
        day = weeks * 7
        while True:
            hours = tech.week.get((self.weekday0 + day) % 7)
            if hours is not None:
                start, end = hours
                if rest < end - start:
                    return day, start + rest
                rest -= end - start
            day += 1

    def _fit(self, tech: BulkTechnician, day: int, minute: int, duration: int) -> tuple[int, int]:
        """The first half-hour start from (day, minute) where the whole job is in working hours."""
        while True:
            hours = tech.week.get((self.weekday0 + day) % 7)
            if hours is not None:
                start, end = hours
                minute = -(-max(minute, start) // 30) * 30
                if minute + duration <= end:
                    return day, minute
            day, minute = day + 1, 0

    def _address(self) -> tuple[int, str, float, float]:
        """(district index, encrypted address, lat, lng) of a home."""
        district = self.rng.choice(DISTRICTS)
        street = self.rng.choice(district.streets)
        text = district.address(street) + self.rng.choice(people.HOME_UNITS)
        lat = round(street.lat + self.rng.uniform(-0.01, 0.01), 6)
        lng = round(street.lng + self.rng.uniform(-0.01, 0.01), 6)
        return DISTRICTS.index(district), crypto.encrypt(text), lat, lng

    def _status(self, starts: datetime, ends: datetime) -> str:
        if ends > self.now:
            return "pending_service" if starts > self.now else "in_service"
        roll = self.rng.random()
        if roll < 0.05:
            return "cancelled"
        reviewable = ends + timedelta(hours=2) < self.now
        return "reviewed" if roll < 0.35 and reviewable else "completed"

    def _order(
        self,
        tech: BulkTechnician,
        customer: int,
        service: BulkService,
        price: int,
        starts: datetime,
    ) -> None:
        rng, batch = self.rng, self.batch
        code = f"BK{self.seq:010d}"
        self.seq += 1
        ends = starts + timedelta(minutes=service.duration)
        booked = starts - timedelta(minutes=rng.randint(60, 4320))
        created = min(booked, self.now - timedelta(minutes=1))
        status = self._status(starts, ends)
        paid_at = None if status == "cancelled" else created + timedelta(minutes=2)
        done = status in ("completed", "reviewed")
        at_home = service.at_home and (
            not service.in_shop or tech.merchant_id is None or rng.random() < 0.25
        )
        address, lat, lng = rng.choice(self.addresses) if at_home else (None, None, None)
        if at_home:  # customers are served at their own home
            address, lat, lng = self.habits.home(customer) or (address, lat, lng)
        batch.orders.append(
            {
                "code": code,
                "customer_id": customer,
                "technician_id": tech.id,
                "merchant_id": tech.merchant_id,
                "status": status,
                "starts_at": starts,
                "ends_at": ends,
                "block_start": starts,
                "block_end": block_for(starts, ends, at_home)[1],
                "holds_slot": status in ("pending_payment", "pending_service", "in_service"),
                "at_home": at_home,
                "address": address,
                "lat": lat,
                "lng": lng,
                "special_needs": "",
                "total_fen": price,
                "list_fen": price,
                "hold_expires_at": None,
                "created_at": created,
                "paid_at": paid_at,
                "completed_at": ends if done else None,
                "cancelled_at": None if paid_at else created + timedelta(minutes=15),
                "source": pick_source(self.seq),
            }
        )
        i = len(batch.orders) - 1
        item = {"service_id": service.id, "price_fen": price, "duration_min": service.duration}
        batch.add(OrderItem.__table__, i, {**item, "quantity": 1})
        batch.event(i, "created", None, "pending_payment", customer, created)
        if paid_at is None:
            cancelled = created + timedelta(minutes=15)
            batch.event(i, "cancelled", "pending_payment", "cancelled", customer, cancelled)
            return
        batch.event(i, "paid", "pending_payment", "pending_service", customer, paid_at)
        self._payment(i, code, price, paid_at)
        if status != "pending_service":
            batch.event(i, "started", "pending_service", "in_service", tech.user_id, starts)
        if done:
            batch.event(i, "completed", "in_service", "completed", tech.user_id, ends)
            self._completion(i, tech, price, ends)
        if status == "reviewed":
            self._review(i, tech, customer, ends + timedelta(hours=2))

    def _payment(self, i: int, code: str, amount: int, paid_at: datetime) -> None:
        provider = "wechat" if self.seq % 3 else "alipay"
        self.batch.add(
            Payment.__table__,
            i,
            {
                "provider": provider,
                "out_trade_no": f"P{code}",
                "provider_txn_id": f"T{code}",
                "amount_fen": amount,
                "currency": "CNY",
                "status": "succeeded",
                "created_at": paid_at - timedelta(seconds=30),
                "paid_at": paid_at,
            },
        )
        ledger = {"account": "platform", "kind": "payment", "amount_fen": amount}
        details = {"provider": provider, "out_trade_no": f"P{code}"}
        self.batch.add(
            LedgerEntry.__table__, i, {**ledger, "created_at": paid_at, "details": details}
        )

    def _completion(self, i: int, tech: BulkTechnician, price: int, at: datetime) -> None:
        """The price split on completion, as income.record_completion writes it."""
        commission = price * tech.commission_bp // 10_000
        payee = f"merchant:{tech.merchant_id}" if tech.merchant_id else "platform:commission"
        for account, kind, amount in (
            ("platform", "settlement", -price),
            (payee, "commission", commission),
            (f"technician:{tech.id}", "technician_share", price - commission),
        ):
            row = {"account": account, "kind": kind, "amount_fen": amount, "created_at": at}
            self.batch.add(LedgerEntry.__table__, i, {**row, "details": {}})

    def _review(self, i: int, tech: BulkTechnician, customer: int, at: datetime) -> None:
        attitude, skill, effect = (self.rng.choices([5, 4, 3], [6, 3, 1])[0] for _ in range(3))
        self.batch.add(
            Review.__table__,
            i,
            {
                "customer_id": customer,
                "technician_id": tech.id,
                "attitude": attitude,
                "skill": skill,
                "effect": effect,
                "text": self.rng.choice(people.REVIEW_TEXTS[tech.category]),
                "photo_urls": [],
                "created_at": at,
                "merchant_reply": "",
                "replied_at": None,
            },
        )
        self.batch.event(i, "reviewed", "completed", "reviewed", customer, at)
        count, total = self.ratings.get(tech.id, (0, 0))
        self.ratings[tech.id] = (count + 1, total + review_score(attitude, skill, effect))

    def _flush(self) -> None:
        batch, self.batch = self.batch, _Batch()
        if not batch.orders:
            return
        codes = (batch.orders[0]["code"], batch.orders[-1]["code"])
        with self.engine.begin() as conn:
            conn.execute(insert(ORDERS), batch.orders)
            # Codes are consecutive and unique, so the range holds exactly this batch.
            found = conn.execute(
                select(ORDERS.c.code, ORDERS.c.id).where(ORDERS.c.code.between(*codes))
            )
            by_code = {code: order_id for code, order_id in found}
            ids = [by_code[row["code"]] for row in batch.orders]
            self.rows += len(ids)
            for table, children in batch.children.items():
                rows = [{**row, "order_id": ids[i]} for i, row in children]
                conn.execute(insert(table), rows)
                self.rows += len(rows)

    def _write_ratings(self) -> None:
        table = Technician.__table__
        stmt = (
            table.update()
            .where(table.c.id == bindparam("tech_id"))
            .values(rating_count=bindparam("count"), rating_sum=bindparam("total"))
        )
        params = [{"tech_id": t, "count": c, "total": s} for t, (c, s) in self.ratings.items()]
        if params:
            with self.engine.begin() as conn:
                conn.execute(stmt, params)
