"""What a valid promotion is: its kind's rule, its scope, its audience and its period.

Rules (each refusal names what is wrong, and nothing is stored):
- a name of 1-30 characters; a known kind;
- 满减 tiers: 1-5 tiers, each saving less than its threshold, thresholds and savings both
  strictly increasing (a higher spend never saves less);
- a percentage (percent, returning): pays 1-99.99% (discount_bp 1..9999): 0 or "120%" is refused;
- nth_free: the N-th session free, N 2-20; newcomer_price: a price above zero;
- scope: all, categories, services or shops with ids that exist; a shop's promotion covers only
  its own services (scope all means all of them; another shop's service is refused);
- audience: all, new, returning, level (a level that exists) or campaign (a campaign of the
  same owner: a campaign audience needs its campaign);
- the period ends after it starts; an exclusive group of at most 20 characters; priority 0-100.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import Campaign, MemberLevel, Merchant, Service, ServiceCategory
from salon_app.core.services.marketing.owners import Marketer, shop_services

KINDS = ("tiers", "percent", "bogo_second", "nth_free", "newcomer_price", "returning")
AUDIENCES = ("all", "new", "returning", "level", "campaign")
SCOPES = ("all", "categories", "services", "shops")
SHOP_SCOPES = ("all", "services")
NAME_MAX = 30
GROUP_MAX = 20
MAX_TIERS = 5
PRIORITY_MAX = 100


@dataclass
class PromotionDraft:
    """A promotion as the form gives it (money in fen, percentages in basis points)."""

    name: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    rule: dict = field(default_factory=dict)
    scope: str = "all"
    scope_ids: list[int] = field(default_factory=list)
    scope_exclude: bool = False
    audience: str = "all"
    audience_ref: int | None = None
    exclusive_group: str = ""
    priority: int = 0


def _whole(value: object, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(key)
    return value


def _tiers(rule: dict) -> dict:
    tiers = rule.get("tiers")
    if not isinstance(tiers, list) or not tiers:
        raise DomainError("promotion.tiers_required")
    if len(tiers) > MAX_TIERS:
        raise DomainError("promotion.too_many_tiers", max=MAX_TIERS)
    clean: list[list[int]] = []
    for tier in tiers:
        if not isinstance(tier, list | tuple) or len(tier) != 2:
            raise DomainError("promotion.tier_invalid")
        threshold = _whole(tier[0], "promotion.tier_invalid")
        off = _whole(tier[1], "promotion.tier_invalid")
        if off <= 0 or threshold <= off:
            raise DomainError("promotion.tier_off_too_big")
        if clean and (threshold <= clean[-1][0] or off <= clean[-1][1]):
            raise DomainError("promotion.tiers_not_increasing")
        clean.append([threshold, off])
    return {"tiers": clean}


def _percent(rule: dict) -> dict:
    bp = _whole(rule.get("discount_bp"), "promotion.discount_out_of_range")
    if not 0 < bp < 10_000:
        raise DomainError("promotion.discount_out_of_range")
    return {"discount_bp": bp}


def clean_rule(kind: str, rule: object) -> dict:
    """The kind's rule, checked; refused with the first thing wrong."""
    if kind not in KINDS:
        raise DomainError("promotion.kind_unknown")
    rule = rule if isinstance(rule, dict) else {}
    if kind == "tiers":
        return _tiers(rule)
    if kind in ("percent", "returning"):
        return _percent(rule)
    if kind == "nth_free":
        n = _whole(rule.get("n"), "promotion.n_out_of_range")
        if not 2 <= n <= 20:
            raise DomainError("promotion.n_out_of_range")
        return {"n": n}
    if kind == "newcomer_price":
        price = _whole(rule.get("price_fen"), "promotion.price_invalid")
        if price <= 0:
            raise DomainError("promotion.price_invalid")
        return {"price_fen": price}
    return {}  # bogo_second: the second (cheaper) service of a visit is free


def _existing(session: Session, model: type, ids: list[int]) -> bool:
    found = session.exec(select(model.id).where(col(model.id).in_(ids))).all()
    return len(set(found)) == len(set(ids))


def _scope(session: Session, who: Marketer, draft: PromotionDraft) -> None:
    allowed = SCOPES if who.merchant_id is None else SHOP_SCOPES
    if draft.scope not in allowed:
        raise DomainError("promotion.scope_invalid")
    if any(isinstance(i, bool) or not isinstance(i, int) for i in draft.scope_ids):
        raise DomainError("promotion.scope_invalid")
    draft.scope_ids = sorted(set(draft.scope_ids))
    if draft.scope == "all":
        draft.scope_ids, draft.scope_exclude = [], False
        return
    if not draft.scope_ids:
        raise DomainError("promotion.scope_empty")
    if who.merchant_id is not None:
        if not set(draft.scope_ids) <= shop_services(session, who.merchant_id):
            raise DomainError("promotion.service_not_in_shop")
        return
    model = {"categories": ServiceCategory, "services": Service, "shops": Merchant}[draft.scope]
    if not _existing(session, model, draft.scope_ids):
        raise DomainError("promotion.scope_unknown")


def _audience(session: Session, who: Marketer, draft: PromotionDraft) -> None:
    if draft.audience not in AUDIENCES:
        raise DomainError("promotion.audience_unknown")
    if draft.audience in ("all", "new", "returning"):
        draft.audience_ref = None
        return
    if draft.audience == "level":
        rank = draft.audience_ref
        if (
            rank is None
            or session.exec(select(MemberLevel.id).where(MemberLevel.rank == rank)).first() is None
        ):
            raise DomainError("promotion.level_unknown")
        return
    campaign = session.get(Campaign, draft.audience_ref) if draft.audience_ref else None
    if campaign is None or campaign.merchant_id != who.merchant_id:
        raise DomainError("promotion.campaign_required")
    if campaign.status == "ended":
        raise DomainError("promotion.campaign_ended")


def check_draft(session: Session, who: Marketer, draft: PromotionDraft) -> PromotionDraft:
    """The draft made clean, or DomainError with the first thing wrong (see the module rules)."""
    draft.name = draft.name.strip() if isinstance(draft.name, str) else ""
    if not draft.name:
        raise DomainError("promotion.name_required")
    if len(draft.name) > NAME_MAX:
        raise DomainError("promotion.name_too_long", max=NAME_MAX)
    draft.rule = clean_rule(draft.kind, draft.rule)
    if draft.ends_at <= draft.starts_at:
        raise DomainError("promotion.ends_before_starts")
    _scope(session, who, draft)
    _audience(session, who, draft)
    draft.exclusive_group = (draft.exclusive_group or "").strip()
    if len(draft.exclusive_group) > GROUP_MAX:
        raise DomainError("promotion.group_too_long", max=GROUP_MAX)
    if not 0 <= _whole(draft.priority, "promotion.priority_invalid") <= PRIORITY_MAX:
        raise DomainError("promotion.priority_invalid")
    return draft
