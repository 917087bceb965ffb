"""Booking blocks: the interval each order holds, and the no-overlap rule in the database.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 02:00:00

On PostgreSQL an exclusion constraint (btree_gist) forbids two slot-holding orders of one
technician whose blocks overlap, whatever the application does. On SQLite the booking service
takes the write lock first and re-checks inside that one transaction.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HOLDING = "('pending_payment', 'pending_service', 'in_service')"


def upgrade() -> None:
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("block_start", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("block_end", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("holds_slot", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("service_step", sa.String(length=16), nullable=False, server_default="")
        )
    op.execute("UPDATE orders SET block_start = starts_at, block_end = ends_at")
    op.execute(f"UPDATE orders SET holds_slot = (status IN {HOLDING})")
    with op.batch_alter_table("orders") as batch:
        batch.alter_column("block_start", existing_type=sa.DateTime(), nullable=False)
        batch.alter_column("block_end", existing_type=sa.DateTime(), nullable=False)
        batch.alter_column("holds_slot", server_default=None, existing_type=sa.Boolean())
        batch.alter_column("service_step", server_default=None, existing_type=sa.String(16))
        batch.create_index("ix_orders_technician_block", ["technician_id", "block_start"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE orders ADD CONSTRAINT orders_technician_no_overlap "
            "EXCLUDE USING gist (technician_id WITH =, "
            "tsrange(block_start, block_end, '[)') WITH &&) WHERE (holds_slot)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE orders DROP CONSTRAINT orders_technician_no_overlap")
    with op.batch_alter_table("orders") as batch:
        batch.drop_index("ix_orders_technician_block")
        batch.drop_column("service_step")
        batch.drop_column("holds_slot")
        batch.drop_column("block_end")
        batch.drop_column("block_start")
