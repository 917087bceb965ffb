"""Likes and flags: each once per member and post (unique keys), on published posts only.

Three flags from three different members hide a post until a moderator decides. Flags on one
post are serialised (boards.lock_post), so when three arrive at once exactly one of them finds
the count at three and hides the post, once. The author cannot flag their own post. A moderator
restoring the post starts the count again; the members who flagged it cannot flag it again.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import PostFlag, PostLike
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.community.boards import lock_post, member_of
from salon_app.core.services.community.thread import open_post

FLAGS_TO_HIDE = 3
REASON_MAX = 200


def like(session: Session, actor: Actor | None, post_id: int) -> None:
    """A member likes a published post once (a second like: community.already_liked)."""
    post, me, _ = open_post(session, actor, post_id)
    session.add(PostLike(post_id=post.id, user_id=me, created_at=utcnow()))
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise DomainError("community.already_liked") from exc


def unlike(session: Session, actor: Actor | None, post_id: int) -> None:
    """Takes the member's like back (nothing happens when there was none)."""
    post, me, _ = open_post(session, actor, post_id)
    found = session.exec(
        select(PostLike).where(PostLike.post_id == post.id, PostLike.user_id == me)
    ).first()
    if found is not None:
        session.delete(found)
        session.commit()


def flag(session: Session, actor: Actor | None, post_id: int, reason: str = "") -> bool:
    """A member reports a published post once; True when this flag hid it (rules above)."""
    member_of(session, actor)  # who it is, before the post is locked
    if not isinstance(post_id, int) or post_id <= 0:
        raise DomainError("community.not_found")
    lock_post(session, post_id)
    try:
        post, me, _ = open_post(session, actor, post_id)
        session.refresh(post)  # as it is now, under the lock
        if post.author_id == me:
            raise DomainError("community.flag_own")
        mine = select(PostFlag.id).where(PostFlag.post_id == post.id, PostFlag.user_id == me)
        if session.exec(mine).first() is not None:
            raise DomainError("community.already_flagged")
        text = (reason if isinstance(reason, str) else "").strip()[:REASON_MAX]
        session.add(PostFlag(post_id=post.id, user_id=me, reason=text, created_at=utcnow()))
        post.flag_count += 1
        hidden = post.flag_count >= FLAGS_TO_HIDE
        if hidden:
            post.status = "hidden"
            audit.record(session, actor, "community.hidden_by_flags", "post", post.id,
                         flags=post.flag_count)  # fmt: skip
        session.add(post)
        session.commit()
    except DomainError:
        session.rollback()
        raise
    except IntegrityError as exc:  # the same member's flag twice at once
        session.rollback()
        raise DomainError("community.already_flagged") from exc
    return hidden
