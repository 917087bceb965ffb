"""Who belongs to which board, who moderates it, and who may see a post: the one visibility rule.

Boards: the platform-wide board (merchant_id None) for every technician, and one private board
per shop for that shop's technicians and staff. Platform operators holding moderate_community
see and moderate every board; a shop's owner and manager (Capability.moderate_board) moderate
their own shop's board only. A shop's private board does not exist for anyone else: listing it,
opening one of its posts, commenting, liking or flagging there is refused as not found.

A post is seen by everyone on its board once published; while pending or hidden only by its
author and the board's moderators; once deleted by nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session, select

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import MerchantStaff, Post, Role, Technician, User
from salon_app.core.services import admin_roles
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.merchants import Capability
from salon_app.core.services.merchants import may as shop_may

PLATFORM = "platform"  # the platform board's key in pages; a shop's board is "shop"
BOARDS = (PLATFORM, "shop")


@dataclass(frozen=True)
class Member:
    """The acting person as the community sees them, re-read from the database."""

    user_id: int
    name: str
    shop_id: int | None  # the shop whose private board they belong to
    technician: bool  # technicians read and write the platform board
    moderates_shop: bool  # owner or manager of shop_id
    platform_moderator: bool  # an operator holding moderate_community: every board

    def on_board(self, merchant_id: int | None) -> bool:
        if self.platform_moderator:
            return True
        if merchant_id is None:
            return self.technician
        return merchant_id == self.shop_id

    def moderates(self, merchant_id: int | None) -> bool:
        if self.platform_moderator:
            return True
        return merchant_id is not None and merchant_id == self.shop_id and self.moderates_shop


def member_of(session: Session, actor: Actor | None) -> Member:
    """The actor as a community member; customers and operators without the right are refused."""
    actor = require_role(actor, Role.technician, Role.merchant, Role.admin)
    if actor.role == Role.admin:
        admin_roles.require_admin(session, actor, admin_roles.Permission.moderate_community)
        return Member(actor.user_id, actor.display_name, None, False, False, True)
    name = session.exec(select(User.display_name).where(User.id == actor.user_id)).one()
    if actor.role == Role.technician:
        shop = session.exec(
            select(Technician.merchant_id).where(Technician.user_id == actor.user_id)
        ).first()
        return Member(actor.user_id, name, shop, True, False, False)
    seat = session.exec(
        select(MerchantStaff.merchant_id, MerchantStaff.role).where(
            MerchantStaff.user_id == actor.user_id
        )
    ).first()
    if seat is None:
        raise PermissionDenied()
    return Member(
        actor.user_id, name, seat[0], False, shop_may(seat[1], Capability.moderate_board), False
    )


def board_of(member: Member, board: str) -> int | None:
    """The merchant_id of the board a page names ("platform" or "shop"); refused as not found
    when the member has no such board."""
    if board == PLATFORM and member.on_board(None):
        return None
    if board == "shop" and member.shop_id is not None:
        return member.shop_id
    raise DomainError("community.not_found")


def boards_for(member: Member) -> list[str]:
    """The boards a member's pages show as tabs, the platform board first."""
    return [b for b in BOARDS if b == PLATFORM and member.on_board(None)] + (
        ["shop"] if member.shop_id is not None else []
    )


def can_see(member: Member, post: Post) -> bool:
    if post.status == "deleted" or not member.on_board(post.merchant_id):
        return False
    if post.status == "published":
        return True
    return post.author_id == member.user_id or member.moderates(post.merchant_id)


def visible_post(session: Session, member: Member, post_id: object) -> Post:
    """The post if this member may see it; anything else is "not found" (never "forbidden",
    which would tell that a private post exists)."""
    post = session.get(Post, post_id) if isinstance(post_id, int) and post_id > 0 else None
    if post is None or not can_see(member, post):
        raise DomainError("community.not_found")
    return post


def lock_post(session: Session, post_id: int) -> None:
    """Serialise changes to one post for the rest of this transaction (PostgreSQL: a row lock;
    SQLite: the transaction's first statement is a write, which takes the database's lock)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT id FROM post WHERE id = :id FOR UPDATE"), {"id": post_id})
    else:
        session.execute(text("UPDATE post SET id = id WHERE id = :id"), {"id": post_id})


def my_boards(session: Session, actor: Actor | None) -> list[str]:
    """The boards the actor's pages show as tabs ("platform", "shop"); refused for customers."""
    return boards_for(member_of(session, actor))
