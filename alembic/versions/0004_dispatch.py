"""Dispatch offers with their score components, order messages, the order's dispatch state.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 02:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dispatch_offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("components", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("offered_at", sa.DateTime(), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"]),
        sa.ForeignKeyConstraint(["technician_id"], ["technician.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id", "technician_id"),
    )
    op.create_index("ix_dispatch_offer_order_id", "dispatch_offer", ["order_id"])
    op.create_index("ix_dispatch_offer_technician_id", "dispatch_offer", ["technician_id"])
    op.create_index("ix_dispatch_offer_status", "dispatch_offer", ["status"])
    op.create_index("ix_dispatch_offer_expires_at", "dispatch_offer", ["expires_at"])
    op.create_table(
        "order_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("sender_user_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"]),
        sa.ForeignKeyConstraint(["sender_user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_order_message_order_id", "order_message", ["order_id"])
    # Added in place with server defaults: no copy of a large orders table on SQLite.
    op.add_column(
        "orders",
        sa.Column("dispatch_state", sa.String(length=12), nullable=False, server_default=""),
    )
    op.add_column(
        "orders",
        sa.Column("any_technician", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_orders_dispatch_state", "orders", ["dispatch_state"])


def downgrade() -> None:
    op.drop_index("ix_orders_dispatch_state", table_name="orders")
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("any_technician")
        batch.drop_column("dispatch_state")
    op.drop_index("ix_order_message_order_id", table_name="order_message")
    op.drop_table("order_message")
    for name in ("expires_at", "status", "technician_id", "order_id"):
        op.drop_index(f"ix_dispatch_offer_{name}", table_name="dispatch_offer")
    op.drop_table("dispatch_offer")
