"""The technicians' community: posts on a board (the platform-wide board, or one shop's private
board), their comments, likes and flags, and the word filter's list.

Rules live in services/community; a post's board is its merchant_id (None: the platform board).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class Post(SQLModel, table=True):
    """A post on a board: pending (waits for a moderator), published, hidden (by a moderator,
    or by three members' flags until a moderator decides) or deleted (kept for the record)."""

    __table_args__ = (Index("ix_post_board_status", "merchant_id", "status", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id")  # None: platform
    author_id: int = Field(foreign_key="user.id", index=True)
    title: str = Field(max_length=60)
    body: str = Field(max_length=5000)
    category: str = Field(default="other", max_length=16)  # hair, beauty, nails, housekeeping...
    images: list[str] = Field(default_factory=list, sa_type=JSON)  # public /_upload URLs
    status: str = Field(default="pending", max_length=10)  # pending published hidden deleted
    flag_count: int = 0  # flags since the last moderator decision; 3 hide the post
    accepted_comment_id: int | None = None  # the answer the author accepted (a comment here)
    created_at: datetime = Field(sa_type=UTCDateTime)
    # First set when the post went public (at once, or approved): the author is no longer new.
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by: int | None = Field(default=None, foreign_key="user.id")  # last moderator action
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PostComment(SQLModel, table=True):
    """A reply to a post (the domain's Comment); a moderator may delete it."""

    __tablename__ = "post_comment"
    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="post.id", index=True)
    author_id: int = Field(foreign_key="user.id", index=True)
    body: str = Field(max_length=2000)
    deleted: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime)


class PostLike(SQLModel, table=True):
    """One like per person and post (the unique key makes a double click count once)."""

    __tablename__ = "post_like"
    __table_args__ = (UniqueConstraint("post_id", "user_id", name="uq_post_like"),)
    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="post.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class PostFlag(SQLModel, table=True):
    """A member reported a post; once per member and post, even after a moderator restored it."""

    __tablename__ = "post_flag"
    __table_args__ = (UniqueConstraint("post_id", "user_id", name="uq_post_flag"),)
    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="post.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    reason: str = Field(default="", max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class BlockedWord(SQLModel, table=True):
    """A word the filter refuses in posts and comments, stored normalised (words.normalise)."""

    __tablename__ = "blocked_word"
    id: int | None = Field(default=None, primary_key=True)
    word: str = Field(max_length=20, unique=True)
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
