"""Catalogue pictures: category covers, service cover thumbnails and service galleries.

Revision ID: 0011d
Revises: 0011c
Create Date: 2026-12-08 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011d"
down_revision: str | None = "0011c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("service_category") as batch:
        for name in ("image_url", "thumb_url"):
            batch.add_column(
                sa.Column(name, sa.String(length=300), nullable=False, server_default="")
            )
    with op.batch_alter_table("service") as batch:
        batch.add_column(
            sa.Column("thumb_url", sa.String(length=300), nullable=False, server_default="")
        )
    with op.batch_alter_table("service_category") as batch:
        for name in ("image_url", "thumb_url"):
            batch.alter_column(name, server_default=None, existing_type=sa.String(300))
    with op.batch_alter_table("service") as batch:
        batch.alter_column("thumb_url", server_default=None, existing_type=sa.String(300))
    op.create_table(
        "service_picture",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=300), nullable=False),
        sa.Column("thumb_url", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_service_picture_service_id", "service_picture", ["service_id"])


def downgrade() -> None:
    op.drop_index("ix_service_picture_service_id", table_name="service_picture")
    op.drop_table("service_picture")
    with op.batch_alter_table("service") as batch:
        batch.drop_column("thumb_url")
    with op.batch_alter_table("service_category") as batch:
        batch.drop_column("thumb_url")
        batch.drop_column("image_url")
