"""One post with its comments: reading it, replying, and the accepted answer.

Replies go only to published posts (a hidden post is refused: community.post_hidden; a
pending one: community.post_not_open), up to 2,000 characters, through the word filter. The
post's author is notified of every reply but their own. Only the author accepts an answer,
one of the other members' comments on that post; the commenter is notified.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Merchant, Post, PostComment, PostFlag, PostLike, User
from salon_app.core.services.access import Actor
from salon_app.core.services.community.boards import member_of, visible_post
from salon_app.core.services.community.posts import checked_text
from salon_app.core.services.community.words import check_text
from salon_app.core.services.notifications import notify

COMMENT_MAX = 2000


@dataclass(frozen=True)
class CommentView:
    id: int
    author: str
    body: str
    created_at: datetime
    accepted: bool
    mine: bool


@dataclass(frozen=True)
class PostDetail:
    id: int
    board: str  # the shop's name, "" for the platform board
    title: str
    body: str
    category: str
    images: list[str]
    author: str
    status: str
    created_at: datetime
    likes: int
    liked: bool  # by the viewer
    flagged: bool  # by the viewer
    mine: bool
    can_moderate: bool
    comments: list[CommentView]


def post_detail(session: Session, actor: Actor | None, post_id: int) -> PostDetail:
    """A post the member may see (boards.can_see), with its visible comments, oldest first."""
    member = member_of(session, actor)
    post = visible_post(session, member, post_id)
    me, accepted = member.user_id, post.accepted_comment_id
    board = session.get(Merchant, post.merchant_id).name if post.merchant_id else ""
    rows = session.exec(
        select(PostComment, User.display_name)
        .join(User, User.id == PostComment.author_id)
        .where(PostComment.post_id == post.id, PostComment.deleted == False)  # noqa: E712
        .order_by(PostComment.created_at, PostComment.id)
    ).all()
    likes = session.exec(select(func.count(PostLike.id)).where(PostLike.post_id == post.id)).one()

    def mine(model: type[PostLike] | type[PostFlag]) -> bool:
        found = select(model.id).where(model.post_id == post.id, model.user_id == me)
        return session.exec(found).first() is not None

    return PostDetail(
        post.id,
        board,
        post.title,
        post.body,
        post.category,
        list(post.images),
        session.get(User, post.author_id).display_name,
        post.status,
        post.created_at,
        likes,
        mine(PostLike),
        mine(PostFlag),
        post.author_id == me,
        member.moderates(post.merchant_id),
        [
            CommentView(c.id, name, c.body, c.created_at, c.id == accepted, c.author_id == me)
            for c, name in rows
        ],
    )


def open_post(session: Session, actor: Actor | None, post_id: int) -> tuple[Post, int, str]:
    """(post, the member's user id, their name) for an action on a published post."""
    member = member_of(session, actor)
    post = visible_post(session, member, post_id)
    if post.status == "hidden":
        raise DomainError("community.post_hidden")
    if post.status != "published":
        raise DomainError("community.post_not_open")
    return post, member.user_id, member.name


def add_comment(session: Session, actor: Actor | None, post_id: int, body: str) -> int:
    """A member replies to a published post they can see (rules above); returns its id."""
    post, me, name = open_post(session, actor, post_id)
    body = checked_text(body, COMMENT_MAX, "community.comment_required")
    check_text(session, body)
    comment = PostComment(post_id=post.id, author_id=me, body=body, created_at=utcnow())
    session.add(comment)
    if post.author_id != me:
        notify(session, post.author_id, "community.notice_reply", name=name, title=post.title)
    session.commit()
    return comment.id


def accept_answer(session: Session, actor: Actor | None, post_id: int, comment_id: int) -> None:
    """The post's author marks another member's comment on it as the accepted answer (a new
    choice replaces the old); the commenter is notified."""
    post, me, _ = open_post(session, actor, post_id)
    if post.author_id != me:
        raise DomainError("community.accept_author_only")
    comment = session.get(PostComment, comment_id) if isinstance(comment_id, int) else None
    if comment is None or comment.post_id != post.id or comment.deleted:
        raise DomainError("community.comment_not_found")
    if comment.author_id == me:
        raise DomainError("community.accept_own")
    if post.accepted_comment_id == comment.id:
        return
    post.accepted_comment_id = comment.id
    session.add(post)
    notify(session, comment.author_id, "community.notice_accepted", title=post.title)
    session.commit()
