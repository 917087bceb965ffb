"""The technicians' community: posts on boards, comments, likes, flags, the word filter.

Revision ID: 0013d
Revises: 0013c
Create Date: 2026-12-07 03:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013d"
down_revision: str | None = "0013c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "blocked_word",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("word"),
    )
    op.create_table(
        "post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("merchant_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("body", sa.String(length=5000), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("images", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("flag_count", sa.Integer(), nullable=False),
        sa.Column("accepted_comment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["decided_by"], ["user.id"]),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchant.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("post", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_post_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            "ix_post_board_status", ["merchant_id", "status", "created_at"], unique=False
        )
    for table in ("post_comment", "post_like", "post_flag"):
        user_column = "author_id" if table == "post_comment" else "user_id"
        columns = [
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("post_id", sa.Integer(), nullable=False),
            sa.Column(user_column, sa.Integer(), nullable=False),
        ]
        if table == "post_comment":
            columns += [
                sa.Column("body", sa.String(length=2000), nullable=False),
                sa.Column("deleted", sa.Boolean(), nullable=False),
            ]
        if table == "post_flag":
            columns.append(sa.Column("reason", sa.String(length=200), nullable=False))
        constraints: list[sa.schema.SchemaItem] = [
            sa.ForeignKeyConstraint(["post_id"], ["post.id"]),
            sa.ForeignKeyConstraint([user_column], ["user.id"]),
            sa.PrimaryKeyConstraint("id"),
        ]
        if table != "post_comment":
            name = "uq_" + table
            constraints.append(sa.UniqueConstraint("post_id", "user_id", name=name))
        op.create_table(
            table,
            *columns,
            sa.Column("created_at", sa.DateTime(), nullable=False),
            *constraints,
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_post_id"), ["post_id"], unique=False)
            batch_op.create_index(
                batch_op.f(f"ix_{table}_{user_column}"), [user_column], unique=False
            )


def downgrade() -> None:
    for table in ("post_flag", "post_like", "post_comment", "post", "blocked_word"):
        op.drop_table(table)
