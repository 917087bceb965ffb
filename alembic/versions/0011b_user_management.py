"""User management and the audit log page.

Revision ID: 0011b
Revises: 0011a
Create Date: 2026-12-07 12:00:00

A user whose password an operator reset to a temporary one must change it; indexes for the
operators' user search (sort by name or sign-up time) and the audit page (action prefix,
target, newest first).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011b"
down_revision: str | None = "0011a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    op.create_index("ix_user_display_name", "user", ["display_name"])
    op.create_index("ix_user_created_at", "user", ["created_at"])
    op.create_index("ix_audit_entry_action_at", "audit_entry", ["action", "at"])
    op.create_index("ix_audit_entry_target", "audit_entry", ["target_type", "target_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_entry_target", table_name="audit_entry")
    op.drop_index("ix_audit_entry_action_at", table_name="audit_entry")
    op.drop_index("ix_user_created_at", table_name="user")
    op.drop_index("ix_user_display_name", table_name="user")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("must_change_password")
