"""邀请有礼: customers invite customers, technicians invite technicians, through a code.

Rules:
- everyone's code is fixed: their user id and a keyed hash of it (crypto.lookup_hash), so a
  code cannot be guessed from an id and needs no table;
- an invitation is recorded when someone signs up through a link (?invite=<code>): once per
  invitee (a second one is refused, invite.already_invited), never by oneself (invite.self),
  only on the same side (a customer invites customers, a technician technicians), and only
  for an account without a paid order yet; it belongs to the platform's invite campaign
  running at that moment (none running: recorded, but nothing to reward). A bad code never
  stops the sign-up itself (`after_sign_up` ignores it);
- the reward is given once, by the job: for a customer, when the invitee's first order is paid
  (not cancelled or refunded) within the campaign's attribution window after the sign-up, to
  both of them: the campaign's coupon (marketing.issue) or points (key
  campaign:<id>:invite:<invitation>:<user>); for a technician, when the invitee completes their
  first order in that window, the inviter gets the offer's face value in points (a technician
  has no use for a customer's coupon) and the invitee nothing (the work is theirs). A
  conditional update of rewarded_at makes it exactly once across workers and replays; a reward
  that would pass the campaign's budget, or a coupon out of stock, is not given and the
  invitation waits (nothing is half given).
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Campaign,
    CouponTemplate,
    Invitation,
    Order,
    Role,
    Technician,
    User,
)
from salon_app.core.services import membership
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.auth import mask
from salon_app.core.services.marketing.campaign_figures import issued_cost, points_key_prefix
from salon_app.core.services.marketing.campaign_rules import face_value
from salon_app.core.services.marketing.coupons import issue
from salon_app.core.services.tags import PAID_STATUSES

log = logging.getLogger(__name__)
SIDES = (Role.customer, Role.technician)
SERVED = ("completed", "reviewed")


@dataclass(frozen=True)
class InvitedFriend:
    name: str
    phone: str  # masked
    joined_at: datetime
    rewarded_at: datetime | None


@dataclass(frozen=True)
class MyInvite:
    code: str
    campaign_name: str  # "" when no invite campaign runs
    offer_kind: str
    offer_ref: int
    offer_face_fen: int
    friends: list[InvitedFriend]


def invite_code(user_id: int) -> str:
    """The user's invite code: "<id>-<6 hex of a keyed hash>"."""
    return f"{user_id}-{crypto.lookup_hash(f'invite:{user_id}')[:6]}"


def _inviter_of(code: object) -> int | None:
    text = code.strip().lower() if isinstance(code, str) else ""
    head, _, _ = text.partition("-")
    if not (head.isascii() and head.isdigit() and 0 < len(head) <= 9):
        return None
    user_id = int(head)
    return user_id if hmac.compare_digest(invite_code(user_id), text) else None


def running_invite_campaign(session: Session) -> Campaign | None:
    return session.exec(
        select(Campaign)
        .where(
            Campaign.kind == "invite",
            col(Campaign.merchant_id).is_(None),
            Campaign.status == "running",
        )
        .order_by(col(Campaign.id).desc())
    ).first()


def record_invitation(session: Session, actor: Actor | None, code: object) -> Invitation:
    """The new account `actor` came through `code`: who invited them (see the module rules)."""
    actor = require_role(actor, *SIDES)
    inviter_id = _inviter_of(code)
    inviter = session.get(User, inviter_id) if inviter_id else None
    if inviter is None or not inviter.is_active:
        raise DomainError("invite.code_invalid")
    if inviter.id == actor.user_id:
        raise DomainError("invite.self")
    if inviter.role != actor.role:
        raise DomainError("invite.other_side")
    if session.exec(select(Invitation.id).where(Invitation.invitee_id == actor.user_id)).first():
        raise DomainError("invite.already_invited")
    paid = session.exec(
        select(Order.id).where(Order.customer_id == actor.user_id, col(Order.paid_at).is_not(None))
    ).first()
    if paid is not None:
        raise DomainError("invite.not_new")
    campaign = running_invite_campaign(session)
    invitation = Invitation(
        campaign_id=campaign.id if campaign else None,
        inviter_id=inviter.id,
        invitee_id=actor.user_id,
        created_at=utcnow(),
    )
    session.add(invitation)
    try:
        session.commit()
    except IntegrityError as exc:  # the same invitee recorded at the same moment
        session.rollback()
        raise DomainError("invite.already_invited") from exc
    return invitation


def after_sign_up(session: Session, actor: Actor | None, code: object) -> Invitation | None:
    """The sign-up form's hook: record the invitation if the link carried a good code; a bad
    one is ignored (the account is made either way)."""
    if not code:
        return None
    try:
        return record_invitation(session, actor, code)
    except DomainError:
        session.rollback()
        return None


def _qualified(session: Session, inv: Invitation, window: timedelta, now: datetime) -> bool:
    invitee = session.get(User, inv.invitee_id)
    until = min(inv.created_at + window, now)
    if invitee.role == Role.technician:
        first = session.exec(
            select(func.min(Order.completed_at))
            .join(Technician, col(Technician.id) == col(Order.technician_id))
            .where(Technician.user_id == invitee.id, col(Order.status).in_(SERVED))
        ).one()
    else:
        first = session.exec(
            select(func.min(Order.paid_at)).where(
                Order.customer_id == invitee.id, col(Order.status).in_(PAID_STATUSES)
            )
        ).one()
    return first is not None and inv.created_at <= first <= until


def _rewards(session: Session, c: Campaign, inv: Invitation) -> list[tuple[int, str]]:
    """(user, kind) of the rewards: coupon or points to both, or points to a technician."""
    invitee = session.get(User, inv.invitee_id)
    if invitee.role == Role.technician:
        return [(inv.inviter_id, "points")]
    return [(inv.inviter_id, c.offer_kind), (inv.invitee_id, c.offer_kind)]


def _reward(session: Session, c: Campaign, inv: Invitation, now: datetime) -> bool:
    rewards = _rewards(session, c, inv)
    face = face_value(session, c.offer_kind, c.offer_ref)
    if c.budget_fen > 0 and issued_cost(session, c) + face * len(rewards) > c.budget_fen:
        return False
    taken = session.execute(
        update(Invitation)
        .where(col(Invitation.id) == inv.id, col(Invitation.rewarded_at).is_(None))
        .values(rewarded_at=now)
    ).rowcount
    if taken != 1:
        return False
    for user_id, kind in rewards:
        if kind == "coupon":
            template = session.get(CouponTemplate, c.offer_ref)
            issue(session, template, user_id, now, source="invite", campaign_id=c.id)
        elif face > 0:
            key = f"{points_key_prefix(c.id)}invite:{inv.id}:{user_id}"
            membership.credit(session, user_id, "invite", face, key, now, note=c.name[:40])
    return True


def reward_invitations(session: Session, now: datetime) -> int:
    """Reward every invitation whose invitee has qualified (see the module rules); how many."""
    pending = session.exec(
        select(Invitation, Campaign)
        .join(Campaign, col(Campaign.id) == col(Invitation.campaign_id))
        .where(col(Invitation.rewarded_at).is_(None))
        .order_by(col(Invitation.id))
    ).all()
    done = 0
    for inv, c in pending:
        if not _qualified(session, inv, timedelta(days=c.attribution_days), now):
            continue
        try:
            given = _reward(session, c, inv, now)
        except DomainError:  # coupon.out_of_stock: nothing of this invitation is kept
            session.rollback()
            continue
        if given:
            session.commit()
            done += 1
        else:
            session.rollback()
    return done


def my_invite(session: Session, actor: Actor | None) -> MyInvite:
    """The actor's code, the invite campaign now running, and the friends they invited."""
    actor = require_role(actor, *SIDES)
    campaign = running_invite_campaign(session)
    rows = session.exec(
        select(Invitation, User)
        .join(User, col(User.id) == col(Invitation.invitee_id))
        .where(Invitation.inviter_id == actor.user_id)
        .order_by(col(Invitation.created_at).desc(), col(Invitation.id).desc())
    ).all()
    friends = [
        InvitedFriend(u.display_name, mask(u.phone), i.created_at, i.rewarded_at) for i, u in rows
    ]
    if campaign is None:
        return MyInvite(invite_code(actor.user_id), "", "", 0, 0, friends)
    face = face_value(session, campaign.offer_kind, campaign.offer_ref)
    return MyInvite(
        invite_code(actor.user_id), campaign.name, campaign.offer_kind, campaign.offer_ref, face,
        friends,
    )  # fmt: skip
