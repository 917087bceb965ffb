"""Customer figures and tags, segments, and the tables 猜你喜欢 reads.

Revision ID: 0011e
Revises: 0011d
Create Date: 2026-12-07 12:00:00

All new tables: the nightly job (or an operator's recompute) fills them from the orders.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011e"
down_revision: str | None = "0011d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customer_figures",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("orders_365d", sa.Integer(), nullable=False),
        sa.Column("spend_fen", sa.Integer(), nullable=False),
        sa.Column("first_order_at", sa.DateTime(), nullable=True),
        sa.Column("last_order_at", sa.DateTime(), nullable=True),
        sa.Column("recency_days", sa.Integer(), nullable=True),
        sa.Column("r_band", sa.Integer(), nullable=False),
        sa.Column("f_band", sa.Integer(), nullable=False),
        sa.Column("m_band", sa.Integer(), nullable=False),
        sa.Column("price_index", sa.Integer(), nullable=True),
        sa.Column("favourite_category", sa.String(length=30), nullable=False),
        sa.Column("district", sa.String(length=20), nullable=False),
        sa.Column("home_lat", sa.Float(), nullable=True),
        sa.Column("home_lng", sa.Float(), nullable=True),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )
    for column in ("recency_days", "r_band", "f_band", "m_band", "favourite_category", "district"):
        op.create_index(f"ix_customer_figures_{column}", "customer_figures", [column])
    op.create_table(
        "user_tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "tag", name="uq_user_tag_user_tag"),
    )
    op.create_index("ix_user_tag_user_id", "user_tag", ["user_id"])
    op.create_index("ix_user_tag_tag", "user_tag", ["tag"])
    op.create_table(
        "segment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("rule", sa.JSON(), nullable=False),
        sa.Column("size_at_save", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "service_affinity",
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("other_service_id", sa.Integer(), nullable=False),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"]),
        sa.ForeignKeyConstraint(["other_service_id"], ["service.id"]),
        sa.PrimaryKeyConstraint("service_id", "other_service_id"),
    )
    op.create_table(
        "popular_service",
        sa.Column("district", sa.String(length=20), nullable=False),
        sa.Column("slot", sa.String(length=20), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"]),
        sa.PrimaryKeyConstraint("district", "slot", "service_id"),
    )


def downgrade() -> None:
    op.drop_table("popular_service")
    op.drop_table("service_affinity")
    op.drop_table("segment")
    op.drop_table("user_tag")
    op.drop_table("customer_figures")
