"""Half a year of past orders in the demo city, with payments, events, reviews and ratings.

Recent orders lean towards a few services (剪发, 日常保洁, 面部护理 ...) so 热门推荐 has
something to show; no technician is ever booked twice at once (a 30-minute buffer included).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from salon_app.core.demo import people
from salon_app.core.demo.residents import DemoCustomer, DemoTechnician
from salon_app.core.demo.sources import pick_source
from salon_app.core.models import (
    LedgerEntry,
    Order,
    OrderEvent,
    OrderItem,
    OrderStatus,
    Payment,
    Review,
    Service,
)
from salon_app.core.services.availability import block_for
from salon_app.core.services.feedback import review_score
from salon_app.core.services.ledger import income

SHANGHAI = ZoneInfo("Asia/Shanghai")
ORDER_COUNT = 220
RECENT_SHARE = 0.4  # share of orders in the last 30 days
RECENT_WEIGHTS = {"haircut": 12, "daily-cleaning": 9, "facial": 6, "nail-polish": 5}
BUFFER = timedelta(minutes=30)  # travel and preparation between two jobs


def local_to_utc(day: date, minute: int) -> datetime:
    local = datetime.combine(day, time(), tzinfo=SHANGHAI) + timedelta(minutes=minute)
    return local.astimezone(UTC)


def write_order_history(
    session: Session,
    rng: random.Random,
    now: datetime,
    technicians: list[DemoTechnician],
    customers: list[DemoCustomer],
    services: dict[str, Service],
) -> None:
    history = History(session, rng, now, technicians, customers, services)
    for seq in range(1, ORDER_COUNT + 1):
        history.place(seq)
    for tech in technicians:
        count, total = history.ratings.get(tech.row.id, (0, 0))
        tech.row.rating_count, tech.row.rating_sum = count, total
        session.add(tech.row)
    session.flush()


class History:
    def __init__(
        self,
        session: Session,
        rng: random.Random,
        now: datetime,
        technicians: list[DemoTechnician],
        customers: list[DemoCustomer],
        services: dict[str, Service],
    ) -> None:
        self.session, self.rng, self.now = session, rng, now
        self.technicians, self.customers, self.services = technicians, customers, services
        self.ratings: dict[int, tuple[int, int]] = {}
        self.today = now.astimezone(SHANGHAI).date()

    def place(self, seq: int) -> None:
        """Try a few random (service, technician, day, time) picks until one fits."""
        rng = self.rng
        for _ in range(50):
            recent = rng.random() < RECENT_SHARE
            days_ago = rng.randint(1, 30) if recent else rng.randint(31, 180)
            slugs = list(self.services)
            weights = [RECENT_WEIGHTS.get(s, 1) if recent else 3 for s in slugs]
            slug = rng.choices(slugs, weights)[0]
            candidates = [t for t in self.technicians if slug in t.prices]
            if not candidates:
                continue
            # The demo technician gets more work, so his inbox and income look lived in.
            lead = self.technicians[0]
            tech = rng.choices(candidates, [4 if t is lead else 1 for t in candidates])[0]
            if self.book(seq, slug, tech, self.today - timedelta(days=days_ago)):
                return

    def book(
        self,
        seq: int,
        slug: str,
        tech: DemoTechnician,
        day: date,
        customer: DemoCustomer | None = None,
    ) -> bool:
        """Book `slug` with `tech` at a random free time of `day` (for `customer`, else a random
        one); False when the day does not fit."""
        rng = self.rng
        if day.weekday() not in tech.week:
            return False
        service = self.services[slug]
        at_home = service.at_home and (
            not service.in_shop or tech.row.merchant_id is None or rng.random() < 0.25
        )
        items = [slug, *self._extra_item(tech, slug, at_home)]
        duration = sum(self.services[s].duration_min for s in items)
        start, end = tech.week[day.weekday()]
        slots = range(start, end - duration + 1, 30)
        if not slots:
            return False
        starts_at = local_to_utc(day, rng.choice(slots))
        ends_at = starts_at + timedelta(minutes=duration)
        created_at = starts_at - timedelta(hours=rng.randint(2, 72), minutes=rng.randint(0, 59))
        if any(self.services[s].published_at > created_at for s in items):
            return False
        if any(s < ends_at + BUFFER and starts_at < e + BUFFER for s, e in tech.busy):
            return False
        tech.busy.append((starts_at, ends_at))
        self._write(seq, tech, items, at_home, starts_at, ends_at, created_at, customer)
        return True

    def _extra_item(self, tech: DemoTechnician, slug: str, at_home: bool) -> list[str]:
        """Now and then a second service in the same visit (剪发 + 护发, 修剪 + 涂抹)."""
        if self.rng.random() > 0.2:
            return []
        others = [
            s
            for s in tech.prices
            if s != slug and (self.services[s].at_home if at_home else self.services[s].in_shop)
        ]
        return [self.rng.choice(others)] if others else []

    def _write(
        self,
        seq: int,
        tech: DemoTechnician,
        items: list[str],
        at_home: bool,
        starts_at: datetime,
        ends_at: datetime,
        created_at: datetime,
        customer: DemoCustomer | None = None,
    ) -> None:
        rng, session = self.rng, self.session
        if customer is None:
            customer = rng.choices(self.customers, [4] + [1] * (len(self.customers) - 1))[0]
        roll = rng.random()
        status = (
            OrderStatus.cancelled
            if roll < 0.1
            else OrderStatus.reviewed
            if roll < 0.6
            else OrderStatus.completed
        )
        paid = status != OrderStatus.cancelled
        paid_at = created_at + timedelta(minutes=rng.randint(1, 5)) if paid else None
        street = customer.street
        order = Order(
            code=f"DM{starts_at.astimezone(SHANGHAI):%y%m%d}{seq:04d}",
            customer_id=customer.user.id,
            technician_id=tech.row.id,
            merchant_id=tech.row.merchant_id,
            status=status,
            starts_at=starts_at,
            ends_at=ends_at,
            block_start=starts_at,
            block_end=block_for(starts_at, ends_at, at_home)[1],
            holds_slot=False,  # history: every demo order is finished or cancelled
            at_home=at_home,
            address=customer.district.address(street) + customer.unit if at_home else None,
            lat=street.lat if at_home else None,
            lng=street.lng if at_home else None,
            list_fen=sum(tech.prices[s] for s in items),
            total_fen=sum(tech.prices[s] for s in items),
            created_at=created_at,
            paid_at=paid_at,
            completed_at=ends_at if paid else None,
            cancelled_at=None if paid else created_at + timedelta(minutes=15),
            source=pick_source(seq),
        )
        session.add(order)
        session.flush()
        for slug in items:
            session.add(
                OrderItem(
                    order_id=order.id,
                    service_id=self.services[slug].id,
                    price_fen=tech.prices[slug],
                    duration_min=self.services[slug].duration_min,
                )
            )
        for kind, before, after, actor, at in self._events(order, customer, tech):
            session.add(
                OrderEvent(
                    order_id=order.id,
                    kind=kind,
                    from_status=before,
                    to_status=after,
                    actor_user_id=actor,
                    at=at,
                )
            )
        if paid_at is not None:
            self._payment(order, seq, paid_at)
            income.record_completion(session, order, at=ends_at)  # the split, as on the day
        if status == OrderStatus.reviewed:
            self._review(order, customer, tech)

    def _events(
        self, order: Order, customer: DemoCustomer, tech: DemoTechnician
    ) -> list[tuple[str, str | None, str | None, int, datetime]]:
        """The transitions the order went through, in order, as (kind, from, to, actor, at)."""
        pay, serve, busy = "pending_payment", "pending_service", "in_service"
        me, them = customer.user.id, tech.user.id
        events = [("created", None, pay, me, order.created_at)]
        if order.paid_at is None:
            return [*events, ("cancelled", pay, "cancelled", me, order.cancelled_at)]
        accepted = order.paid_at + timedelta(minutes=self.rng.randint(2, 40))
        events += [
            ("paid", pay, serve, me, order.paid_at),
            ("accepted", serve, serve, them, accepted),
        ]
        if order.at_home:
            events += [
                ("departed", serve, busy, them, order.starts_at - timedelta(minutes=45)),
                ("arrived", busy, busy, them, order.starts_at + self._arrival(order)),
                ("started", busy, busy, them, order.starts_at),
            ]
        else:
            events.append(("started", serve, busy, them, order.starts_at))
        events.append(("completed", busy, "completed", them, order.ends_at))
        return events

    @staticmethod
    def _arrival(order: Order) -> timedelta:
        """Most technicians come a few minutes early; about one visit in seven starts late."""
        return timedelta(minutes=12) if order.id % 7 == 0 else timedelta(minutes=-5)

    def _payment(self, order: Order, seq: int, paid_at: datetime) -> None:
        provider = self.rng.choice(["wechat", "alipay"])
        txn = (
            f"4200{seq:08d}{self.rng.randrange(10**16):016d}"
            if provider == "wechat"
            else f"{paid_at:%Y%m%d}22001{seq:06d}{self.rng.randrange(10**9):09d}"
        )
        self.session.add(
            Payment(
                order_id=order.id,
                provider=provider,
                out_trade_no=f"{order.code}P1",
                provider_txn_id=txn,
                amount_fen=order.total_fen,
                status="succeeded",
                created_at=paid_at - timedelta(seconds=40),
                paid_at=paid_at,
            )
        )
        self.session.add(
            LedgerEntry(
                account="platform",
                order_id=order.id,
                kind="payment",
                amount_fen=order.total_fen,
                created_at=paid_at,
                details={"provider": provider, "out_trade_no": f"{order.code}P1"},
            )
        )

    def _review(self, order: Order, customer: DemoCustomer, tech: DemoTechnician) -> None:
        rng = self.rng
        scores = [rng.choices([5, 4, 3], [6, 3, 1])[0] for _ in range(3)]
        at = min(order.ends_at + timedelta(hours=rng.randint(1, 30)), self.now - timedelta(hours=1))
        reply = tech.row.merchant_id is not None and rng.random() < 0.5
        self.session.add(
            Review(
                order_id=order.id,
                customer_id=customer.user.id,
                technician_id=tech.row.id,
                attitude=scores[0],
                skill=scores[1],
                effect=scores[2],
                text=rng.choice(people.REVIEW_TEXTS[tech.category]),
                created_at=at,
                merchant_reply=rng.choice(people.MERCHANT_REPLIES) if reply else "",
                replied_at=at + timedelta(minutes=rng.randint(10, 50)) if reply else None,
            )
        )
        self.session.add(
            OrderEvent(
                order_id=order.id,
                kind="reviewed",
                from_status="completed",
                to_status="reviewed",
                actor_user_id=customer.user.id,
                at=at,
            )
        )
        count, total = self.ratings.get(tech.row.id, (0, 0))
        self.ratings[tech.row.id] = (count + 1, total + review_score(*scores))
