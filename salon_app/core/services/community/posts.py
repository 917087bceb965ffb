"""Writing and reading posts.

A post has a title (up to 60 characters), a body (up to 5,000), one category tag and up to
IMAGES_MAX pictures (checked and re-encoded before any is stored; none stays on disk when the
post is refused). Anything longer, a listed word (words.py) or a bad picture is refused before
anything is saved.

New members wait: until a moderator has let one of their posts through, a member's posts are
pending (seen only by them and the board's moderators). A post written by a moderator of its
board, or by someone with a post already published, is published at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_
from sqlalchemy.sql.selectable import ScalarSelect
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.models import Post, PostComment, PostLike, User
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services.access import Actor
from salon_app.core.services.community.boards import Member, board_of, member_of
from salon_app.core.services.community.words import check_text
from salon_app.core.services.photos import commit_or_discard

CATEGORIES = ("hair", "beauty", "nails", "housekeeping", "other")
TITLE_MAX = 60
BODY_MAX = 5000
IMAGES_MAX = 6
PAGE_SIZE = 10
EXCERPT = 80


def checked_text(value: object, limit: int, missing: str) -> str:
    """Stripped text of at most `limit` characters (community.too_long), not empty (`missing`)."""
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > limit:
        raise DomainError("community.too_long", max=limit)
    if not text:
        raise DomainError(missing)
    return text


def _has_published(session: Session, user_id: int) -> bool:
    found = select(Post.id).where(Post.author_id == user_id, col(Post.published_at).is_not(None))
    return session.exec(found.limit(1)).first() is not None


@dataclass(frozen=True)
class Written:
    id: int
    status: str  # published, or pending (a new member's post waits for a moderator)


def create_post(
    session: Session,
    actor: Actor | None,
    board: str,
    title: str,
    body: str,
    category: str,
    images: Sequence[bytes] = (),
) -> Written:
    """A member writes on a board they belong to (rules above). Slow (Pillow): pages call it
    off the event loop."""
    member = member_of(session, actor)
    merchant_id = board_of(member, board)
    title = checked_text(title, TITLE_MAX, "community.title_required")
    body = checked_text(body, BODY_MAX, "community.body_required")
    if category not in CATEGORIES:
        raise DomainError("community.bad_category")
    images = list(images or [])
    if len(images) > IMAGES_MAX:
        raise DomainError("community.too_many_images", max=IMAGES_MAX)
    check_text(session, title, body)
    jpegs = [storage.prepare_image(data) for data in images]  # every one checked first
    now = utcnow()
    at_once = member.moderates(merchant_id) or _has_published(session, member.user_id)
    urls = [storage.save_public(jpeg) for jpeg in jpegs]
    post = Post(
        merchant_id=merchant_id,
        author_id=member.user_id,
        title=title,
        body=body,
        category=category,
        images=urls,
        status="published" if at_once else "pending",
        created_at=now,
        published_at=now if at_once else None,
    )
    session.add(post)
    commit_or_discard(session, urls, [])
    return Written(post.id, post.status)


@dataclass(frozen=True)
class PostRow:
    id: int
    title: str
    excerpt: str
    author: str
    category: str
    status: str
    created_at: datetime
    likes: int
    comments: int
    answered: bool
    cover: str  # the first picture's URL, "" without pictures
    flags: int


def _likes() -> ScalarSelect[Any]:
    return select(func.count(PostLike.id)).where(PostLike.post_id == Post.id).scalar_subquery()


def _comments() -> ScalarSelect[Any]:
    return (
        select(func.count(PostComment.id))
        .where(PostComment.post_id == Post.id, PostComment.deleted == False)  # noqa: E712
        .scalar_subquery()
    )


def post_rows(statement: Select[Any], session: Session, query: TableQuery) -> Page[PostRow]:
    """One page of posts (a select of Post, author name, likes, comments), searched in title
    and body, newest first unless asked otherwise."""
    return paginate(
        session,
        statement,
        query,
        sort_columns={"created_at": Post.created_at, "title": Post.title, "flags": Post.flag_count},
        tie_breaker=Post.id,
        search_columns=[Post.title, Post.body, User.display_name],
        row=lambda r: PostRow(
            r[0].id,
            r[0].title,
            r[0].body[:EXCERPT],
            r[1],
            r[0].category,
            r[0].status,
            r[0].created_at,
            r[2],
            r[3],
            r[0].accepted_comment_id is not None,
            r[0].images[0] if r[0].images else "",
            r[0].flag_count,
        ),
    )


def posts_select() -> Select[Any]:
    return select(
        Post, User.display_name, _likes().label("likes"), _comments().label("comments")
    ).join(User, User.id == Post.author_id)


def _shown_to(member: Member, merchant_id: int | None) -> ColumnElement[bool]:
    """Published posts, and the member's own pending or hidden ones (all of them for the
    board's moderators); never deleted ones."""
    if member.moderates(merchant_id):
        return Post.status != "deleted"
    return or_(
        Post.status == "published",
        and_(col(Post.status).in_(("pending", "hidden")), Post.author_id == member.user_id),
    )


def list_posts(
    session: Session,
    actor: Actor | None,
    board: str,
    search: str = "",
    category: str = "",
    page: int = 1,
) -> Page[PostRow]:
    """A board's posts the member may see, newest first, `PAGE_SIZE` to a page; searched in
    title, body and author; one category when `category` names one."""
    member = member_of(session, actor)
    merchant_id = board_of(member, board)
    statement = posts_select().where(
        Post.merchant_id == merchant_id if merchant_id else col(Post.merchant_id).is_(None),
        _shown_to(member, merchant_id),
    )
    if category in CATEGORIES:
        statement = statement.where(Post.category == category)
    query = TableQuery.of(
        ("created_at",), search=search, page=page, page_size=PAGE_SIZE,
        default_sort="created_at", default_descending=True,
    )  # fmt: skip
    return post_rows(statement, session, query)
