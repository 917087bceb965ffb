"""A shop's staff: the owner invites by phone, changes roles, removes; never the last owner.

Inviting a phone (a mainland mobile):
* with no account yet: a pending invitation; whoever signs up with that phone through
  `sign_up_invited` gets a merchant account seated in the shop with the invited role
  (the oldest pending invitation wins; the others for that phone are closed);
* of a merchant-role account without a shop (someone removed earlier): seated at once;
* of any other account (a customer, a technician, another shop's staff): refused, because an
  account has one role and a merchant works for one shop.
Role changes and removals run under the shop's lock, so two owners demoting each other at
once cannot leave the shop without an owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Merchant, MerchantStaff, Role, ShopRole, StaffInvitation, User
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.auth import (
    check_sign_up,
    mask,
    normalize_mobile,
    open_account,
    sign_up,
)
from salon_app.core.services.availability import lock_shop
from salon_app.core.services.merchants.shop_roles import Capability, Seat, require_shop
from salon_app.core.services.notifications import notify


@dataclass(frozen=True)
class StaffMember:
    user_id: int
    display_name: str
    phone: str  # masked
    role: str
    is_me: bool


@dataclass(frozen=True)
class StaffInvite:
    id: int
    phone: str  # masked
    role: str
    created_at: datetime


@dataclass(frozen=True)
class StaffList:
    members: list[StaffMember]
    invitations: list[StaffInvite]


def _shop_name(session: Session, seat: Seat) -> str:
    return session.get(Merchant, seat.merchant_id).name


def _role(role: str) -> ShopRole:
    try:
        return ShopRole(role)
    except ValueError:
        raise DomainError("staff.role_invalid") from None


def list_staff(session: Session, actor: Actor | None) -> StaffList:
    """The shop's members (owners first, then by name) and its pending invitations: every
    member sees them (phones masked); only the owner changes them."""
    seat = require_shop(session, actor, Capability.view_shop)
    rows = session.exec(
        select(MerchantStaff, User)
        .join(User, col(User.id) == MerchantStaff.user_id)
        .where(MerchantStaff.merchant_id == seat.merchant_id)
        .order_by(MerchantStaff.role != ShopRole.owner, User.display_name, User.id)
    ).all()
    invites = session.exec(
        select(StaffInvitation)
        .where(StaffInvitation.merchant_id == seat.merchant_id, StaffInvitation.status == "pending")
        .order_by(StaffInvitation.created_at, StaffInvitation.id)
    ).all()
    return StaffList(
        [
            StaffMember(u.id, u.display_name, mask(u.phone), s.role, u.id == seat.user_id)
            for s, u in rows
        ],
        [StaffInvite(i.id, mask(i.phone), i.role, i.created_at) for i in invites],
    )


def invite_staff(
    session: Session, actor: Actor | None, phone: str, role: str
) -> StaffMember | StaffInvite:
    """Seat an existing shopless merchant account at once, or leave a pending invitation for
    a phone with no account (inviting it again only changes the role). See the module rules."""
    seat = require_shop(session, actor, Capability.manage_staff)
    shop_role = _role(role)
    e164 = normalize_mobile(phone)
    digest = crypto.lookup_hash(e164)
    user = session.exec(select(User).where(User.phone_hash == digest)).first()
    if user is not None:
        return _seat_existing(session, actor, seat, user, shop_role)
    invite = session.exec(
        select(StaffInvitation).where(
            StaffInvitation.merchant_id == seat.merchant_id,
            StaffInvitation.phone_hash == digest,
            StaffInvitation.status == "pending",
        )
    ).first()
    if invite is None:
        invite = StaffInvitation(
            merchant_id=seat.merchant_id,
            phone=e164,
            phone_hash=digest,
            role=shop_role,
            invited_by=seat.user_id,
            created_at=utcnow(),
        )
    invite.role = shop_role
    session.add(invite)
    audit.record(session, actor, "shop.staff_invited", "merchant", seat.merchant_id, role=role)
    try:
        session.commit()
    except IntegrityError:  # the same invitation sent twice at once: the first one stands
        session.rollback()
        invite = session.exec(
            select(StaffInvitation).where(
                StaffInvitation.merchant_id == seat.merchant_id,
                StaffInvitation.phone_hash == digest,
                StaffInvitation.status == "pending",
            )
        ).one()
    return StaffInvite(invite.id, mask(e164), invite.role, invite.created_at)


def _seat_existing(
    session: Session, actor: Actor | None, seat: Seat, user: User, role: ShopRole
) -> StaffMember:
    current = session.exec(select(MerchantStaff).where(MerchantStaff.user_id == user.id)).first()
    if current is not None and current.merchant_id == seat.merchant_id:
        raise DomainError("staff.already_member")
    if user.role != Role.merchant or current is not None or not user.is_active:
        raise DomainError("staff.phone_unavailable")
    session.add(MerchantStaff(user_id=user.id, merchant_id=seat.merchant_id, role=role))
    notify(session, user.id, f"staff.joined_notice.{role}", shop=_shop_name(session, seat))
    audit.record(session, actor, "shop.staff_added", "user", user.id, role=role)
    try:
        session.commit()
    except IntegrityError as exc:  # seated by another shop at the same moment
        session.rollback()
        raise DomainError("staff.phone_unavailable") from exc
    return StaffMember(user.id, user.display_name, mask(user.phone), role, False)


def revoke_invitation(session: Session, actor: Actor | None, invitation_id: int) -> None:
    """Withdraw one of the shop's pending invitations (another shop's is not found)."""
    seat = require_shop(session, actor, Capability.manage_staff)
    invite = session.get(StaffInvitation, invitation_id)
    if invite is None or invite.merchant_id != seat.merchant_id or invite.status != "pending":
        raise DomainError("staff.invitation_not_found")
    invite.status, invite.closed_at = "revoked", utcnow()
    session.commit()


def _member(session: Session, seat: Seat, user_id: int) -> MerchantStaff:
    if not lock_shop(session, seat.merchant_id):
        raise DomainError("staff.not_found")
    row = session.exec(
        select(MerchantStaff).where(
            MerchantStaff.user_id == user_id, MerchantStaff.merchant_id == seat.merchant_id
        )
    ).first()
    if row is None:
        raise DomainError("staff.not_found")
    return row


def _owners(session: Session, merchant_id: int) -> int:
    return session.exec(
        select(func.count()).where(
            MerchantStaff.merchant_id == merchant_id, MerchantStaff.role == ShopRole.owner
        )
    ).one()


def change_staff_role(session: Session, actor: Actor | None, user_id: int, role: str) -> None:
    """Give a member another role; the shop always keeps at least one owner."""
    seat = require_shop(session, actor, Capability.manage_staff)
    new_role = _role(role)
    row = _member(session, seat, user_id)
    demoted = row.role == ShopRole.owner and new_role != ShopRole.owner
    if demoted and _owners(session, seat.merchant_id) <= 1:
        session.rollback()
        raise DomainError("staff.last_owner")
    row.role = new_role
    notify(session, user_id, f"staff.role_changed.{new_role}", shop=_shop_name(session, seat))
    audit.record(session, actor, "shop.staff_role_changed", "user", user_id, role=role)
    session.commit()


def remove_staff(session: Session, actor: Actor | None, user_id: int) -> None:
    """Take a member's seat away (their account stays, without a shop); never the last
    owner. The member loses access at their next request: the seat is read every time."""
    seat = require_shop(session, actor, Capability.manage_staff)
    row = _member(session, seat, user_id)
    if row.role == ShopRole.owner and _owners(session, seat.merchant_id) <= 1:
        session.rollback()
        raise DomainError("staff.last_owner")
    session.delete(row)
    audit.record(session, actor, "shop.staff_removed", "user", user_id)
    session.commit()


def sign_up_invited(
    session: Session, phone: str, password: str, display_name: str, *, code: str
) -> Actor:
    """Open a merchant account for an invited phone, seated in the inviting shop; a phone
    nobody invited is refused (shop accounts are granted, never self-made). `code` is the
    sign-up code sent to the phone (auth.check_sign_up)."""
    e164 = normalize_mobile(phone)
    invites = session.exec(
        select(StaffInvitation)
        .where(
            StaffInvitation.phone_hash == crypto.lookup_hash(e164),
            StaffInvitation.status == "pending",
        )
        .order_by(StaffInvitation.created_at, StaffInvitation.id)
    ).all()
    if not invites:
        raise DomainError("staff.no_invitation")
    check_sign_up(session, phone, password, display_name, code)

    def seat(user: User) -> None:
        session.flush()
        first, now = invites[0], utcnow()
        session.add(MerchantStaff(user_id=user.id, merchant_id=first.merchant_id, role=first.role))
        for invite in invites:
            invite.status, invite.closed_at = "revoked", now
        first.status, first.claimed_by = "claimed", user.id

    return open_account(session, phone, password, display_name, Role.merchant, joined=seat)


def _invited(session: Session, phone: str) -> bool:
    try:
        digest = crypto.lookup_hash(normalize_mobile(phone))
    except DomainError:
        return False  # auth.sign_up gives the message for a bad phone
    found = session.exec(
        select(StaffInvitation.id).where(
            StaffInvitation.phone_hash == digest, StaffInvitation.status == "pending"
        )
    ).first()
    return found is not None


def sign_up_or_join(
    session: Session,
    phone: str,
    password: str,
    display_name: str,
    role: str,
    source: str | None = None,
    *,
    code: str,
) -> Actor:
    """The sign-up form's one door: a phone a shop invited joins that shop (sign_up_invited,
    whatever role was picked: the invitation is why they came); any other phone signs up as
    auth.sign_up allows (customer or technician)."""
    if _invited(session, phone):
        return sign_up_invited(session, phone, password, display_name, code=code)
    return sign_up(session, phone, password, display_name, role=role, source=source, code=code)
