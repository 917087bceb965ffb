"""Incentive rules a shop sets for its technicians (激励规则).

Rules: only the shop's own staff create, list or switch off its rules. Amounts are whole fen,
greater than 0 and at most AMOUNT_MAX; a cap, if any, is at least the amount. An order bonus
needs its threshold (orders per month, 0 or more: "above N orders"); a rating bonus needs its
minimum average rating (1.0-5.0, as x100) and at least one review. A rule applies to every
month that ends after it was created and before it was switched off (award.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import IncentiveRule
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.merchants import Capability, require_shop

KINDS = ("order_bonus", "rating_bonus")
NAME_MAX = 40
AMOUNT_MAX = 1_000_000  # 10,000 yuan per order or per month
THRESHOLD_MAX = 10_000
REVIEWS_MAX = 1_000


@dataclass(frozen=True)
class RuleDraft:
    kind: str
    name: str
    amount_fen: int
    threshold_orders: int | None = None  # order_bonus: paid per order beyond this many
    min_rating_x100: int | None = None  # rating_bonus: 480 = an average of 4.8 or more
    min_reviews: int | None = None  # rating_bonus: over at least this many reviews
    cap_fen: int | None = None  # at most this per technician and month (None: no cap)


@dataclass(frozen=True)
class RuleView:
    id: int
    kind: str
    name: str
    amount_fen: int
    threshold_orders: int | None
    min_rating_x100: int | None
    min_reviews: int | None
    cap_fen: int | None
    created_at: datetime
    active: bool


def _view(rule: IncentiveRule) -> RuleView:
    return RuleView(
        rule.id,
        rule.kind,
        rule.name,
        rule.amount_fen,
        rule.threshold_orders,
        rule.min_rating_x100,
        rule.min_reviews,
        rule.cap_fen,
        rule.created_at,
        rule.disabled_at is None,
    )


def _in_range(value: int | None, low: int, high: int) -> bool:
    return isinstance(value, int) and low <= value <= high


def _check(draft: RuleDraft) -> str:
    """The module's rules for a new rule; returns the cleaned name."""
    if draft.kind not in KINDS:
        raise DomainError("incentive.kind_unknown")
    name = (draft.name or "").strip()
    if not name:
        raise DomainError("validation.required", field="field.incentive_name")
    if len(name) > NAME_MAX:
        raise DomainError("validation.too_long", field="field.incentive_name", max=NAME_MAX)
    if not _in_range(draft.amount_fen, 1, AMOUNT_MAX):
        raise DomainError("incentive.amount_invalid")
    if draft.cap_fen is not None and not _in_range(draft.cap_fen, draft.amount_fen, 10**9):
        raise DomainError("incentive.cap_invalid")
    if draft.kind == "order_bonus":
        if draft.threshold_orders is None:
            raise DomainError("incentive.threshold_required")
        if not _in_range(draft.threshold_orders, 0, THRESHOLD_MAX):
            raise DomainError("incentive.threshold_invalid")
    else:
        if draft.min_rating_x100 is None or draft.min_reviews is None:
            raise DomainError("incentive.threshold_required")
        if not _in_range(draft.min_rating_x100, 100, 500):
            raise DomainError("incentive.rating_invalid")
        if not _in_range(draft.min_reviews, 1, REVIEWS_MAX):
            raise DomainError("incentive.reviews_invalid")
    return name


def create_rule(session: Session, actor: Actor | None, draft: RuleDraft) -> RuleView:
    """A new rule for the actor's own shop, checked against the module's rules."""
    shop_id = require_shop(session, actor, Capability.see_statistics).merchant_id
    name = _check(draft)
    order_bonus = draft.kind == "order_bonus"
    rule = IncentiveRule(
        merchant_id=shop_id,
        kind=draft.kind,
        name=name,
        amount_fen=draft.amount_fen,
        threshold_orders=draft.threshold_orders if order_bonus else None,
        min_rating_x100=None if order_bonus else draft.min_rating_x100,
        min_reviews=None if order_bonus else draft.min_reviews,
        cap_fen=draft.cap_fen,
        created_by=actor.user_id,
        created_at=utcnow(),
    )
    session.add(rule)
    session.flush()
    audit.record(session, actor, "incentive.rule_created", "incentive_rule", rule.id)
    session.commit()
    return _view(rule)


def list_rules(session: Session, actor: Actor | None) -> list[RuleView]:
    """The actor's shop's rules, active first, newest first."""
    shop_id = require_shop(session, actor, Capability.see_statistics).merchant_id
    rules = session.exec(
        select(IncentiveRule)
        .where(IncentiveRule.merchant_id == shop_id)
        .order_by(col(IncentiveRule.disabled_at).is_not(None), col(IncentiveRule.id).desc())
    ).all()
    return [_view(r) for r in rules]


def disable_rule(session: Session, actor: Actor | None, rule_id: int) -> RuleView:
    """Switch a rule off (it awards no month that ends later); another shop's rule is refused
    as if it did not exist. Switching off twice changes nothing."""
    shop_id = require_shop(session, actor, Capability.see_statistics).merchant_id
    rule = session.get(IncentiveRule, rule_id)
    if rule is None or rule.merchant_id != shop_id:
        raise PermissionDenied()
    if rule.disabled_at is None:
        rule.disabled_at = utcnow()
        session.add(rule)
        audit.record(session, actor, "incentive.rule_disabled", "incentive_rule", rule.id)
        session.commit()
    return _view(rule)
