"""Privacy numbers: the app's AXB bindings per order, and the local sandbox provider's bindings.

Revision ID: 0014b
Revises: 0014
Create Date: 2026-12-07 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014b"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "privacy_binding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("subs_id", sa.String(length=64), nullable=False),
        sa.Column("relay_number", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("released_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"]),
        sa.ForeignKeyConstraint(["technician_id"], ["technician.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_privacy_binding_order_technician", "privacy_binding", ["order_id", "technician_id"]
    )
    op.create_index("ix_privacy_binding_released_at", "privacy_binding", ["released_at"])
    op.create_table(
        "relay_sandbox_binding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subs_id", sa.String(length=64), nullable=False),
        sa.Column("pool_key", sa.String(length=40), nullable=False),
        sa.Column("relay_number", sa.String(length=20), nullable=False),
        sa.Column("phone_a", sa.Text(), nullable=False),
        sa.Column("phone_b", sa.Text(), nullable=False),
        sa.Column("phone_a_hash", sa.String(length=64), nullable=False),
        sa.Column("phone_b_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("unbound_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subs_id"),
    )
    op.create_index(
        "ix_relay_sandbox_binding_relay", "relay_sandbox_binding", ["relay_number", "expires_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_relay_sandbox_binding_relay", table_name="relay_sandbox_binding")
    op.drop_table("relay_sandbox_binding")
    op.drop_index("ix_privacy_binding_released_at", table_name="privacy_binding")
    op.drop_index("ix_privacy_binding_order_technician", table_name="privacy_binding")
    op.drop_table("privacy_binding")
