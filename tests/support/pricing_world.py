"""A small world for hand-computed prices: three services in two categories, two shops, three
member levels, and customers who are new, gold members, or back for more (two paid haircuts).

Promotions, coupons and points are added per test (the demo city's own offers, seeded by
the membership and marketing parts, would change the figures)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.models import (
    Coupon,
    CouponTemplate,
    MemberLevel,
    Membership,
    Promotion,
    Service,
    ServiceCategory,
    User,
)
from salon_app.core.services.membership import credit
from salon_app.core.services.pricing import BasketItem
from tests.support.stats_world import World, new_world

LEVELS = ((0, "普通", 10_000), (1, "银卡", 9_800), (2, "金卡", 9_500))


@dataclass
class PricingWorld:
    world: World
    now: datetime
    services: dict[str, Service] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    seq: int = 0

    @property
    def session(self) -> Session:
        return self.world.session

    def item(self, service: str, price_fen: int, shop: str = "A") -> BasketItem:
        s = self.services[service]
        merchant = self.world.shop if shop == "A" else self.world.other
        return BasketItem(s.id, s.category_id, merchant.id, price_fen)

    def shop_id(self, shop: str) -> int:
        return (self.world.shop if shop == "A" else self.world.other).id

    def category_id(self, service: str) -> int:
        return self.services[service].category_id

    def promotion(self, kind: str, rule: dict, **fields: object) -> Promotion:
        self.seq += 1
        row = Promotion(
            name=str(fields.pop("name", f"活动{self.seq}")),
            kind=kind,
            rule=rule,
            starts_at=self.now - timedelta(days=1),
            ends_at=self.now + timedelta(days=1),
            created_at=self.now - timedelta(days=1),
            **fields,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def coupon(self, user: str, kind: str, **fields: object) -> Coupon:
        self.seq += 1
        fields.setdefault("name", f"券{self.seq}")
        return give_coupon(self.session, self.users[user].id, self.now, kind, **fields)

    def points(self, user: str, amount: int) -> None:
        give_points(self.session, self.users[user].id, amount, self.now)


def give_coupon(
    session: Session, user_id: int, now: datetime, kind: str, **fields: object
) -> Coupon:
    """A coupon of a new template held by the user, by default valid from yesterday for a
    week (`valid`: (from, until))."""
    valid = fields.pop("valid", (now - timedelta(days=1), now + timedelta(days=7)))
    template = CouponTemplate(
        name=str(fields.pop("name", "测试券")),
        kind=kind,
        total_stock=100,
        issued=1,
        created_at=now - timedelta(days=2),
        **fields,
    )
    session.add(template)
    session.flush()
    coupon = Coupon(
        template_id=template.id,
        user_id=user_id,
        claimed_at=valid[0],
        valid_from=valid[0],
        valid_until=valid[1],
    )
    session.add(coupon)
    session.flush()
    return coupon


def give_points(session: Session, user_id: int, amount: int, now: datetime) -> None:
    """A batch of points usable since yesterday, for two months."""
    credit(
        session,
        user_id,
        "checkin",
        amount,
        f"test:{user_id}:{uuid.uuid4().hex[:12]}",
        now - timedelta(days=1),
        expires_at=now + timedelta(days=60),
    )
    session.flush()


def new_pricing_world(session: Session) -> PricingWorld:
    world = new_world(session)
    now = utcnow()
    pw = PricingWorld(world, now)
    hair = session.get(ServiceCategory, world.service.category_id)
    nails = ServiceCategory(slug="nails", name="美甲")
    session.add(nails)
    session.flush()
    pw.services["cut"] = world.service
    for slug, name, category in (("dye", "染发", hair), ("nail", "美甲", nails)):
        service = Service(
            category_id=category.id, slug=slug, name=name, price_min_fen=100,
            price_max_fen=100_000, duration_min=60, published_at=now - timedelta(days=30),
        )  # fmt: skip
        session.add(service)
        pw.services[slug] = service
    for rank, name, bp in LEVELS:
        session.add(MemberLevel(rank=rank, name=name, discount_bp=bp, updated_at=now))
    for key in ("new", "gold", "back", "silver"):
        pw.users[key] = world.customers[key] = world.user(key, "customer")
    for key, rank in (("gold", 2), ("silver", 1)):
        session.add(Membership(user_id=pw.users[key].id, level_rank=rank, level_since=now,
                               updated_at=now))  # fmt: skip
    world.add_technician("tech", world.shop, {})
    for days in (20, 10):  # "back" has paid for two haircuts
        paid = now - timedelta(days=days)
        world.order("back", "tech", paid.date(), "10:00", 60, "completed", 10_000, paid=paid)
    session.flush()
    return pw
