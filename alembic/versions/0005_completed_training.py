"""Completed training (培训经历) on the technician's profile.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "completed_training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("course_name", sa.String(length=60), nullable=False),
        sa.Column("organiser", sa.String(length=60), nullable=False),
        sa.Column("merchant_id", sa.Integer(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["technician_id"], ["technician.id"]),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchant.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_completed_training_technician_id", "completed_training", ["technician_id"])


def downgrade() -> None:
    op.drop_index("ix_completed_training_technician_id", table_name="completed_training")
    op.drop_table("completed_training")
