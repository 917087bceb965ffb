"""Abnormal-order alerts and complaint mediation.

Revision ID: 0011f
Revises: 0011e
Create Date: 2026-12-09 10:00:00

Complaints gain a deadline (due_at) and a pause (paused_at), and room for the status
"awaiting_customer"; complaints filed before this have no deadline (NULL: never overdue). Order events get an index
by (kind, at): the alert rules read recent rejections and starts every minute.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011f"
down_revision: str | None = "0011e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("complaint") as batch:
        batch.add_column(sa.Column("due_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("paused_at", sa.DateTime(), nullable=True))
        batch.alter_column(
            "status",
            existing_type=sa.String(length=16),
            type_=sa.String(length=18),
            existing_nullable=False,
        )
        batch.create_index("ix_complaint_due_at", ["due_at"])
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=24), nullable=False),
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("merchant_id", sa.Integer(), nullable=True),
        sa.Column("technician_id", sa.Integer(), nullable=True),
        sa.Column("complaint_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("acknowledged_by", sa.Integer(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.String(length=500), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"]),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchant.id"]),
        sa.ForeignKeyConstraint(["technician_id"], ["technician.id"]),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaint.id"]),
        sa.ForeignKeyConstraint(["acknowledged_by"], ["user.id"]),
        sa.ForeignKeyConstraint(["resolved_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("rule", "subject", name="uq_alert_rule_subject"),
    )
    op.create_index("ix_alert_status_raised", "alert", ["status", "raised_at"])
    op.create_index("ix_alert_order_id", "alert", ["order_id"])
    op.create_index("ix_alert_merchant_id", "alert", ["merchant_id"])
    op.create_index("ix_alert_updated_at", "alert", ["updated_at"])
    op.create_table(
        "alert_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["alert.id"]),
        sa.ForeignKeyConstraint(["author_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_alert_note_alert_id", "alert_note", ["alert_id"])
    op.create_table(
        "mediation_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("refund_fen", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("proposed_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("refund_key", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaint.id"]),
        sa.ForeignKeyConstraint(["proposed_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_mediation_proposal_complaint_id", "mediation_proposal", ["complaint_id"])
    op.create_index("ix_order_event_kind_at", "order_event", ["kind", "at"])


def downgrade() -> None:
    op.drop_index("ix_order_event_kind_at", table_name="order_event")
    op.drop_index("ix_mediation_proposal_complaint_id", table_name="mediation_proposal")
    op.drop_table("mediation_proposal")
    op.drop_index("ix_alert_note_alert_id", table_name="alert_note")
    op.drop_table("alert_note")
    for name in ("ix_alert_updated_at", "ix_alert_merchant_id", "ix_alert_order_id"):
        op.drop_index(name, table_name="alert")
    op.drop_index("ix_alert_status_raised", table_name="alert")
    op.drop_table("alert")
    with op.batch_alter_table("complaint") as batch:
        batch.drop_index("ix_complaint_due_at")
        batch.alter_column(
            "status",
            existing_type=sa.String(length=18),
            type_=sa.String(length=16),
            existing_nullable=False,
        )
        batch.drop_column("paused_at")
        batch.drop_column("due_at")
