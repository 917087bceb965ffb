"""Payments: the log of gateway notifications, and who asked for each refund.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 02:00:00

`payment_notification` keeps every notification a gateway sent (applied, duplicate, flagged for
refund, ignored or rejected with the reason). `refund.requested_by` is the user who asked for a
refund (NULL when the system did: cancellation policy, paid-after-cancel).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payment_notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("out_trade_no", sa.String(length=64), nullable=True),
        sa.Column("out_refund_no", sa.String(length=64), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("payment_notification") as batch:
        batch.create_index("ix_payment_notification_received_at", ["received_at"])
        batch.create_index("ix_payment_notification_out_trade_no", ["out_trade_no"])
        batch.create_index("ix_payment_notification_order_id", ["order_id"])
    with op.batch_alter_table("refund") as batch:
        batch.add_column(sa.Column("requested_by", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_refund_requested_by_user", "user", ["requested_by"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("refund") as batch:
        batch.drop_constraint("fk_refund_requested_by_user", type_="foreignkey")
        batch.drop_column("requested_by")
    with op.batch_alter_table("payment_notification") as batch:
        batch.drop_index("ix_payment_notification_order_id")
        batch.drop_index("ix_payment_notification_out_trade_no")
        batch.drop_index("ix_payment_notification_received_at")
    op.drop_table("payment_notification")
