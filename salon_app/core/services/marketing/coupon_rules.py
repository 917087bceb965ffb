"""What a valid coupon template is (满减, 折扣, 无门槛, 新人券), for the platform and for shops.

Rules (each refusal a DomainError with its own key; nothing is stored):
- a name of 1..NAME_MAX characters; a kind of KINDS;
- 满减 (threshold): a threshold above 0 and an amount of 1 fen up to below the threshold;
  折扣 (percent): discount_bp within 1..9999 (a "120%" or a 0% discount is refused), an
  optional cap (0: none) and an optional threshold; 无门槛 (no_threshold): an amount, no
  threshold; 新人券 (newcomer): an amount and an optional threshold above it;
- scope all, or categories / services / shops with at least one existing id, optionally
  "all except these"; a shop's template is confined to its own shop: scope "all" or "shops"
  means that shop, and chosen services or categories must be ones the shop's technicians offer;
- validity: N days from the claim (1..VALID_DAYS_MAX), or fixed dates with an end; a start
  after the end is refused; with N days, the dates (if any) bound the claiming;
- stock 1..STOCK_MAX and never below what was already issued; per-user limit 1..LIMIT_MAX,
  per-day limit 0 (none) up to the per-user limit; points cost 0..POINTS_MAX, platform only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import Merchant, Service, ServiceCategory, Technician, TechnicianService

KINDS = ("threshold", "percent", "no_threshold", "newcomer")
SCOPES = ("all", "categories", "services", "shops")
STATUSES = ("draft", "active", "ended")
NAME_MAX = 30
AMOUNT_MAX = 1_000_000  # 10,000 yuan off
STOCK_MAX = 1_000_000
LIMIT_MAX = 100
VALID_DAYS_MAX = 365
POINTS_MAX = 10_000_000
SCOPE_IDS_MAX = 50


@dataclass(frozen=True)
class TemplateDraft:
    """A template as typed on the dashboard (amounts in fen, times in UTC)."""

    name: str
    kind: str
    amount_fen: int = 0
    threshold_fen: int = 0
    discount_bp: int = 10_000
    cap_fen: int = 0
    scope: str = "all"
    scope_ids: tuple[int, ...] = ()
    scope_exclude: bool = False
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    valid_days: int | None = None
    total_stock: int = 0
    per_user_limit: int = 1
    per_day_limit: int = 0
    claimable: bool = True
    points_cost: int = 0


def _within(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _check_value(d: TemplateDraft) -> None:
    if d.kind not in KINDS:
        raise DomainError("coupon.kind_unknown")
    if d.kind == "percent":
        if not _within(d.discount_bp, 1, 9_999):
            raise DomainError("coupon.discount_invalid")
        if not _within(d.cap_fen, 0, AMOUNT_MAX):
            raise DomainError("coupon.cap_invalid")
        if not _within(d.threshold_fen, 0, AMOUNT_MAX * 10):
            raise DomainError("coupon.threshold_invalid")
        return
    if not _within(d.amount_fen, 1, AMOUNT_MAX):
        raise DomainError("coupon.amount_invalid")
    if d.kind == "no_threshold":
        return
    if not _within(d.threshold_fen, 0, AMOUNT_MAX * 10):
        raise DomainError("coupon.threshold_invalid")
    if d.kind == "threshold" and d.threshold_fen == 0:
        raise DomainError("coupon.threshold_required")
    if d.threshold_fen and d.amount_fen >= d.threshold_fen:
        raise DomainError("coupon.amount_not_below_threshold")


def _check_counts(d: TemplateDraft, issued: int, shop: bool) -> None:
    if not _within(d.total_stock, 1, STOCK_MAX):
        raise DomainError("coupon.stock_invalid", max=STOCK_MAX)
    if d.total_stock < issued:
        raise DomainError("coupon.stock_below_issued", issued=issued)
    if not _within(d.per_user_limit, 1, LIMIT_MAX):
        raise DomainError("coupon.per_user_invalid", max=LIMIT_MAX)
    if not _within(d.per_day_limit, 0, d.per_user_limit):
        raise DomainError("coupon.per_day_invalid")
    if not _within(d.points_cost, 0, POINTS_MAX):
        raise DomainError("coupon.points_invalid")
    if shop and d.points_cost:
        raise DomainError("coupon.points_platform_only")


def _check_validity(d: TemplateDraft) -> None:
    if d.valid_days is not None and not _within(d.valid_days, 1, VALID_DAYS_MAX):
        raise DomainError("coupon.valid_days_invalid", max=VALID_DAYS_MAX)
    if d.valid_days is None and d.valid_until is None:
        raise DomainError("coupon.validity_required")
    if d.valid_from and d.valid_until and d.valid_from >= d.valid_until:
        raise DomainError("coupon.dates_reversed")


def _existing(session: Session, scope: str, ids: list[int]) -> set[int]:
    model = {"categories": ServiceCategory, "services": Service, "shops": Merchant}[scope]
    return set(session.exec(select(model.id).where(col(model.id).in_(ids))).all())


def shop_offers(session: Session, shop_id: int) -> tuple[set[int], set[int]]:
    """The services the shop's technicians price, and their categories."""
    rows = session.exec(
        select(Service.id, Service.category_id)
        .join(TechnicianService, TechnicianService.service_id == Service.id)
        .join(Technician, Technician.id == TechnicianService.technician_id)
        .where(Technician.merchant_id == shop_id)
        .distinct()
    ).all()
    return {s for s, _ in rows}, {c for _, c in rows}


def _check_scope(session: Session, d: TemplateDraft, shop_id: int | None) -> tuple[str, list[int]]:
    """The scope to store: (scope, sorted ids)."""
    if d.scope not in SCOPES:
        raise DomainError("coupon.scope_unknown")
    ids = sorted({i for i in d.scope_ids if _within(i, 1, 2**31 - 1)})
    if len(ids) != len(set(d.scope_ids)) or len(ids) > SCOPE_IDS_MAX:
        raise DomainError("coupon.scope_ids_invalid")
    if shop_id is not None and d.scope in ("all", "shops"):
        if d.scope == "shops" and ids != [shop_id]:
            raise DomainError("coupon.scope_other_shop")
        return "shops", [shop_id]
    if d.scope == "all":
        return "all", []
    if not ids:
        raise DomainError("coupon.scope_ids_required")
    if _existing(session, d.scope, ids) != set(ids):
        raise DomainError("coupon.scope_ids_invalid")
    if shop_id is not None:
        services, categories = shop_offers(session, shop_id)
        own = services if d.scope == "services" else categories
        if not set(ids) <= own:
            raise DomainError("coupon.scope_other_shop")
    return d.scope, ids


def checked_draft(
    session: Session, d: TemplateDraft, *, shop_id: int | None, issued: int = 0
) -> tuple[str, str, list[int]]:
    """Every rule above; returns the cleaned name and the scope to store."""
    name = (d.name or "").strip()
    if not name:
        raise DomainError("validation.required", field="field.coupon_name")
    if len(name) > NAME_MAX:
        raise DomainError("validation.too_long", field="field.coupon_name", max=NAME_MAX)
    _check_value(d)
    _check_counts(d, issued, shop_id is not None)
    _check_validity(d)
    scope, ids = _check_scope(session, d, shop_id)
    return name, scope, ids
