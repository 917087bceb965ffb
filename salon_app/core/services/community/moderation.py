"""Moderators' decisions and their queues.

Moderators: platform operators holding moderate_community (every board) and a shop's owner and
manager (Capability.moderate_board, their own shop's board only); anyone else is refused, and a
post on a board the actor does not belong to is not found. Decisions:
  approve   pending -> published (the author is no longer new; they are notified)
  hide      pending or published -> hidden
  restore   hidden -> published; the flag count starts again from zero
  delete    any post -> deleted (kept for the record, shown to nobody)
and deleting a comment. Every decision is audited in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import Merchant, Post, PostComment
from salon_app.core.paging import Page, TableQuery
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.community.boards import Member, lock_post, member_of
from salon_app.core.services.community.posts import PostRow, post_rows, posts_select
from salon_app.core.services.notifications import notify

# decision -> (statuses it applies to, the status it leaves)
DECISIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "approve": (("pending",), "published"),
    "hide": (("pending", "published"), "hidden"),
    "restore": (("hidden",), "published"),
    "delete": (("pending", "published", "hidden"), "deleted"),
}
QUEUES = ("pending", "flagged", "hidden", "all")
SORTS = ("created_at", "title", "flags")


def _moderator(session: Session, actor: Actor | None, merchant_id: int | None) -> Member:
    member = member_of(session, actor)
    if not member.on_board(merchant_id):
        raise DomainError("community.not_found")
    if not member.moderates(merchant_id):
        raise PermissionDenied()
    return member


def decide(session: Session, actor: Actor | None, post_id: int, decision: str) -> str:
    """A moderator of the post's board applies `decision` (table above); returns the status."""
    if decision not in DECISIONS:
        raise DomainError("community.bad_decision")
    if not isinstance(post_id, int) or post_id <= 0:
        raise DomainError("community.not_found")
    lock_post(session, post_id)
    try:
        post = session.get(Post, post_id, populate_existing=True)
        if post is None or post.status == "deleted":
            raise DomainError("community.not_found")
        member = _moderator(session, actor, post.merchant_id)
        allowed, result = DECISIONS[decision]
        if post.status not in allowed:
            raise DomainError("community.bad_decision")
        now = utcnow()
        post.status, post.decided_by, post.decided_at = result, member.user_id, now
        if result == "published":
            post.flag_count = 0
            if post.published_at is None:
                post.published_at = now
                notify(session, post.author_id, "community.notice_approved", title=post.title)
        session.add(post)
        audit.record(session, actor, f"community.{decision}", "post", post.id,
                     board=post.merchant_id, title=post.title)  # fmt: skip
        session.commit()
    except DomainError:
        session.rollback()
        raise
    return result


def delete_comment(session: Session, actor: Actor | None, comment_id: int) -> None:
    """A moderator of the post's board deletes a comment (an accepted answer stops being one)."""
    comment = session.get(PostComment, comment_id) if isinstance(comment_id, int) else None
    post = session.get(Post, comment.post_id) if comment is not None else None
    if comment is None or comment.deleted or post is None or post.status == "deleted":
        raise DomainError("community.comment_not_found")
    _moderator(session, actor, post.merchant_id)
    comment.deleted = True
    if post.accepted_comment_id == comment.id:
        post.accepted_comment_id = None
        session.add(post)
    session.add(comment)
    audit.record(session, actor, "community.delete_comment", "post_comment", comment.id,
                 post=post.id)  # fmt: skip
    session.commit()


@dataclass(frozen=True)
class QueueRow:
    post: PostRow
    board: str  # the shop's name; "" for the platform board
    merchant_id: int | None


def moderation_queue(
    session: Session,
    actor: Actor | None,
    queue: str,
    query: TableQuery,
    board: str = "all",
) -> Page[QueueRow]:
    """What a moderator looks at: pending posts, published ones flagged at least once, hidden
    ones, or all but deleted; over every board for platform moderators, over their own shop's
    board for a shop's. Anyone else on a shop's staff sees the board's published posts and
    their own (the shop's board page), never a queue."""
    member = member_of(session, actor)
    if member.platform_moderator:
        statement = posts_select()
        if board == "platform":
            statement = statement.where(col(Post.merchant_id).is_(None))
    elif member.shop_id is not None and not member.technician:
        statement = posts_select().where(Post.merchant_id == member.shop_id)
        if not member.moderates_shop:
            queue = "mine"
    else:
        raise PermissionDenied()
    if queue == "mine":
        statement = statement.where(
            (Post.status == "published")
            | ((Post.author_id == member.user_id) & (Post.status != "deleted"))
        )
    elif queue == "flagged":
        statement = statement.where(Post.status == "published", Post.flag_count > 0)
    elif queue in ("pending", "hidden"):
        statement = statement.where(Post.status == queue)
    else:
        statement = statement.where(Post.status != "deleted")
    page = post_rows(statement, session, query)
    shops = dict(session.exec(select(Merchant.id, Merchant.name).order_by(Merchant.id)).all())
    ids = {r.id: r for r in page.rows}
    boards = dict(
        session.exec(select(Post.id, Post.merchant_id).where(col(Post.id).in_(list(ids)))).all()
    )
    rows = [QueueRow(r, shops.get(boards.get(r.id), ""), boards.get(r.id)) for r in page.rows]
    return Page(rows, page.total, page.page, page.page_size)
