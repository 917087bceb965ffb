"""Manual tags: labels operators put on customers, and the tag look-ups other pages use.

Rules: only operators holding manage_segments add or remove a manual tag, and each change is
audited. A label is 1-12 characters after trimming, with no ":" and not one of the automatic
tags (those belong to the recompute, which never touches manual ones). Only customers carry
tags. Adding a tag the customer already has, or removing one they lack, is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Role, User, UserTag
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.auth import mask, normalize_mobile
from salon_app.core.services.tags.behaviour import AUTO_TAGS

LABEL_MAX = 12


@dataclass(frozen=True)
class TaggedCustomer:
    user_id: int
    name: str
    phone: str  # masked
    tags: list[tuple[str, str]]  # (tag, source), automatic first


def users_with_tag(tag: str) -> Any:
    """select(UserTag.user_id) of the users holding `tag` (automatic or manual), for a filter:
    `select(User).where(col(User.id).in_(users_with_tag("dormant")))`."""
    return select(UserTag.user_id).where(col(UserTag.tag) == tag)


def tags_of(session: Session, user_ids: list[int]) -> dict[int, list[str]]:
    """user id -> their tags (automatic ones first, then manual, each in the order given)."""
    found: dict[int, list[str]] = {}
    rows = session.exec(
        select(UserTag.user_id, UserTag.tag)
        .where(col(UserTag.user_id).in_(user_ids))
        .order_by(col(UserTag.user_id), col(UserTag.source), col(UserTag.id))
    ).all()
    for user_id, tag in rows:
        found.setdefault(user_id, []).append(tag)
    return found


def clean_label(label: object) -> str:
    text = label.strip() if isinstance(label, str) else ""
    if not text:
        raise DomainError("tags.label_required")
    if len(text) > LABEL_MAX:
        raise DomainError("tags.label_too_long", max=LABEL_MAX)
    if ":" in text or text in AUTO_TAGS:
        raise DomainError("tags.label_reserved", label=text)
    return text


def find_customer(session: Session, actor: Actor | None, phone: object) -> TaggedCustomer:
    """A customer by phone number (through the look-up hash), with their tags."""
    require_admin(session, actor, Permission.manage_segments)
    e164 = normalize_mobile(phone if isinstance(phone, str) else "")
    user = session.exec(select(User).where(User.phone_hash == crypto.lookup_hash(e164))).first()
    if user is None or user.role != Role.customer:
        raise DomainError("tags.customer_not_found")
    return _tagged(session, user)


def _tagged(session: Session, user: User) -> TaggedCustomer:
    rows = session.exec(
        select(UserTag.tag, UserTag.source)
        .where(UserTag.user_id == user.id)
        .order_by(col(UserTag.source), col(UserTag.id))
    ).all()
    return TaggedCustomer(user.id, user.display_name, mask(user.phone), [tuple(r) for r in rows])


def _customer(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.role != Role.customer:
        raise DomainError("tags.customer_not_found")
    return user


def add_manual_tag(
    session: Session, actor: Actor | None, user_id: int, label: object
) -> TaggedCustomer:
    """Put a manual tag on a customer (audited)."""
    actor = require_admin(session, actor, Permission.manage_segments)
    text = clean_label(label)
    user = _customer(session, user_id)
    held = select(UserTag.id).where(UserTag.user_id == user.id, UserTag.tag == text)
    if session.exec(held).first() is not None:
        raise DomainError("tags.already_tagged", label=text)
    session.add(
        UserTag(
            user_id=user.id,
            tag=text,
            source="manual",
            created_at=utcnow(),
            created_by=actor.user_id,
        )
    )
    audit.record(session, actor, "tags.add", "user", user.id, tag=text)
    try:
        session.commit()
    except IntegrityError as exc:  # the same tag added twice at once
        session.rollback()
        raise DomainError("tags.already_tagged", label=text) from exc
    return _tagged(session, user)


def remove_manual_tag(
    session: Session, actor: Actor | None, user_id: int, label: object
) -> TaggedCustomer:
    """Take a manual tag off a customer (audited); automatic tags cannot be removed."""
    actor = require_admin(session, actor, Permission.manage_segments)
    text = label.strip() if isinstance(label, str) else ""
    user = _customer(session, user_id)
    row = session.exec(
        select(UserTag).where(
            UserTag.user_id == user.id, UserTag.tag == text, UserTag.source == "manual"
        )
    ).first()
    if row is None:
        raise DomainError("tags.not_tagged", label=text[:LABEL_MAX])
    session.delete(row)
    audit.record(session, actor, "tags.remove", "user", user.id, tag=text)
    session.commit()
    return _tagged(session, user)
