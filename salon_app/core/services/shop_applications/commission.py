"""Commission rates the platform takes on completed orders: the platform's default, each
shop's default, and a shop's rate per category (permission review_shops).

A rate is a percentage with at most two decimals, from 0 to MAX_PERCENT (50 %): more would
leave a shop less than half of its price. Clearing a shop's rate (an empty value) lets it
follow the next one up (ledger.rates says which applies). A change is audited with the rate
before and after, and applies to orders completed after it (the ledger reads the rate when an
order completes; rows already written never change).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import CommissionRate, Merchant, ServiceCategory, ShopApplication
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.ledger import rates

MAX_PERCENT = 50
_PERCENT = re.compile(r"^\d{1,3}(\.\d{1,2})?$")
SHOP_SORTS = ("name", "district", "created_at")


@dataclass(frozen=True)
class CategoryRate:
    category_id: int
    name: str
    own_bp: int | None  # the shop's rate for this category, None: follows the shop's default
    effective_bp: int  # what an order of this category pays now
    offered: bool  # named in the shop's application


@dataclass(frozen=True)
class ShopCommission:
    merchant_id: int
    name: str
    address: str
    district: str
    contact_phone: str
    platform_bp: int
    shop_bp: int | None  # the shop's own default, None: follows the platform's
    categories: list[CategoryRate]


@dataclass(frozen=True)
class ShopRow:
    id: int
    name: str
    district: str
    rate_bp: int  # the shop's default as it applies (its own, else the platform's)
    own_rate: bool
    is_active: bool


def parse_rate(text: object) -> int | None:
    """Basis points of a percentage typed by an operator ("12.5" → 1250); "" → None (clear);
    anything else outside 0..MAX_PERCENT is commission.rate_invalid."""
    raw = str(text if text is not None else "").strip().removesuffix("%").strip()
    if raw == "":
        return None
    if not _PERCENT.match(raw) or Decimal(raw) > MAX_PERCENT:
        raise DomainError("commission.rate_invalid", max=MAX_PERCENT)
    return int(Decimal(raw) * 100)


def _shop(session: Session, merchant_id: int) -> Merchant:
    shop = session.get(Merchant, merchant_id) if isinstance(merchant_id, int) else None
    if shop is None:
        raise DomainError("commission.shop_not_found")
    return shop


def list_shops(session: Session, actor: Actor | None, query: TableQuery) -> Page[ShopRow]:
    """The platform's shops, searched by name or district, with their default rate."""
    require_admin(session, actor, Permission.review_shops)
    platform = rates.platform_rate_bp(session)
    statement = select(Merchant, CommissionRate.rate_bp).outerjoin(
        CommissionRate,
        (col(CommissionRate.merchant_id) == col(Merchant.id))
        & col(CommissionRate.category_id).is_(None),
    )
    return paginate(
        session,
        statement,
        query,
        sort_columns={c: getattr(Merchant, c) for c in SHOP_SORTS},
        tie_breaker=col(Merchant.id),
        search_columns=[col(Merchant.name), col(Merchant.district)],
        row=lambda r: _shop_row(r[0], r[1], platform),
    )


def _shop_row(shop: Merchant, own: int | None, platform: int) -> ShopRow:
    rate = platform if own is None else own
    return ShopRow(shop.id, shop.name, shop.district, rate, own is not None, shop.is_active)


def shop_commission(session: Session, actor: Actor | None, merchant_id: int) -> ShopCommission:
    """A shop's rates: its default and one per category, each with what applies now."""
    require_admin(session, actor, Permission.review_shops)
    shop = _shop(session, merchant_id)
    found = rates.shop_rates(session, shop.id)
    offered = set()
    for ids in session.exec(
        select(ShopApplication.category_ids).where(ShopApplication.merchant_id == shop.id)
    ).all():
        offered |= set(ids)
    categories = session.exec(
        select(ServiceCategory).order_by(col(ServiceCategory.sort_order), col(ServiceCategory.id))
    ).all()
    return ShopCommission(
        shop.id, shop.name, shop.address, shop.district, shop.contact_phone,
        found.platform_bp, found.own_bp(None),
        [CategoryRate(c.id, c.name, found.own_bp(c.id), found.rate_bp(c.id), c.id in offered)
         for c in categories],
    )  # fmt: skip


def _save(
    session: Session, actor: Actor, scope: str, bp: int | None, **where: int | None
) -> int | None:
    """Set (or clear, bp None) the rate of `scope`; returns the rate it had before."""
    row = session.exec(select(CommissionRate).where(CommissionRate.scope == scope)).first()
    before = row.rate_bp if row is not None else None
    if bp is None and row is not None:
        session.delete(row)
    elif bp is not None:
        row = row or CommissionRate(scope=scope, rate_bp=bp, updated_at=utcnow(), **where)
        row.rate_bp, row.updated_by, row.updated_at = bp, actor.user_id, utcnow()
        session.add(row)
    audit.record(
        session, actor, "commission.rate_changed", "commission_rate", where.get("merchant_id"),
        scope=scope, before_bp=before, after_bp=bp,
    )  # fmt: skip
    try:
        session.commit()
    except IntegrityError as exc:  # the same scope set by two operators at once
        session.rollback()
        raise DomainError("commission.changed_meanwhile") from exc
    return before


def set_shop_rate(
    session: Session,
    actor: Actor | None,
    merchant_id: int,
    category_id: int | None,
    rate: object,
) -> None:
    """Set or clear a shop's default (category None) or its rate for one category."""
    actor = require_admin(session, actor, Permission.review_shops)
    bp = parse_rate(rate)
    shop = _shop(session, merchant_id)
    if category_id is not None and session.get(ServiceCategory, category_id) is None:
        raise DomainError("commission.category_not_found")
    scope = rates.shop_scope(shop.id, category_id)
    _save(session, actor, scope, bp, merchant_id=shop.id, category_id=category_id)


def set_platform_rate(session: Session, actor: Actor | None, rate: object) -> None:
    """Set the platform's default (clearing it falls back to the setting)."""
    actor = require_admin(session, actor, Permission.review_shops)
    _save(session, actor, rates.PLATFORM_SCOPE, parse_rate(rate))


def platform_rate(session: Session, actor: Actor | None) -> int:
    """The platform's default rate as it applies now, in basis points."""
    require_admin(session, actor, Permission.review_shops)
    return rates.platform_rate_bp(session)
