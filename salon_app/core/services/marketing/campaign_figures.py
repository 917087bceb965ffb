"""What a campaign has done so far, and what it earned against its holdout.

Figures: members (treated and holdout), reached (treated members who got the offer),
claimed (coupons issued, points batches given; a promotion's reached members), redeemed
(the campaign's coupons used by an order: Coupon.order_id set; a promotion's orders with its
discount line), orders and GMV (paid orders of treated members within the attribution window
after their assignment; cancelled and refunded ones do not count), cost (discount lines of the
campaign's coupons and promotion, plus points given: 1 point = 1 fen) and issued cost (the face
value of what was issued, which the budget bounds), by local day. The evaluation is
campaign_evaluation.evaluate over every member's outcome.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.models import (
    Campaign,
    CampaignMember,
    Coupon,
    DiscountLine,
    Order,
    PointsEntry,
)
from salon_app.core.services.marketing.campaign_evaluation import Evaluation, Outcome, evaluate
from salon_app.core.services.marketing.campaign_rules import face_value
from salon_app.core.services.tags import PAID_STATUSES
from salon_app.core.settings import get_settings

MAX_DAYS = 120  # the daily chart's longest span


@dataclass(frozen=True)
class DayFigures:
    day: date
    orders: int
    gmv_fen: int
    redeemed: int
    cost_fen: int


@dataclass(frozen=True)
class LiveFigures:
    members: int
    treated: int
    holdout: int
    reached: int
    claimed: int
    redeemed: int
    orders: int
    gmv_fen: int
    cost_fen: int
    issued_cost_fen: int
    budget_fen: int
    days: list[DayFigures]


def points_key_prefix(campaign_id: int) -> str:
    """Every points batch a campaign gives has a key starting with this."""
    return f"campaign:{campaign_id}:"


def _points(session: Session, campaign_id: int) -> list[tuple[datetime, int]]:
    rows = session.exec(
        select(PointsEntry.created_at, PointsEntry.amount).where(
            col(PointsEntry.key).startswith(points_key_prefix(campaign_id)),
            PointsEntry.amount > 0,
        )
    ).all()
    return [(at, amount) for at, amount in rows]


def _discount_lines(session: Session, c: Campaign) -> list[tuple[datetime | None, int, int]]:
    """(order paid at, amount, order id) of the campaign's coupon and promotion lines."""
    coupon_ids = select(Coupon.id).where(Coupon.campaign_id == c.id)
    which = (col(DiscountLine.source) == "coupon") & col(DiscountLine.ref_id).in_(coupon_ids)
    if c.offer_kind == "promotion":
        which = which | (
            (col(DiscountLine.source) == "promotion") & (col(DiscountLine.ref_id) == c.offer_ref)
        )
    rows = session.exec(
        select(Order.paid_at, DiscountLine.amount_fen, DiscountLine.order_id)
        .join(Order, col(Order.id) == col(DiscountLine.order_id))
        .where(which, col(Order.status).in_(PAID_STATUSES))
    ).all()
    return [(paid, amount, order_id) for paid, amount, order_id in rows]


def measured_cost(session: Session, campaign: Campaign) -> int:
    """What the campaign has measurably cost: its discount lines plus the points it gave."""
    lines = sum(amount for _, amount, _ in _discount_lines(session, campaign))
    return lines + sum(amount for _, amount in _points(session, campaign.id))


def issued_cost(session: Session, campaign: Campaign) -> int:
    """The face value of what the campaign issued: coupons x their face value, plus points."""
    coupons = session.exec(
        select(func.count()).select_from(Coupon).where(Coupon.campaign_id == campaign.id)
    ).one()
    face = face_value(session, campaign.offer_kind, campaign.offer_ref)
    return coupons * face + sum(amount for _, amount in _points(session, campaign.id))


def _members(session: Session, campaign_id: int) -> list[CampaignMember]:
    return list(
        session.exec(
            select(CampaignMember)
            .where(CampaignMember.campaign_id == campaign_id)
            .order_by(col(CampaignMember.user_id))
        ).all()
    )


def _attributed(
    session: Session, c: Campaign, members: list[CampaignMember], now: datetime
) -> dict[int, list[Order]]:
    """Each member's paid orders within the attribution window after their assignment."""
    if not members:
        return {}
    window = timedelta(days=c.attribution_days)
    first = min(m.assigned_at for m in members)
    orders = session.exec(
        select(Order)
        .join(CampaignMember, col(CampaignMember.user_id) == col(Order.customer_id))
        .where(
            CampaignMember.campaign_id == c.id,
            col(Order.status).in_(PAID_STATUSES),
            col(Order.paid_at) >= first,
            col(Order.paid_at) <= now,
        )
        .order_by(col(Order.paid_at), col(Order.id))
    ).all()
    assigned = {m.user_id: m.assigned_at for m in members}
    found: dict[int, list[Order]] = defaultdict(list)
    for order in orders:
        start = assigned.get(order.customer_id)
        if start is not None and start <= order.paid_at <= start + window:
            found[order.customer_id].append(order)
    return found


def _local_day(at: datetime) -> date:
    return at.astimezone(ZoneInfo(get_settings().timezone)).date()


def live_figures(session: Session, c: Campaign, now: datetime) -> LiveFigures:
    """The campaign's figures now (see the module docstring), with a row per local day."""
    members = _members(session, c.id)
    treated = [m for m in members if not m.holdout]
    attributed = _attributed(session, c, treated, now)
    coupons = session.exec(
        select(Coupon.order_id, Coupon.used_at).where(Coupon.campaign_id == c.id)
    ).all()
    points = _points(session, c.id)
    lines = _discount_lines(session, c)
    if c.offer_kind == "coupon" or c.kind == "invite":
        claimed = len(coupons) + len(points)
    else:
        claimed = (
            len(points) if c.offer_kind == "points" else sum(1 for m in treated if m.reached_at)
        )
    redeemed = sum(1 for order_id, _ in coupons if order_id is not None)
    if c.offer_kind == "promotion":
        redeemed += len({order_id for _, _, order_id in lines})
    days: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for orders in attributed.values():
        for order in orders:
            days[_local_day(order.paid_at)][0] += 1
            days[_local_day(order.paid_at)][1] += order.total_fen
    for order_id, used_at in coupons:
        if order_id is not None and used_at is not None:
            days[_local_day(used_at)][2] += 1
    for paid_at, amount, _ in lines:
        if paid_at is not None:
            days[_local_day(paid_at)][3] += amount
    for at, amount in points:
        days[_local_day(at)][3] += amount
    start = _local_day(c.starts_at)
    last = min(_local_day(min(now, c.ends_at)), start + timedelta(days=MAX_DAYS - 1))
    series = [
        DayFigures(day, *days.get(day, [0, 0, 0, 0]))
        for day in (start + timedelta(days=i) for i in range(max(0, (last - start).days + 1)))
    ]
    return LiveFigures(
        members=len(members),
        treated=len(treated),
        holdout=len(members) - len(treated),
        reached=sum(1 for m in treated if m.reached_at is not None),
        claimed=claimed,
        redeemed=redeemed,
        orders=sum(len(v) for v in attributed.values()),
        gmv_fen=sum(o.total_fen for v in attributed.values() for o in v),
        cost_fen=sum(a for _, a, _ in lines) + sum(a for _, a in points),
        issued_cost_fen=issued_cost(session, c),
        budget_fen=c.budget_fen,
        days=series,
    )


def campaign_evaluation(session: Session, c: Campaign, now: datetime) -> Evaluation:
    """Treated against holdout within the attribution window (campaign_evaluation)."""
    members = _members(session, c.id)
    attributed = _attributed(session, c, members, now)

    def outcome(m: CampaignMember) -> Outcome:
        orders = attributed.get(m.user_id, [])
        return Outcome(bool(orders), sum(o.total_fen for o in orders))

    return evaluate(
        [outcome(m) for m in members if not m.holdout],
        [outcome(m) for m in members if m.holdout],
        measured_cost(session, c),
    )
