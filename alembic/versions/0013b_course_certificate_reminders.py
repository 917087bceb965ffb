"""Reminders before a course certificate expires (30 and 7 days before, each once).

Revision ID: 0013b
Revises: 0013
Create Date: 2026-12-07 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013b"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "course_certificate_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_certificate_id", sa.Integer(), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["course_certificate_id"], ["course_certificate.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "course_certificate_id", "days_before", name="uq_course_certificate_reminder"
        ),
    )
    with op.batch_alter_table("course_certificate_reminder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_course_certificate_reminder_course_certificate_id"),
            ["course_certificate_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("course_certificate_reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_certificate_reminder_course_certificate_id"))
    op.drop_table("course_certificate_reminder")
