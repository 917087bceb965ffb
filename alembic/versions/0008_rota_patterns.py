"""Rota patterns (排班): repeating patterns that generate shifts; what kind each shift is.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 10:00:00

Shifts made before this revision were set by hand for one day: they become overrides.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shift_pattern",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("merchant_id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("cycle_weeks", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("slots", sa.JSON(), nullable=False),
        sa.Column("generated_until", sa.Date(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchant.id"]),
        sa.ForeignKeyConstraint(["technician_id"], ["technician.id"]),
        sa.ForeignKeyConstraint(["updated_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("technician_id", "starts_on"),
    )
    with op.batch_alter_table("shift_pattern", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shift_pattern_merchant_id"), ["merchant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_shift_pattern_technician_id"), ["technician_id"], unique=False
        )
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=12), server_default="override", nullable=False)
        )
        batch_op.add_column(sa.Column("order_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_shift_order_id_orders", "orders", ["order_id"], ["id"])
        batch_op.create_index("ix_shift_technician_day", ["technician_id", "day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("shift", schema=None) as batch_op:
        batch_op.drop_index("ix_shift_technician_day")
        batch_op.drop_constraint("fk_shift_order_id_orders", type_="foreignkey")
        batch_op.drop_column("order_id")
        batch_op.drop_column("kind")
    with op.batch_alter_table("shift_pattern", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_pattern_technician_id"))
        batch_op.drop_index(batch_op.f("ix_shift_pattern_merchant_id"))
    op.drop_table("shift_pattern")
