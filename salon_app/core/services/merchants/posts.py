"""Posts (岗位): a shop's own list of labels (首席发型师, 助理...) and who holds which.

A post name is required, up to 20 characters, unique in the shop. A technician of the shop
holds any number of the shop's posts; removing a post takes it from everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from salon_app.core.errors import DomainError
from salon_app.core.models import ShopPost, Technician, TechnicianPost
from salon_app.core.services.access import Actor
from salon_app.core.services.merchants.shop_roles import Capability, require_shop

NAME_MAX = 20
POSTS_MAX = 30


@dataclass(frozen=True)
class PostView:
    id: int
    name: str
    holders: int


def list_posts(session: Session, actor: Actor | None) -> list[PostView]:
    seat = require_shop(session, actor, Capability.view_shop)
    rows = session.exec(
        select(ShopPost).where(ShopPost.merchant_id == seat.merchant_id).order_by(ShopPost.id)
    ).all()
    holders = session.exec(
        select(TechnicianPost.post_id).where(col(TechnicianPost.post_id).in_([p.id for p in rows]))
    ).all()
    return [PostView(p.id, p.name, holders.count(p.id)) for p in rows]


def add_post(session: Session, actor: Actor | None, name: str) -> PostView:
    """A new post for the shop (rules above)."""
    seat = require_shop(session, actor, Capability.manage_technicians)
    name = (name or "").strip()
    if not name:
        raise DomainError("validation.required", field="field.post_name")
    if len(name) > NAME_MAX:
        raise DomainError("validation.too_long", field="field.post_name", max=NAME_MAX)
    count = len(
        session.exec(select(ShopPost.id).where(ShopPost.merchant_id == seat.merchant_id)).all()
    )
    if count >= POSTS_MAX:
        raise DomainError("post.too_many", max=POSTS_MAX)
    row = ShopPost(merchant_id=seat.merchant_id, name=name)
    session.add(row)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise DomainError("post.name_taken") from exc
    return PostView(row.id, row.name, 0)


def remove_post(session: Session, actor: Actor | None, post_id: int) -> None:
    """Delete one of the shop's posts and every assignment to it."""
    seat = require_shop(session, actor, Capability.manage_technicians)
    row = session.get(ShopPost, post_id)
    if row is None or row.merchant_id != seat.merchant_id:
        raise DomainError("post.not_found")
    session.exec(delete(TechnicianPost).where(col(TechnicianPost.post_id) == post_id))
    session.delete(row)
    session.commit()


def shop_technician(session: Session, merchant_id: int, technician_id: int) -> Technician:
    """A technician of this shop; anyone else is not found."""
    tech = session.get(Technician, technician_id)
    if tech is None or tech.merchant_id != merchant_id:
        raise DomainError("technician.not_found")
    return tech


def set_technician_posts(
    session: Session, actor: Actor | None, technician_id: int, post_ids: list[int]
) -> list[str]:
    """Replace the posts a technician of the shop holds; returns their names."""
    seat = require_shop(session, actor, Capability.manage_technicians)
    tech = shop_technician(session, seat.merchant_id, technician_id)
    wanted = set(post_ids)
    posts = session.exec(
        select(ShopPost)
        .where(ShopPost.merchant_id == seat.merchant_id, col(ShopPost.id).in_(wanted))
        .order_by(ShopPost.id)
    ).all()
    if len(posts) != len(wanted):
        raise DomainError("post.not_found")
    session.exec(delete(TechnicianPost).where(col(TechnicianPost.technician_id) == tech.id))
    session.add_all([TechnicianPost(technician_id=tech.id, post_id=p.id) for p in posts])
    session.commit()
    return [p.name for p in posts]
