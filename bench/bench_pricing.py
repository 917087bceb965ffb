"""price_quote: the booking page's quote of a visit, as the page asks for it.

Timed: a fresh Session, `pricing.booking_quote` of a two-service visit with a technician for
the demo customer — a 金卡 member (95折) with 20 coupons owned, three running promotions
(满减 tiers, 9折 on hair in an exclusive group, a free session after 5 of the scope, which
reads their paid history), the best coupon and points applied — and closing the Session
(goal p95 < 5 ms). Database: a SQLite file with the models' schema and the demo city.
Run: `.venv/bin/python -m bench.run bench_pricing`.
"""

from __future__ import annotations

import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, SQLModel, select

from bench.measure import summarize
from salon_app.core.clock import utcnow
from salon_app.core.db import make_engine
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.demo.seed import seed_demo
from salon_app.core.models import (
    MemberLevel,
    Membership,
    Promotion,
    Service,
    Technician,
    TechnicianService,
)
from salon_app.core.services import auth, pricing
from tests.support.pricing_world import give_coupon, give_points

WARMUP, SAMPLES = 30, 500
COUPONS = 20


def _offers(session: Session, customer_id: int) -> None:
    """Levels (unless the demo has them), the customer's 金卡, 3 promotions, 20 coupons."""
    now = utcnow()
    if session.exec(select(MemberLevel)).first() is None:
        for rank, name, bp in ((0, "普通会员", 10_000), (1, "银卡", 9_800), (2, "金卡", 9_500)):
            session.add(MemberLevel(rank=rank, name=name, discount_bp=bp, updated_at=now))
    member = session.get(Membership, customer_id) or Membership(
        user_id=customer_id, level_since=now, updated_at=now
    )
    member.level_rank = 2
    session.add(member)
    hair = session.exec(select(Service.category_id).where(Service.slug == "haircut")).one()
    period = {"starts_at": now - timedelta(days=1), "ends_at": now + timedelta(days=30),
              "created_at": now}  # fmt: skip
    session.add(
        Promotion(
            name="满减", kind="tiers", rule={"tiers": [[10_000, 1_000], [20_000, 3_000]]}, **period
        )
    )
    session.add(
        Promotion(
            name="美发9折",
            kind="percent",
            rule={"discount_bp": 9_000},
            scope="categories",
            scope_ids=[hair],
            exclusive_group="main",
            **period,
        )
    )
    session.add(Promotion(name="满5次送1次", kind="nth_free", rule={"n": 5},
                          scope="categories", scope_ids=[hair], priority=1, **period))  # fmt: skip
    for i in range(COUPONS):
        kind = ("threshold", "no_threshold", "percent")[i % 3]
        give_coupon(session, customer_id, now, kind, name=f"券{i}", threshold_fen=5_000 + 500 * i,
                    amount_fen=300 + 50 * i, discount_bp=9_000, cap_fen=2_000)  # fmt: skip
    give_points(session, customer_id, 3_000, now)
    session.commit()


def _visit(session: Session) -> tuple[int, list[int]]:
    """A shop technician offering two services."""
    rows = session.exec(
        select(TechnicianService.technician_id, TechnicianService.service_id)
        .join(Technician, Technician.id == TechnicianService.technician_id)
        .where(Technician.merchant_id.is_not(None))
        .order_by(TechnicianService.technician_id, TechnicianService.service_id)
    ).all()
    by_tech: dict[int, list[int]] = {}
    for tech, service in rows:
        by_tech.setdefault(tech, []).append(service)
    tech = next(t for t, services in by_tech.items() if len(services) >= 2)
    return tech, by_tech[tech][:2]


def run() -> dict[str, dict]:
    with tempfile.TemporaryDirectory(prefix="salon-bench-pricing-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'pricing.db'}")
        SQLModel.metadata.create_all(engine)
        with Session(engine) as session:
            seed_demo(session)
            actor = auth.log_in(session, CUSTOMER_PHONE, DEMO_PASSWORD).actor
            _offers(session, actor.user_id)
            tech, services = _visit(session)
            first = pricing.booking_quote(session, actor, tech, services)
            coupon = first.best_coupon_id
            points = pricing.booking_quote(session, actor, tech, services, coupon).points_max
        assert coupon is not None and points > 0

        def once() -> pricing.Quote:
            with Session(engine) as session:
                return pricing.booking_quote(session, actor, tech, services, coupon, points)

        for _ in range(WARMUP):
            once()
        samples = []
        for _ in range(SAMPLES):
            started = time.perf_counter()
            q = once()
            samples.append((time.perf_counter() - started) * 1000)
        engine.dispose()
    assert len(q.coupons) >= 1 and q.points == points
    return {
        "price_quote": {
            **summarize(samples),
            "coupons_owned": COUPONS,
            "usable_coupons": len(q.coupons),
            "lines": len(q.lines),
        }
    }
