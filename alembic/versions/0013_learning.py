"""Technician learning: courses, course certificates, what categories and skill tags require,
training events and their sign-ups.

Revision ID: 0013
Revises: 0012b
Create Date: 2026-12-07 02:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("merchant_id", sa.Integer(), nullable=True),
        sa.Column("cover", sa.String(length=200), nullable=False),
        sa.Column("pass_mark_pct", sa.Integer(), nullable=False),
        sa.Column("quiz_attempts", sa.Integer(), nullable=False),
        sa.Column("video_done_pct", sa.Integer(), nullable=False),
        sa.Column("valid_days", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["service_category.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_merchant_id"), ["merchant_id"], unique=False)

    op.create_table(
        "course_certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=24), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["technician.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("serial"),
    )
    with op.batch_alter_table("course_certificate", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_course_certificate_course_id"), ["course_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_course_certificate_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(
            "ix_course_certificate_holder", ["technician_id", "course_id"], unique=False
        )

    op.create_table(
        "course_requirement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("skill", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["service_category.id"],
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("course_id", "category_id", "skill", name="uq_course_requirement"),
    )
    with op.batch_alter_table("course_requirement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_course_requirement_category_id"), ["category_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_course_requirement_course_id"), ["course_id"], unique=False
        )

    op.create_table(
        "training_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("merchant_id", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(length=120), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("seats_taken", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=True),
        sa.Column("checkin_code_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("training_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_event_merchant_id"), ["merchant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_event_starts_at"), ["starts_at"], unique=False
        )

    op.create_table(
        "event_signup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("promoted_at", sa.DateTime(), nullable=True),
        sa.Column("checked_in_at", sa.DateTime(), nullable=True),
        sa.Column("reminded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["training_event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["technician_id"],
            ["technician.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "technician_id", name="uq_event_signup"),
    )
    with op.batch_alter_table("event_signup", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_signup_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_event_signup_technician_id"), ["technician_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("event_signup", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_signup_technician_id"))
        batch_op.drop_index(batch_op.f("ix_event_signup_event_id"))

    op.drop_table("event_signup")
    with op.batch_alter_table("training_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_event_starts_at"))
        batch_op.drop_index(batch_op.f("ix_training_event_merchant_id"))

    op.drop_table("training_event")
    with op.batch_alter_table("course_requirement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_requirement_course_id"))
        batch_op.drop_index(batch_op.f("ix_course_requirement_category_id"))

    op.drop_table("course_requirement")
    with op.batch_alter_table("course_certificate", schema=None) as batch_op:
        batch_op.drop_index("ix_course_certificate_holder")
        batch_op.drop_index(batch_op.f("ix_course_certificate_expires_at"))
        batch_op.drop_index(batch_op.f("ix_course_certificate_course_id"))

    op.drop_table("course_certificate")
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_merchant_id"))

    op.drop_table("course")
