"""Awarding incentives for a finished month, through the ledger, exactly once.

Rules: for a month (a shop's local calendar month, "2026-11") that has ended in the shop's
time zone, each rule that was created before the month ended and not switched off before it
ended awards each technician who served the shop's orders:
- order_bonus: amount x (completed visits in the month - threshold), if above the threshold;
- rating_bonus: amount once, if the month's reviews number at least min_reviews and their
  mean score is at least min_rating_x100;
never more than the rule's cap. An award is one IncentiveAward row (unique per rule,
technician and month, so a second run, or a second worker, adds nothing) and two ledger rows
of kind "incentive" written with it: the shop's account pays, the technician's receives.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from salon_app.core.amounts import yuan_text
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import IncentiveAward, IncentiveRule, Merchant, Order, Technician
from salon_app.core.models import OrderStatus as S
from salon_app.core.services import ledger
from salon_app.core.services.access import Actor
from salon_app.core.services.availability import local_to_utc, zone
from salon_app.core.services.merchants import Capability, require_shop
from salon_app.core.services.notifications import notify
from salon_app.core.services.stats import ratings
from salon_app.core.settings import get_settings

log = logging.getLogger(__name__)
COMPLETED = (S.completed, S.reviewed)


@dataclass(frozen=True)
class Earned:
    rule: IncentiveRule
    technician_id: int
    amount_fen: int
    basis: int  # the orders counted, or the mean rating x100


def last_finished_month(now: datetime) -> str:
    """The month before the one `now` falls in (settings.timezone), as "2026-11"."""
    local = now.astimezone(ZoneInfo(get_settings().timezone)).date()
    return f"{local.replace(day=1) - timedelta(days=1):%Y-%m}"


def month_span(period: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants of local month `period` ("2026-11"): [first midnight, next first)."""
    try:
        first = date(int(period[:4]), int(period[5:7]), 1)
    except ValueError:
        raise DomainError("incentive.period_invalid") from None
    if len(period) != 7 or period[4] != "-":
        raise DomainError("incentive.period_invalid")
    after = (first + timedelta(days=32)).replace(day=1)
    return local_to_utc(first, 0, tz), local_to_utc(after, 0, tz)


def earned(
    session: Session, shop: Merchant, rules: list[IncentiveRule], period: str
) -> list[Earned]:
    """What each rule earns each technician of the shop in the month (the module rules)."""
    start, end = month_span(period, zone(shop.timezone))
    live = [
        r for r in rules if r.created_at < end and (r.disabled_at is None or r.disabled_at >= end)
    ]
    if not live:
        return []
    orders = Counter(
        dict(
            session.exec(
                select(Order.technician_id, func.count(col(Order.id)))
                .where(
                    Order.merchant_id == shop.id,
                    col(Order.starts_at) >= start,
                    col(Order.starts_at) < end,
                    col(Order.status).in_(COMPLETED),
                    col(Order.technician_id).is_not(None),
                )
                .group_by(col(Order.technician_id))
            ).all()
        )
    )
    reviews = ratings(session, shop.id, start, end)
    found = []
    for rule in live:
        if rule.kind == "order_bonus":
            pairs = [
                (t, (n - rule.threshold_orders) * rule.amount_fen, n) for t, n in orders.items()
            ]
        else:
            pairs = [
                (t, rule.amount_fen, round(total / count))
                for t, (count, total) in reviews.items()
                if count >= rule.min_reviews and total >= rule.min_rating_x100 * count
            ]
        for tech_id, amount, basis in sorted(pairs):
            amount = min(amount, rule.cap_fen) if rule.cap_fen is not None else amount
            if amount > 0:
                found.append(Earned(rule, tech_id, amount, basis))
    return found


def award_incentives(session: Session, period: str) -> list[IncentiveAward]:
    """The job: award month `period` for every shop whose month has ended; returns the awards
    this call made (none for what an earlier run or another worker already awarded)."""
    now = utcnow()
    rules: dict[int, list[IncentiveRule]] = defaultdict(list)
    for rule in session.exec(select(IncentiveRule).order_by(col(IncentiveRule.id))).all():
        rules[rule.merchant_id].append(rule)
    made = []
    for shop_id in sorted(rules):
        shop = session.get(Merchant, shop_id)
        if month_span(period, zone(shop.timezone))[1] > now:
            continue  # the month has not ended in the shop's zone: a later day's run awards it
        done = set(
            session.exec(
                select(IncentiveAward.rule_id, IncentiveAward.technician_id).where(
                    IncentiveAward.merchant_id == shop_id, IncentiveAward.period == period
                )
            ).all()
        )
        for item in earned(session, shop, rules[shop_id], period):
            if (item.rule.id, item.technician_id) not in done:
                award = _award(session, shop, item, period, now)
                if award is not None:
                    made.append(award)
    return made


def _award(
    session: Session, shop: Merchant, item: Earned, period: str, now: datetime
) -> IncentiveAward | None:
    """One award in its own transaction; None when another worker made it first."""
    try:
        award = write_award(session, shop.id, item, period, now)
        session.commit()
    except IntegrityError:  # the unique (rule, technician, period): awarded elsewhere
        session.rollback()
        log.info("incentive %s for %s in %s was awarded elsewhere", item.rule.id,
                 item.technician_id, period)  # fmt: skip
        return None
    return award


def write_award(
    session: Session, shop_id: int, item: Earned, period: str, now: datetime
) -> IncentiveAward:
    """The award row, its two ledger rows and the technician's notice (not committed)."""
    award = IncentiveAward(
        rule_id=item.rule.id,
        technician_id=item.technician_id,
        merchant_id=shop_id,
        period=period,
        amount_fen=item.amount_fen,
        basis=item.basis,
        created_at=now,
    )
    session.add(award)
    session.flush()
    ledger.record_incentive(
        session, item.technician_id, shop_id, item.amount_fen, now,
        award=str(award.id), rule=item.rule.name, period=period,
    )  # fmt: skip
    tech = session.get(Technician, item.technician_id)
    notify(session, tech.user_id, "notify.incentive_awarded", name=item.rule.name,
           period=period, amount=yuan_text(item.amount_fen))  # fmt: skip
    return award


@dataclass(frozen=True)
class AwardView:
    period: str
    rule_name: str
    technician_name: str
    amount_fen: int
    basis: int
    created_at: datetime


def list_awards(
    session: Session, actor: Actor | None, period: str | None = None
) -> list[AwardView]:
    """What the actor's shop awarded (one month, or all), newest month first, then by name."""
    shop_id = require_shop(session, actor, Capability.see_statistics).merchant_id
    query = (
        select(IncentiveAward, IncentiveRule.name, Technician.display_name)
        .join(IncentiveRule, col(IncentiveRule.id) == col(IncentiveAward.rule_id))
        .join(Technician, col(Technician.id) == col(IncentiveAward.technician_id))
        .where(IncentiveAward.merchant_id == shop_id)
    )
    if period is not None:
        month_span(period, zone(None))  # refuses a malformed period
        query = query.where(IncentiveAward.period == period)
    rows = session.exec(
        query.order_by(
            col(IncentiveAward.period).desc(), col(Technician.display_name), col(IncentiveAward.id)
        )
    ).all()
    return [
        AwardView(a.period, rule, tech, a.amount_fen, a.basis, a.created_at)
        for a, rule, tech in rows
    ]
