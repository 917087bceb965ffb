"""Demo promotions and campaigns, so the marketing pages show real figures on `make run`:
a platform 满减 with two tiers, the first shop's 8折 on its own services, a new customers'
price and a returning customers' offer; a running coupon campaign with a 20% holdout aimed at
the customers who have ordered (its treated members used their coupons on the
orders they paid within the attribution window, so the evaluation shows treated against
holdout with a ROI), and a running 邀请有礼 campaign. Everything follows from the seeded
order history: no random draw of its own."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from salon_app.core.demo.order_history import History
from salon_app.core.demo.residents import DemoCustomer, DemoTechnician
from salon_app.core.demo.shenzhen import DISTRICTS
from salon_app.core.models import (
    Campaign,
    CampaignMember,
    Coupon,
    CouponTemplate,
    DiscountLine,
    LedgerEntry,
    Merchant,
    Order,
    OrderItem,
    Promotion,
    Segment,
    Service,
    User,
)
from salon_app.core.services.ledger import (
    COMMISSION,
    PLATFORM_FEE,
    SETTLEMENT,
    SHARE,
    record_completion,
)
from salon_app.core.services.marketing import held_out, issue, shop_services
from salon_app.core.services.tags import PAID_STATUSES, segment_members, segment_size

CAMPAIGN_STARTED_DAYS_AGO = 18
ATTRIBUTION_DAYS = 14
COUPON_FEN, COUPON_THRESHOLD_FEN = 1_500, 10_000
SEED = 1111  # the campaign's own draws: the city's other choices stay as they were
FIRST_SEQ = 8001  # order codes after the regulars'
SHANGHAI = ZoneInfo("Asia/Shanghai")


def add_demo_campaigns(
    session: Session,
    now: datetime,
    admin_id: int,
    shops: list[Merchant],
    technicians: list[DemoTechnician],
    services: dict[str, Service],
) -> None:
    _promotions(session, now, admin_id, shops[0])
    session.add(
        Campaign(
            name="邀请有礼", kind="invite", goal="老带新：好友首单后双方各得 1000 积分",
            offer_kind="points", offer_ref=1_000, starts_at=now - timedelta(days=30),
            ends_at=now + timedelta(days=60), holdout_bp=0, attribution_days=30,
            status="running", created_by=admin_id, created_at=now - timedelta(days=31),
        )
    )  # fmt: skip
    segment = Segment(
        name="偶尔下单的客户",
        rule=[{"field": "orders", "op": "gte", "value": 1},
              {"field": "orders", "op": "lte", "value": 10}],
        created_by=admin_id, created_at=now, updated_at=now,
    )  # fmt: skip
    segment.size_at_save = segment_size(session, segment.rule)
    session.add(segment)
    session.flush()
    visits = History(session, random.Random(SEED), now, technicians, [], services)
    _recall_campaign(session, now, admin_id, segment.id, visits)
    for tech in technicians:  # the visits' reviews count in the technicians' ratings
        count, total = visits.ratings.get(tech.row.id, (0, 0))
        tech.row.rating_count += count
        tech.row.rating_sum += total
        session.add(tech.row)
    session.flush()


def _promotions(session: Session, now: datetime, admin_id: int, shop: Merchant) -> None:
    start, end = now - timedelta(days=10), now + timedelta(days=50)
    own = sorted(shop_services(session, shop.id))
    cheapest = session.exec(
        select(Service).order_by(col(Service.price_min_fen), col(Service.id))
    ).first()
    rows = [
        Promotion(name="满200减30，满400减80", kind="tiers",
                  rule={"tiers": [[20_000, 3_000], [40_000, 8_000]]}, exclusive_group="满减"),
        Promotion(name=f"{shop.name[:8]}全场8折", kind="percent", rule={"discount_bp": 8_000},
                  scope="services", scope_ids=own, funded_by="merchant", merchant_id=shop.id,
                  exclusive_group="折扣"),
        Promotion(name=f"新客价：{cheapest.name}", kind="newcomer_price",
                  rule={"price_fen": max(100, cheapest.price_min_fen // 2)}, scope="services",
                  scope_ids=[cheapest.id], audience="new", priority=10),
        Promotion(name="老客回归9折", kind="returning", rule={"discount_bp": 9_000},
                  audience="returning", exclusive_group="折扣"),
    ]  # fmt: skip
    for p in rows:
        p.starts_at, p.ends_at, p.created_by, p.created_at = start, end, admin_id, start
        session.add(p)


def _recall_campaign(
    session: Session, now: datetime, admin_id: int, segment_id: int, visits: History
) -> None:
    start = now - timedelta(days=CAMPAIGN_STARTED_DAYS_AGO)
    template = CouponTemplate(
        name="满100减15召回券", kind="threshold", threshold_fen=COUPON_THRESHOLD_FEN,
        amount_fen=COUPON_FEN, valid_days=30, total_stock=500, claimable=False,
        created_by=admin_id, created_at=start,
    )  # fmt: skip
    session.add(template)
    session.flush()
    campaign = Campaign(
        name="老客召回·满100减15", goal="唤回一年内下过单的客户，拉动复购",
        segment_id=segment_id, offer_kind="coupon", offer_ref=template.id, channel="inapp",
        starts_at=start, ends_at=now + timedelta(days=12), budget_fen=100_000,
        holdout_bp=2_000, attribution_days=ATTRIBUTION_DAYS, status="running",
        created_by=admin_id, created_at=start - timedelta(days=1),
    )  # fmt: skip
    session.add(campaign)
    session.flush()
    treated = 0
    for user_id in segment_members(session, segment_id):
        holdout = held_out(campaign.id, user_id, campaign.holdout_bp)
        coupon = None if holdout else issue(
            session, template, user_id, start, source="campaign", campaign_id=campaign.id
        )  # fmt: skip
        session.add(
            CampaignMember(campaign_id=campaign.id, user_id=user_id, holdout=holdout,
                           assigned_at=start, reached_at=None if holdout else start,
                           coupon_id=coupon.id if coupon else None)
        )  # fmt: skip
        if coupon is None:
            continue
        treated += 1
        if treated % 3 == 0:  # every third treated member came back with the coupon
            _come_back(session, visits, user_id, start, now)
        _use_on_first_order(session, coupon, user_id, start, now)
    session.flush()


def _come_back(
    session: Session, visits: History, user_id: int, start: datetime, now: datetime
) -> None:
    """A visit booked in the shop of the trade the customer likes, on one of the campaign's
    days the technician works (the order history's own booking: payment, income, review)."""
    rng = visits.rng
    shop_techs = [t for t in visits.technicians if t.row.merchant_id is not None]
    customer = DemoCustomer(session.get(User, user_id), DISTRICTS[0], DISTRICTS[0].streets[0], "")
    first = start.astimezone(SHANGHAI).date() + timedelta(days=1)
    last = min(visits.today - timedelta(days=1), first + timedelta(days=ATTRIBUTION_DAYS - 2))
    for _ in range(20):
        tech = rng.choice(shop_techs)
        slug = rng.choice(sorted(tech.prices))
        day = first + timedelta(days=rng.randint(0, max(0, (last - first).days)))
        if visits.services[slug].in_shop and visits.book(_next_seq(), slug, tech, day, customer):
            return


_seq = iter(range(FIRST_SEQ, FIRST_SEQ + 1_000))


def _next_seq() -> int:
    return next(_seq)


def _use_on_first_order(
    session: Session, coupon: Coupon, user_id: int, start: datetime, now: datetime
) -> None:
    """The member's first order paid in the window used the coupon: its line, and the list
    price the coupon came off (what the customer paid stays as paid). The order was completed
    with its history, before it had the line: its split is made again, as income.py makes it
    with the line (the platform's coupon paid from platform:marketing, the shop and the
    technician paid on the price before it)."""
    order = session.exec(
        select(Order)
        .where(
            Order.customer_id == user_id,
            col(Order.status).in_(PAID_STATUSES),
            Order.paid_at >= start,
            Order.paid_at <= min(now, start + timedelta(days=ATTRIBUTION_DAYS)),
            Order.total_fen + COUPON_FEN >= COUPON_THRESHOLD_FEN,
        )
        .order_by(col(Order.paid_at), col(Order.id))
    ).first()
    if order is None:
        return
    item = session.exec(
        select(OrderItem).where(OrderItem.order_id == order.id).order_by(col(OrderItem.id))
    ).first()
    coupon.order_id, coupon.used_at = order.id, order.paid_at
    order.list_fen = order.total_fen + COUPON_FEN
    item.price_fen += COUPON_FEN  # the items add up to the list price
    session.add(item)
    session.add(
        DiscountLine(order_id=order.id, order_item_id=item.id, source="coupon",
                     ref_id=coupon.id, label="满100减15召回券", amount_fen=COUPON_FEN)
    )  # fmt: skip
    _settle_again(session, order)


def _settle_again(session: Session, order: Order) -> None:
    """Replace the completed order's split (written without its discount lines) by the one
    income.record_completion writes now, at the same time (no refund follows in the demo)."""
    split = session.exec(
        select(LedgerEntry).where(
            LedgerEntry.order_id == order.id,
            col(LedgerEntry.kind).in_((SETTLEMENT, COMMISSION, SHARE, PLATFORM_FEE)),
        )
    ).all()
    if not split:
        return
    for row in split:
        session.delete(row)
    session.flush()
    record_completion(session, order, at=order.completed_at)
