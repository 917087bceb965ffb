"""Merchant dashboard, shop part: staff roles and invitations, business hours and closures,
shop media, announcements with drafts and audiences, review replies and reports, posts (岗位),
certificates with type, number, expiry and verify status, certificate reminders.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 12:00:00

Existing data: an owner (is_owner) becomes role "owner", other staff "front_desk"; existing
announcements are published; a certificate already verified is "verified", a 健康证 gets
the type "health".
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("status = 'pending'")


def _merchant_fk(name: str = "merchant_id") -> list:
    return [
        sa.Column(name, sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint([name], ["merchant.id"]),
    ]


def upgrade() -> None:
    op.create_table(
        "staff_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        *_merchant_fk(),
        sa.Column("phone", sa.Text(), nullable=False),
        sa.Column("phone_hash", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("invited_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["claimed_by"], ["user.id"]),
        sa.ForeignKeyConstraint(["invited_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_staff_invitation_merchant_id", "staff_invitation", ["merchant_id"])
    op.create_index("ix_staff_invitation_phone_hash", "staff_invitation", ["phone_hash"])
    op.create_index(
        "uq_staff_invitation_pending",
        "staff_invitation",
        ["merchant_id", "phone_hash"],
        unique=True,
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )
    op.create_table(
        "shop_closure",
        sa.Column("id", sa.Integer(), nullable=False),
        *_merchant_fk(),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_shop_closure_merchant_id", "shop_closure", ["merchant_id"])
    op.create_table(
        "shop_media",
        sa.Column("id", sa.Integer(), nullable=False),
        *_merchant_fk(),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("url", sa.String(length=300), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("caption", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_shop_media_merchant_id", "shop_media", ["merchant_id"])
    op.create_table(
        "shop_post",
        sa.Column("id", sa.Integer(), nullable=False),
        *_merchant_fk(),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_shop_post_merchant_id", "shop_post", ["merchant_id"])
    op.create_index("uq_shop_post_name", "shop_post", ["merchant_id", "name"], unique=True)
    op.create_table(
        "technician_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("technician_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["shop_post.id"]),
        sa.ForeignKeyConstraint(["technician_id"], ["technician.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_technician_post_post_id", "technician_post", ["post_id"])
    op.create_index("ix_technician_post_technician_id", "technician_post", ["technician_id"])
    op.create_index(
        "uq_technician_post", "technician_post", ["technician_id", "post_id"], unique=True
    )
    op.create_table(
        "certificate_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificate.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("certificate_id", "days_before", "expires_on"),
    )
    op.create_index(
        "ix_certificate_reminder_certificate_id", "certificate_reminder", ["certificate_id"]
    )
    op.create_table(
        "review_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        *_merchant_fk(),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("reported_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["decided_by"], ["user.id"]),
        sa.ForeignKeyConstraint(["reported_by"], ["user.id"]),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("review_id", "merchant_id"),
    )
    op.create_index("ix_review_report_merchant_id", "review_report", ["merchant_id"])
    op.create_index("ix_review_report_review_id", "review_report", ["review_id"])

    with op.batch_alter_table("merchant_staff") as batch:
        batch.add_column(
            sa.Column("role", sa.String(length=16), nullable=False, server_default="front_desk")
        )
    op.execute("UPDATE merchant_staff SET role = 'owner' WHERE is_owner")
    with op.batch_alter_table("merchant_staff") as batch:
        batch.drop_column("is_owner")

    with op.batch_alter_table("merchant") as batch:
        batch.add_column(sa.Column("business_hours", sa.JSON(), nullable=True))

    with op.batch_alter_table("announcement") as batch:
        batch.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="draft")
        )
        batch.add_column(
            sa.Column("audience", sa.String(length=16), nullable=False, server_default="all")
        )
        batch.add_column(
            sa.Column("pinned", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("created_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("created_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("notified", sa.Integer(), nullable=False, server_default="0"))
        batch.alter_column("published_at", existing_type=sa.DateTime(), nullable=True)
        batch.create_foreign_key("fk_announcement_created_by", "user", ["created_by"], ["id"])
    op.execute("UPDATE announcement SET status = 'published', created_at = published_at")
    with op.batch_alter_table("announcement") as batch:
        batch.alter_column("created_at", existing_type=sa.DateTime(), nullable=False)

    with op.batch_alter_table("review") as batch:
        batch.add_column(sa.Column("reply_edited_at", sa.DateTime(), nullable=True))

    with op.batch_alter_table("technician_application") as batch:
        batch.add_column(
            sa.Column("decision_reason", sa.String(length=200), nullable=False, server_default="")
        )

    with op.batch_alter_table("service_category") as batch:
        batch.add_column(
            sa.Column(
                "required_certificate", sa.String(length=20), nullable=False, server_default=""
            )
        )

    with op.batch_alter_table("certificate") as batch:
        batch.add_column(
            sa.Column("cert_type", sa.String(length=20), nullable=False, server_default="other")
        )
        batch.add_column(
            sa.Column("number", sa.String(length=40), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("expires_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="pending")
        )
        batch.add_column(
            sa.Column("status_reason", sa.String(length=200), nullable=False, server_default="")
        )
    op.execute("UPDATE certificate SET status = 'verified' WHERE verified_at IS NOT NULL")
    op.execute("UPDATE certificate SET cert_type = 'health' WHERE name LIKE '%健康证%'")


def downgrade() -> None:
    with op.batch_alter_table("certificate") as batch:
        for column in ("status_reason", "status", "expires_on", "number", "cert_type"):
            batch.drop_column(column)
    with op.batch_alter_table("service_category") as batch:
        batch.drop_column("required_certificate")
    with op.batch_alter_table("technician_application") as batch:
        batch.drop_column("decision_reason")
    with op.batch_alter_table("review") as batch:
        batch.drop_column("reply_edited_at")
    op.execute("DELETE FROM announcement WHERE status = 'draft'")
    with op.batch_alter_table("announcement") as batch:
        batch.drop_constraint("fk_announcement_created_by", type_="foreignkey")
        batch.alter_column("published_at", existing_type=sa.DateTime(), nullable=False)
        for column in ("notified", "expires_at", "created_at", "created_by", "pinned"):
            batch.drop_column(column)
        batch.drop_column("audience")
        batch.drop_column("status")
    with op.batch_alter_table("merchant") as batch:
        batch.drop_column("business_hours")
    with op.batch_alter_table("merchant_staff") as batch:
        batch.add_column(
            sa.Column("is_owner", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute("UPDATE merchant_staff SET is_owner = (role = 'owner')")
    with op.batch_alter_table("merchant_staff") as batch:
        batch.drop_column("role")
    for index, table in (
        ("ix_review_report_review_id", "review_report"),
        ("ix_review_report_merchant_id", "review_report"),
        ("ix_certificate_reminder_certificate_id", "certificate_reminder"),
        ("uq_technician_post", "technician_post"),
        ("ix_technician_post_technician_id", "technician_post"),
        ("ix_technician_post_post_id", "technician_post"),
        ("uq_shop_post_name", "shop_post"),
        ("ix_shop_post_merchant_id", "shop_post"),
        ("ix_shop_media_merchant_id", "shop_media"),
        ("ix_shop_closure_merchant_id", "shop_closure"),
        ("uq_staff_invitation_pending", "staff_invitation"),
        ("ix_staff_invitation_phone_hash", "staff_invitation"),
        ("ix_staff_invitation_merchant_id", "staff_invitation"),
    ):
        op.drop_index(index, table_name=table)
    for table in (
        "review_report",
        "certificate_reminder",
        "technician_post",
        "shop_post",
        "shop_media",
        "shop_closure",
        "staff_invitation",
    ):
        op.drop_table(table)
