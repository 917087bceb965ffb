"""Backups and restore drills (issue 13, backups).

Revision ID: 0014g
Revises: 0014f
Create Date: 2026-12-07 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014g"
down_revision: str | None = "0014f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "backup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("location", sa.String(length=8), nullable=False),
        sa.Column("object_key", sa.String(length=200), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("trigger", sa.String(length=12), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("pruned_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=False),
        sa.Column("tables", sa.JSON(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["requested_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_backup_snapshot", "backup", ["snapshot"])
    op.create_index("ix_backup_location_started", "backup", ["location", "started_at"])
    op.create_table(
        "restore_drill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("backup_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("tables_checked", sa.Integer(), nullable=False),
        sa.Column("rows_checked", sa.Integer(), nullable=False),
        sa.Column("mismatches", sa.JSON(), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(["backup_id"], ["backup.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_restore_drill_backup_id", "restore_drill", ["backup_id"])
    op.create_index("ix_restore_drill_started_at", "restore_drill", ["started_at"])


def downgrade() -> None:
    op.drop_index("ix_restore_drill_started_at", table_name="restore_drill")
    op.drop_index("ix_restore_drill_backup_id", table_name="restore_drill")
    op.drop_table("restore_drill")
    op.drop_index("ix_backup_location_started", table_name="backup")
    op.drop_index("ix_backup_snapshot", table_name="backup")
    op.drop_table("backup")
