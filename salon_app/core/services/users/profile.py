"""One user as an operator sees them: profile, orders, payments and refunds, complaints,
logins, and what operators did to the account (its audit entries).

Rules: needs view_users; the phone is masked (the full number only through
accounts.reveal_phone, audited); each list shows the RECENT newest rows with the total count.
A customer's orders are those they booked; a technician's, those assigned to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, literal, or_, union_all
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.models import (
    AuditEntry,
    AuthSession,
    Complaint,
    Merchant,
    MerchantStaff,
    Order,
    Payment,
    Refund,
    Technician,
    User,
)
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.auth import mask
from salon_app.core.services.orders import services_by_order
from salon_app.core.services.users.accounts import find_user

RECENT = 20


@dataclass(frozen=True)
class UserOrder:
    code: str
    services: list[str]
    status: str
    total_fen: int
    starts_at: datetime


@dataclass(frozen=True)
class UserMoney:
    """A payment (amount in) or a refund (amount out) of one of the user's orders."""

    kind: str  # payment | refund
    order_code: str
    provider: str
    amount_fen: int
    status: str
    at: datetime


@dataclass(frozen=True)
class UserComplaint:
    order_code: str
    kind: str  # complaint | after_sales
    status: str
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class AccountEvent:
    """An audit entry about this account: who did what, when."""

    action: str
    actor_name: str
    at: datetime
    details: dict


@dataclass(frozen=True)
class UserDetail:
    id: int
    display_name: str
    phone_masked: str
    role: str
    admin_role: str | None
    is_active: bool
    must_change_password: bool
    created_at: datetime
    last_login_at: datetime | None
    source: str
    shop_name: str  # a merchant's shop, a shop technician's shop; "" otherwise
    logins_total: int
    logins_open: int
    orders: list[UserOrder]
    orders_total: int
    money: list[UserMoney]
    money_total: int
    complaints: list[UserComplaint]
    complaints_total: int
    history: list[AccountEvent]


def user_detail(session: Session, actor: Actor | None, user_id: object) -> UserDetail:
    """The page of one user (see the module docstring); users.not_found for an unknown id."""
    require_admin(session, actor, Permission.view_users)
    user = find_user(session, user_id)
    tech = session.exec(select(Technician).where(Technician.user_id == user.id)).first()
    mine = or_(
        col(Order.customer_id) == user.id,
        col(Order.technician_id) == (tech.id if tech else -1),
    )
    orders, orders_total = _orders(session, mine)
    money, money_total = _money(session, mine)
    complaints, complaints_total = _complaints(session, user.id, mine)
    now = utcnow()
    logins_total, logins_open = session.exec(
        select(
            func.count(AuthSession.id),
            func.count(AuthSession.id).filter(
                col(AuthSession.revoked_at).is_(None), col(AuthSession.expires_at) > now
            ),
        ).where(AuthSession.user_id == user.id)
    ).one()
    return UserDetail(
        id=user.id,
        display_name=user.display_name,
        phone_masked=mask(user.phone),
        role=user.role,
        admin_role=user.admin_role,
        is_active=user.is_active,
        must_change_password=user.must_change_password,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
        source=user.source,
        shop_name=_shop_name(session, user.id, tech),
        logins_total=logins_total,
        logins_open=logins_open,
        orders=orders,
        orders_total=orders_total,
        money=money,
        money_total=money_total,
        complaints=complaints,
        complaints_total=complaints_total,
        history=_history(session, user.id),
    )


def _shop_name(session: Session, user_id: int, tech: Technician | None) -> str:
    shop_id = tech.merchant_id if tech else None
    if shop_id is None:
        shop_id = session.exec(
            select(MerchantStaff.merchant_id).where(MerchantStaff.user_id == user_id)
        ).first()
    return session.exec(select(Merchant.name).where(Merchant.id == shop_id)).first() or ""


def _orders(session: Session, mine) -> tuple[list[UserOrder], int]:  # noqa: ANN001 - a condition
    total = session.exec(select(func.count(Order.id)).where(mine)).one()
    rows = session.exec(
        select(Order).where(mine).order_by(col(Order.starts_at).desc(), col(Order.id).desc())
    ).fetchmany(RECENT)
    names = services_by_order(session, [o.id for o in rows])
    return [
        UserOrder(o.code, [s.name for s in names.get(o.id, [])], o.status, o.total_fen, o.starts_at)
        for o in rows
    ], total


def _money(session: Session, mine) -> tuple[list[UserMoney], int]:  # noqa: ANN001
    payments = (
        sql_select(
            literal("payment").label("kind"),
            Order.code,
            Payment.provider,
            Payment.amount_fen,
            Payment.status,
            func.coalesce(Payment.paid_at, Payment.created_at).label("at"),
            Payment.id,
        )
        .join(Order, col(Order.id) == Payment.order_id)
        .where(mine)
    )
    refunds = (
        sql_select(
            literal("refund").label("kind"),
            Order.code,
            Payment.provider,
            Refund.amount_fen,
            Refund.status,
            Refund.created_at.label("at"),
            Refund.id,
        )
        .join(Order, col(Order.id) == Refund.order_id)
        .join(Payment, col(Payment.id) == Refund.payment_id)
        .where(mine)
    )
    both = union_all(payments, refunds).subquery()
    total = session.execute(sql_select(func.count()).select_from(both)).scalar_one()
    rows = session.execute(
        sql_select(both).order_by(both.c.at.desc(), both.c.kind, both.c.id.desc()).limit(RECENT)
    ).all()
    return [UserMoney(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows], total


def _complaints(
    session: Session,
    user_id: int,
    mine,  # noqa: ANN001
) -> tuple[list[UserComplaint], int]:
    about = or_(col(Complaint.customer_id) == user_id, mine)
    base = select(Complaint, Order.code).join(Order, col(Order.id) == Complaint.order_id)
    total = session.exec(
        select(func.count(Complaint.id))
        .join(Order, col(Order.id) == Complaint.order_id)
        .where(about)
    ).one()
    rows = session.exec(
        base.where(about)
        .order_by(col(Complaint.created_at).desc(), col(Complaint.id).desc())
        .limit(RECENT)
    ).all()
    return [
        UserComplaint(code, c.kind, c.status, c.reason, c.created_at) for c, code in rows
    ], total


def _history(session: Session, user_id: int) -> list[AccountEvent]:
    rows = session.exec(
        select(AuditEntry, User.display_name)
        .join(User, col(User.id) == AuditEntry.actor_user_id, isouter=True)
        .where(AuditEntry.target_type == "user", AuditEntry.target_id == user_id)
        .order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
        .limit(RECENT)
    ).all()
    return [AccountEvent(e.action, name or "", e.at, dict(e.details)) for e, name in rows]
