"""The platform's review of shop applications (permission review_shops).

Approving creates the shop (Merchant, from the application's name, address, coordinates,
contact phone and intro), seats the applicant as its owner (MerchantStaff role owner, the
seat every shop service reads through merchants.shop_roles) and makes their account a
merchant account: their next request opens the shop dashboard. Refused when the applicant
is no longer an active customer, or still has open orders as a customer (those would be
stranded: a merchant account cannot see them). Rejecting needs a reason (≤ 200), which the
applicant sees. Either decision is taken once (a conditional update: two operators deciding
at once leave one decision), notifies the applicant and is audited in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.models import (
    Merchant,
    MerchantStaff,
    Order,
    OrderStatus,
    Role,
    ServiceCategory,
    ShopApplication,
    ShopRole,
    User,
)
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.notifications import notify

STATUSES = ("pending", "approved", "rejected")
SORTS = ("created_at", "shop_name", "status", "district")
REASON_MAX = 200
OPEN = (OrderStatus.pending_payment, OrderStatus.pending_service, OrderStatus.in_service)


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    shop_name: str
    licence_number: str
    district: str
    address: str
    contact_phone: str
    categories: list[str]
    intro: str
    applicant: str  # the applicant's display name
    status: str
    reason: str
    created_at: datetime
    decided_at: datetime | None
    merchant_id: int | None
    thumb: bytes | None  # the licence scan's small picture (private: a data URL in the page)


def _category_names(session: Session) -> dict[int, str]:
    return dict(session.exec(select(ServiceCategory.id, ServiceCategory.name)).all())


def list_shop_applications(
    session: Session, actor: Actor | None, query: TableQuery, status: str = "pending"
) -> Page[ApplicationRow]:
    """One page of applications in a status ("" for all), searched by shop name, licence
    number or address, with each licence scan's thumbnail."""
    require_admin(session, actor, Permission.review_shops)
    statement = select(ShopApplication, User.display_name).join(
        User, col(User.id) == ShopApplication.applicant_id
    )
    if status in STATUSES:
        statement = statement.where(ShopApplication.status == status)
    names = _category_names(session)
    return paginate(
        session,
        statement,
        query,
        sort_columns={c: getattr(ShopApplication, c) for c in SORTS},
        tie_breaker=col(ShopApplication.id),
        search_columns=[
            col(ShopApplication.shop_name),
            col(ShopApplication.licence_number),
            col(ShopApplication.address),
        ],
        row=lambda r: _row(r[0], r[1], names),
    )


def _row(a: ShopApplication, applicant: str, names: dict[int, str]) -> ApplicationRow:
    return ApplicationRow(
        a.id, a.shop_name, a.licence_number, a.district, a.address, a.contact_phone,
        [names[i] for i in a.category_ids if i in names], a.intro, applicant, a.status,
        a.reason, a.created_at, a.decided_at, a.merchant_id, storage.read_private(a.licence_thumb),
    )  # fmt: skip


def application_scan(session: Session, actor: Actor | None, application_id: int) -> bytes:
    """The whole licence scan (JPEG) of one application, for the reviewer."""
    require_admin(session, actor, Permission.review_shops)
    row = session.get(ShopApplication, application_id)
    data = storage.read_private(row.licence_scan) if row is not None else None
    if data is None:
        raise DomainError("shop_review.not_found")
    return data


def _decide(session: Session, actor: Actor, application_id: int, **values: object) -> None:
    """Move a pending application to its decision, once (else shop_review.already_decided)."""
    done = session.execute(
        update(ShopApplication)
        .where(col(ShopApplication.id) == application_id, ShopApplication.status == "pending")
        .values(decided_at=utcnow(), decided_by=actor.user_id, **values)
    )
    if done.rowcount != 1:
        session.rollback()
        exists = session.get(ShopApplication, application_id) is not None
        raise DomainError("shop_review.already_decided" if exists else "shop_review.not_found")


def approve_shop_application(session: Session, actor: Actor | None, application_id: int) -> int:
    """Approve (rules above); returns the new shop's id."""
    actor = require_admin(session, actor, Permission.review_shops)
    _decide(session, actor, application_id, status="approved")
    row = session.get(ShopApplication, application_id, populate_existing=True)
    user = session.get(User, row.applicant_id)
    if user is None or user.role != Role.customer or not user.is_active:
        session.rollback()
        raise DomainError("shop_review.applicant_unavailable")
    open_orders = session.exec(
        select(func.count()).where(Order.customer_id == user.id, col(Order.status).in_(OPEN))
    ).one()
    if open_orders:
        session.rollback()
        raise DomainError("shop_review.applicant_has_open_orders", count=open_orders)
    shop = Merchant(
        name=row.shop_name, description=row.intro, address=row.address, district=row.district,
        lat=row.lat, lng=row.lng, contact_phone=row.contact_phone, created_at=utcnow(),
    )  # fmt: skip
    session.add(shop)
    session.flush()
    session.add(MerchantStaff(user_id=user.id, merchant_id=shop.id, role=ShopRole.owner))
    user.role = Role.merchant
    row.merchant_id = shop.id
    session.add_all([user, row])
    notify(session, user.id, "notify.shop_approved", shop=row.shop_name)
    audit.record(
        session, actor, "shop.application_approved", "shop_application", row.id, merchant=shop.id
    )
    session.commit()
    return shop.id


def reject_shop_application(
    session: Session, actor: Actor | None, application_id: int, reason: str
) -> None:
    """Reject with a reason the applicant sees (required, ≤ 200 characters)."""
    actor = require_admin(session, actor, Permission.review_shops)
    text = (reason or "").strip()
    if not text:
        raise DomainError("shop_review.reason_required")
    if len(text) > REASON_MAX:
        raise DomainError("validation.too_long", field="field.reason", max=REASON_MAX)
    _decide(session, actor, application_id, status="rejected", reason=text)
    row = session.get(ShopApplication, application_id, populate_existing=True)
    notify(session, row.applicant_id, "notify.shop_rejected", shop=row.shop_name, reason=text)
    audit.record(session, actor, "shop.application_rejected", "shop_application", row.id)
    session.commit()
