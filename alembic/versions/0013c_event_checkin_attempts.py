"""Training events: check-in codes entered per sign-up (a limited number, so a code cannot be
guessed).

Revision ID: 0013c
Revises: 0013b
Create Date: 2026-12-07 04:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013c"
down_revision: str | None = "0013b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("event_signup") as batch:
        batch.add_column(
            sa.Column("checkin_attempts", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("event_signup") as batch:
        batch.drop_column("checkin_attempts")
