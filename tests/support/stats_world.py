"""A small shop world for hand-computed statistics and incentives: every row is written here,
at fixed local times, so a test can work each figure out on paper.

Money goes through the real ledger functions (payment, completion split, refund and its
reversal), so revenue is read from the same rows the app writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from salon_app.core.models import (
    Complaint,
    Merchant,
    MerchantStaff,
    Order,
    OrderEvent,
    OrderItem,
    Payment,
    Refund,
    Review,
    Service,
    ServiceCategory,
    Shift,
    Technician,
    TimeOff,
    User,
    WorkingHours,
)
from salon_app.core.services import ledger
from salon_app.core.services.access import Actor
from salon_app.core.services.ledger import income

SHANGHAI = ZoneInfo("Asia/Shanghai")
BEGINNING = datetime(2025, 1, 1, tzinfo=UTC)


def local(day: date, hhmm: str) -> datetime:
    """A Shanghai wall-clock time as aware UTC."""
    hours, minutes = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes), SHANGHAI).astimezone(UTC)


@dataclass
class World:
    session: Session
    shop: Merchant | None = None
    other: Merchant | None = None
    service: Service | None = None
    seq: int = 0
    techs: dict[str, Technician] = field(default_factory=dict)
    customers: dict[str, User] = field(default_factory=dict)
    staff: dict[int, Actor] = field(default_factory=dict)  # shop id -> its merchant actor

    def user(self, name: str, role: str, source: str = "direct") -> User:
        self.seq += 1
        user = User(
            phone=f"+861760000{self.seq:04d}",
            phone_hash=f"hash-{self.seq}",
            password_hash="x",
            display_name=name,
            role=role,
            created_at=BEGINNING,
            source=source,
        )
        self.session.add(user)
        self.session.flush()
        return user

    def add_shop(self, name: str) -> Merchant:
        shop = Merchant(
            name=name, address="深圳", lat=22.54, lng=114.05, contact_phone="0755-1",
            commission_bp=2000, created_at=BEGINNING,
        )  # fmt: skip
        self.session.add(shop)
        self.session.flush()
        owner = self.user(f"{name}店长", "merchant")
        self.session.add(MerchantStaff(user_id=owner.id, merchant_id=shop.id, role="owner"))
        self.staff[shop.id] = Actor(owner.id, "merchant", owner.display_name, shop.id)
        return shop

    def add_technician(self, key: str, shop: Merchant, hours: dict[int, tuple[str, str]]) -> None:
        user = self.user(key, "technician")
        tech = Technician(
            user_id=user.id, merchant_id=shop.id, display_name=key, gender="female",
            created_at=BEGINNING,
        )  # fmt: skip
        self.session.add(tech)
        self.session.flush()
        for weekday, (start, end) in hours.items():
            h1, m1 = (int(x) for x in start.split(":"))
            h2, m2 = (int(x) for x in end.split(":"))
            self.session.add(
                WorkingHours(
                    technician_id=tech.id, weekday=weekday,
                    start_minute=h1 * 60 + m1, end_minute=h2 * 60 + m2,
                )
            )  # fmt: skip
        self.techs[key] = tech

    def order(
        self,
        customer: str,
        tech: str,
        day: date,
        start: str,
        minutes: int,
        status: str,
        price: int,
        paid: datetime | None = None,
        source: str = "direct",
        arrived: datetime | None = None,
    ) -> Order:
        """An order of `tech`'s shop; paid ones have their payment row, completed ones their
        completion split written at the end of the service."""
        self.seq += 1
        starts = local(day, start)
        ends = starts + timedelta(minutes=minutes)
        technician = self.techs[tech]
        order = Order(
            code=f"ST{self.seq:08d}",
            customer_id=self.customers[customer].id,
            technician_id=technician.id,
            merchant_id=technician.merchant_id,
            status=status,
            starts_at=starts,
            ends_at=ends,
            block_start=starts,
            block_end=ends + timedelta(minutes=30),
            holds_slot=status in ("pending_service", "in_service"),
            total_fen=price,
            created_at=(paid or starts) - timedelta(hours=1),
            paid_at=paid,
            completed_at=ends if status in ("completed", "reviewed") else None,
            source=source,
        )
        self.session.add(order)
        self.session.flush()
        self.session.add(
            OrderItem(
                order_id=order.id, service_id=self.service.id, price_fen=price,
                duration_min=minutes,
            )
        )  # fmt: skip
        if paid is not None:
            payment = Payment(
                order_id=order.id, provider="wechat", out_trade_no=f"P{order.code}",
                amount_fen=price, status="succeeded", created_at=paid, paid_at=paid,
            )  # fmt: skip
            self.session.add(payment)
            self.session.flush()
            ledger.record_payment(self.session, payment, paid)
        if arrived is not None:
            self.session.add(
                OrderEvent(order_id=order.id, kind="arrived", from_status="in_service",
                           to_status="in_service", at=arrived)
            )  # fmt: skip
        if status in ("completed", "reviewed"):
            income.record_completion(self.session, order, at=ends)
        self.session.flush()
        return order

    def refund(self, order: Order, amount: int, at: datetime) -> None:
        """An after-sales refund confirmed at `at`: its ledger rows and the income reversal."""
        payment_id = self.session.get(Payment, self._payment_id(order)).id
        refund = Refund(
            order_id=order.id, payment_id=payment_id, idempotency_key=f"{order.code}-R1",
            amount_fen=amount, status="succeeded", created_at=at, completed_at=at,
        )  # fmt: skip
        self.session.add(refund)
        self.session.flush()
        ledger.record_refund_requested(self.session, refund, at)
        ledger.record_refund_paid(self.session, refund, at)
        income.follow_refunds(self.session, order.id, at)
        self.session.flush()

    def _payment_id(self, order: Order) -> int:
        from sqlmodel import select

        return self.session.exec(select(Payment.id).where(Payment.order_id == order.id)).one()

    def review(self, order: Order, scores: tuple[int, int, int], at: datetime) -> None:
        self.session.add(
            Review(
                order_id=order.id, customer_id=order.customer_id,
                technician_id=order.technician_id, attitude=scores[0], skill=scores[1],
                effect=scores[2], created_at=at,
            )
        )  # fmt: skip

    def complaint(self, order: Order, at: datetime) -> None:
        self.session.add(
            Complaint(
                order_id=order.id, customer_id=order.customer_id, kind="complaint",
                reason="迟到", created_at=at,
            )
        )  # fmt: skip


def new_world(session: Session) -> World:
    """Two shops, a service, and no technicians or orders yet."""
    world = World(session)
    category = ServiceCategory(slug="hair", name="美发")
    session.add(category)
    session.flush()
    world.service = Service(
        category_id=category.id, slug="haircut", name="剪发", price_min_fen=100,
        price_max_fen=100_000, duration_min=60, published_at=BEGINNING,
    )  # fmt: skip
    session.add(world.service)
    world.shop = world.add_shop("甲店")
    world.other = world.add_shop("乙店")
    return world


def add_day_off(world: World, tech: str, day: date) -> None:
    """A rota entry of zero length: the technician does not work that day."""
    technician = world.techs[tech]
    world.session.add(
        Shift(technician_id=technician.id, merchant_id=technician.merchant_id, day=day,
              start_minute=600, end_minute=600)
    )  # fmt: skip


def add_time_off(world: World, tech: str, start: datetime, end: datetime) -> None:
    world.session.add(TimeOff(technician_id=world.techs[tech].id, starts_at=start, ends_at=end))
