"""User and order sources, incentive rules and awards, job runs, statistics indexes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 10:00:00

Sources are added in place with a server default ("direct"): no copy of a large orders table
on SQLite. The two orders indexes serve a shop's statistics (by service date, by payment date),
the partial ledger one the (few) income reversals of refunds, read by date.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SETTLEMENT_BACK = sa.text("kind = 'settlement' AND amount_fen > 0")  # income taken back


def upgrade() -> None:
    for table in ("user", "orders"):
        op.add_column(
            table,
            sa.Column("source", sa.String(length=24), nullable=False, server_default="direct"),
        )
    op.create_index("ix_orders_merchant_starts", "orders", ["merchant_id", "starts_at"])
    op.create_index("ix_orders_merchant_paid", "orders", ["merchant_id", "paid_at"])
    op.create_index(
        "ix_ledger_entry_order_kind", "ledger_entry", ["order_id", "kind", "amount_fen"]
    )
    op.create_index(
        "ix_ledger_entry_settlement_back",
        "ledger_entry",
        ["created_at"],
        sqlite_where=SETTLEMENT_BACK,
        postgresql_where=SETTLEMENT_BACK,
    )
    op.create_table(
        "job_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job", "period", name="uq_job_run_job_period"),
    )
    op.create_table(
        "incentive_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("merchant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("threshold_orders", sa.Integer(), nullable=True),
        sa.Column("min_rating_x100", sa.Integer(), nullable=True),
        sa.Column("min_reviews", sa.Integer(), nullable=True),
        sa.Column("cap_fen", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("disabled_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchant.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_incentive_rule_merchant_id", "incentive_rule", ["merchant_id"])
    op.create_table(
        "incentive_award",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("merchant_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("basis", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["rule_id"], ["incentive_rule.id"]),
        sa.ForeignKeyConstraint(["technician_id"], ["technician.id"]),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchant.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("rule_id", "technician_id", "period", name="uq_incentive_award_once"),
    )
    for column in ("rule_id", "technician_id", "merchant_id"):
        op.create_index(f"ix_incentive_award_{column}", "incentive_award", [column])


def downgrade() -> None:
    for column in ("rule_id", "technician_id", "merchant_id"):
        op.drop_index(f"ix_incentive_award_{column}", table_name="incentive_award")
    op.drop_table("incentive_award")
    op.drop_index("ix_incentive_rule_merchant_id", table_name="incentive_rule")
    op.drop_table("incentive_rule")
    op.drop_table("job_run")
    op.drop_index("ix_ledger_entry_settlement_back", table_name="ledger_entry")
    op.drop_index("ix_ledger_entry_order_kind", table_name="ledger_entry")
    op.drop_index("ix_orders_merchant_paid", table_name="orders")
    op.drop_index("ix_orders_merchant_starts", table_name="orders")
    for table in ("orders", "user"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("source")
