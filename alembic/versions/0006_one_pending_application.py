"""One pending application per technician and shop, enforced by the database.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 10:00:00

A partial unique index (SQLite and PostgreSQL both have them): two requests applying at once
(a double click) cannot both insert. Pending duplicates made before it are the same request
sent twice; the oldest of each is kept.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    op.execute(
        "DELETE FROM technician_application WHERE status = 'pending' AND EXISTS ("
        "SELECT 1 FROM technician_application AS older"
        " WHERE older.technician_id = technician_application.technician_id"
        " AND older.merchant_id = technician_application.merchant_id"
        " AND older.status = 'pending' AND older.id < technician_application.id)"
    )
    op.create_index(
        "uq_technician_application_pending",
        "technician_application",
        ["technician_id", "merchant_id"],
        unique=True,
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )


def downgrade() -> None:
    op.drop_index("uq_technician_application_pending", table_name="technician_application")
