"""Points reminders: one per customer and expiry day (the 30-days-ahead notice).

Revision ID: 0012b
Revises: 0012
Create Date: 2026-12-07 03:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012b"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "points_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "expires_on", name="uq_points_reminder_user_day"),
    )
    with op.batch_alter_table("points_reminder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_points_reminder_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("points_reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_points_reminder_user_id"))
    op.drop_table("points_reminder")
