"""Verification codes, their per-phone rate-limit lock, the SMS sandbox's outbox.

Revision ID: 0011a
Revises: 0010
Create Date: 2026-12-09 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011a"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "verification_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("salt", sa.String(length=32), nullable=False),
        sa.Column("client_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_verification_code_phone_created", "verification_code", ["phone_hash", "created_at"]
    )
    op.create_index(
        "ix_verification_code_client_created", "verification_code", ["client_hash", "created_at"]
    )
    op.create_table(
        "sms_throttle",
        sa.Column("phone_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("phone_hash"),
    )
    op.create_table(
        "sms_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.Text(), nullable=False),
        sa.Column("phone_hash", sa.String(length=64), nullable=False),
        sa.Column("template", sa.String(length=40), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id"),
    )
    op.create_index("ix_sms_message_phone_hash", "sms_message", ["phone_hash"])
    op.create_index("ix_sms_message_sent_at", "sms_message", ["sent_at"])


def downgrade() -> None:
    op.drop_index("ix_sms_message_sent_at", table_name="sms_message")
    op.drop_index("ix_sms_message_phone_hash", table_name="sms_message")
    op.drop_table("sms_message")
    op.drop_table("sms_throttle")
    op.drop_index("ix_verification_code_client_created", table_name="verification_code")
    op.drop_index("ix_verification_code_phone_created", table_name="verification_code")
    op.drop_table("verification_code")
