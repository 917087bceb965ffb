"""Platform staff sub-roles.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 09:00:00

Existing operators become super admins (they could do everything before).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("user", sa.Column("admin_role", sa.String(length=16), nullable=True))
    op.execute("UPDATE \"user\" SET admin_role = 'super_admin' WHERE role = 'admin'")


def downgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.drop_column("admin_role")
