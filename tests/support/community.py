"""The demo city's community members as logged in, and posts written through the services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlmodel import Session, select

from salon_app.core.errors import DomainError
from salon_app.core.models import MerchantStaff, Post, Technician, User
from salon_app.core.services import community
from salon_app.core.services.access import Actor
from tests.support.journeys import technician_actor


def technicians(session: Session, shop_id: int | None, count: int, skip: int = 1) -> list[Actor]:
    """`count` technicians of a shop (None: independents), after the first `skip` of them
    (the first of shop 1 is the demo technician, the `tech` fixture)."""
    where = (
        Technician.merchant_id == shop_id if shop_id else Technician.merchant_id.is_(None)  # type: ignore[union-attr]
    )
    ids = session.exec(select(Technician.id).where(where).order_by(Technician.id)).all()
    return [technician_actor(session, i) for i in ids[skip : skip + count]]


def staff(session: Session, shop_id: int, role: str) -> Actor:
    seat = session.exec(
        select(MerchantStaff)
        .where(MerchantStaff.merchant_id == shop_id, MerchantStaff.role == role)
        .order_by(MerchantStaff.id)
    ).first()
    user = session.get(User, seat.user_id)
    return Actor(user.id, "merchant", user.display_name, shop_id)


def published(
    session: Session, author: Actor, board: str = "platform", title: str = "请教一个问题", **kw
) -> int:
    """A published post by `author` (let through by a moderator first if they are new)."""
    written = community.create_post(
        session, author, board, title, kw.pop("body", "正文内容"), kw.pop("category", "hair"), **kw
    )
    if written.status == "pending":
        post = session.get(Post, written.id)
        post.status, post.published_at = "published", post.created_at
        session.add(post)
        session.commit()
    return written.id


@contextmanager
def refused(key: str) -> Iterator[None]:
    """The block raises the DomainError `key`."""
    with pytest.raises(DomainError) as err:
        yield
    assert err.value.key == key
