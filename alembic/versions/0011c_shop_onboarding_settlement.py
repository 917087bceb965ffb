"""Shop applications, commission rates, settlement statements.

Revision ID: 0011c
Revises: 0011b
Create Date: 2026-12-09 10:00:00

New tables only: nothing existing is rewritten (past ledger rows keep the commission they
were written with).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011c"
down_revision: str | None = "0011b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_table(
        "shop_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("shop_name", sa.String(length=60), nullable=False),
        sa.Column("licence_number", sa.String(length=30), nullable=False),
        sa.Column("licence_scan", sa.String(length=200), nullable=False),
        sa.Column("licence_thumb", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("district", sa.String(length=20), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lng", sa.Float(), nullable=False),
        sa.Column("contact_phone", sa.String(length=20), nullable=False),
        sa.Column("category_ids", sa.JSON(), nullable=False),
        sa.Column("intro", sa.String(length=2000), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("merchant_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["applicant_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["decided_by"], ["user.id"]),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchant.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_shop_application_applicant_id", "shop_application", ["applicant_id"])
    op.create_index("ix_shop_application_status", "shop_application", ["status"])
    op.create_index(
        "uq_shop_application_pending",
        "shop_application",
        ["applicant_id"],
        unique=True,
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )
    op.create_table(
        "commission_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=48), nullable=False),
        sa.Column("merchant_id", sa.Integer(), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("rate_bp", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchant.id"]),
        sa.ForeignKeyConstraint(["category_id"], ["service_category.id"]),
        sa.ForeignKeyConstraint(["updated_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("scope"),
    )
    op.create_index("ix_commission_rate_merchant_id", "commission_rate", ["merchant_id"])
    op.create_table(
        "settlement_statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payee", sa.String(length=40), nullable=False),
        sa.Column("payee_name", sa.String(length=60), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("gross_fen", sa.Integer(), nullable=False),
        sa.Column("refunds_fen", sa.Integer(), nullable=False),
        sa.Column("commission_fen", sa.Integer(), nullable=False),
        sa.Column("incentives_fen", sa.Integer(), nullable=False),
        sa.Column("payable_fen", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("payee", "period", name="uq_settlement_statement_once"),
    )
    op.create_index("ix_settlement_statement_period", "settlement_statement", ["period"])


def downgrade() -> None:
    op.drop_index("ix_settlement_statement_period", table_name="settlement_statement")
    op.drop_table("settlement_statement")
    op.drop_index("ix_commission_rate_merchant_id", table_name="commission_rate")
    op.drop_table("commission_rate")
    for name in (
        "uq_shop_application_pending",
        "ix_shop_application_status",
        "ix_shop_application_applicant_id",
    ):
        op.drop_index(name, table_name="shop_application")
    op.drop_table("shop_application")
