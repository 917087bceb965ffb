"""A tiny city for tags, segments and 猜你喜欢, written row by row at fixed local days so every
figure can be worked out on paper: two hair services and one nail service (with price ranges),
a shop in 南山区, one technician per trade, and customers whose orders are placed `days_ago`
local days before NOW (at noon)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from salon_app.core.models import (
    Merchant,
    Order,
    OrderItem,
    Service,
    ServiceCategory,
    Technician,
    TechnicianService,
    User,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 10, 4, 0, tzinfo=UTC)  # 12:00 Thursday in Shanghai
FUTIAN_HOME = (22.5405, 114.0290)  # 深南大道, 福田区
BEGINNING = datetime(2025, 1, 1, tzinfo=UTC)


def days_ago(days: int) -> datetime:
    """Noon (Shanghai) `days` local days before NOW."""
    today = NOW.astimezone(SHANGHAI).date()
    return datetime.combine(today - timedelta(days=days), time(12), SHANGHAI).astimezone(UTC)


@dataclass
class TagsWorld:
    session: Session
    services: dict[str, Service] = field(default_factory=dict)
    techs: dict[str, Technician] = field(default_factory=dict)
    customers: dict[str, User] = field(default_factory=dict)
    shop: Merchant | None = None
    seq: int = 0

    def user(self, name: str, role: str = "customer") -> User:
        self.seq += 1
        user = User(
            phone=f"+861760001{self.seq:04d}", phone_hash=f"tags-{self.seq}", password_hash="x",
            display_name=name, role=role, created_at=BEGINNING,
        )  # fmt: skip
        self.session.add(user)
        self.session.flush()
        if role == "customer":
            self.customers[name] = user
        return user

    def order(
        self,
        customer: str,
        slug: str,
        days: int,
        price: int | None = None,
        status: str = "completed",
        home: tuple[float, float] | None = None,
    ) -> Order:
        """`customer` booked `slug` `days` ago, in the shop or (with `home`) at home."""
        self.seq += 1
        service = self.services[slug]
        tech = self.techs["nails" if slug.startswith("nail") else "hair"]
        starts = days_ago(days)
        ends = starts + timedelta(minutes=60)
        paid = status not in ("pending_payment", "cancelled")
        fen = service.price_min_fen if price is None else price
        order = Order(
            code=f"TG{self.seq:08d}", customer_id=self.customers[customer].id,
            technician_id=tech.id, merchant_id=None if home else tech.merchant_id,
            status=status, starts_at=starts, ends_at=ends, block_start=starts,
            block_end=ends + timedelta(minutes=30), holds_slot=False, at_home=home is not None,
            lat=home[0] if home else None, lng=home[1] if home else None, total_fen=fen,
            created_at=starts - timedelta(days=1),
            paid_at=starts - timedelta(days=1) if paid else None,
        )  # fmt: skip
        self.session.add(order)
        self.session.flush()
        self.session.add(
            OrderItem(order_id=order.id, service_id=service.id, price_fen=fen, duration_min=60)
        )
        self.session.flush()
        return order


def new_tags_world(session: Session) -> TagsWorld:
    w = TagsWorld(session)
    hair = ServiceCategory(slug="hair", name="美发", sort_order=1)
    nails = ServiceCategory(slug="nails", name="美甲", sort_order=2)
    session.add_all([hair, nails])
    session.flush()
    for slug, name, category, low, high in (
        ("haircut", "剪发", hair, 5000, 15000),
        ("hair-colour", "染发", hair, 20000, 60000),
        ("nail-polish", "甲油涂抹", nails, 6000, 12000),
    ):
        service = Service(
            category_id=category.id, slug=slug, name=name, price_min_fen=low, price_max_fen=high,
            duration_min=60, at_home=True, in_shop=True, published_at=BEGINNING,
        )  # fmt: skip
        session.add(service)
        w.services[slug] = service
    w.shop = Merchant(
        name="南山店", address="深圳市南山区", district="南山区", lat=22.5333, lng=113.9300,
        contact_phone="0755-2", commission_bp=2000, created_at=BEGINNING,
    )  # fmt: skip
    session.add(w.shop)
    session.flush()
    for trade, slugs in (("hair", ("haircut", "hair-colour")), ("nails", ("nail-polish",))):
        user = w.user(f"{trade}技师", "technician")
        tech = Technician(
            user_id=user.id, merchant_id=w.shop.id, display_name=f"{trade}技师",
            gender="female", created_at=BEGINNING, rating_count=2, rating_sum=900,
        )  # fmt: skip
        session.add(tech)
        session.flush()
        for slug in slugs:
            session.add(
                TechnicianService(
                    technician_id=tech.id, service_id=w.services[slug].id,
                    price_fen=w.services[slug].price_min_fen,
                )
            )  # fmt: skip
        w.techs[trade] = tech
    session.flush()
    return w
