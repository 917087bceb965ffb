"""Membership and marketing: levels, growth, points, check-ins, gifts; coupon templates and
coupons, promotions, campaigns and invitations; discount lines on orders.

Revision ID: 0012
Revises: 0011f
Create Date: 2026-12-07 01:49:31

Orders gain `list_fen` (the items at the technicians' prices); orders before this had no
discounts, so it is their total.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("picture", sa.String(length=200), nullable=False),
        sa.Column("points_cost", sa.Integer(), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "member_level",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("growth_threshold", sa.Integer(), nullable=False),
        sa.Column("discount_bp", sa.Integer(), nullable=False),
        sa.Column("points_multiplier_pct", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("rank"),
    )
    op.create_table(
        "check_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("streak", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "day", name="uq_check_in_user_day"),
    )
    with op.batch_alter_table("check_in", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_check_in_user_id"), ["user_id"], unique=False)

    op.create_table(
        "coupon_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("threshold_fen", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("discount_bp", sa.Integer(), nullable=False),
        sa.Column("cap_fen", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=12), nullable=False),
        sa.Column("scope_ids", sa.JSON(), nullable=False),
        sa.Column("scope_exclude", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.DateTime(), nullable=True),
        sa.Column("valid_until", sa.DateTime(), nullable=True),
        sa.Column("valid_days", sa.Integer(), nullable=True),
        sa.Column("total_stock", sa.Integer(), nullable=False),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.Column("per_user_limit", sa.Integer(), nullable=False),
        sa.Column("per_day_limit", sa.Integer(), nullable=False),
        sa.Column("funded_by", sa.String(length=10), nullable=False),
        sa.Column("merchant_id", sa.Integer(), nullable=True),
        sa.Column("claimable", sa.Boolean(), nullable=False),
        sa.Column("points_cost", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("coupon_template", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coupon_template_merchant_id"), ["merchant_id"], unique=False
        )

    op.create_table(
        "membership",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("growth", sa.Integer(), nullable=False),
        sa.Column("level_rank", sa.Integer(), nullable=False),
        sa.Column("level_since", sa.DateTime(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "promotion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("rule", sa.JSON(), nullable=False),
        sa.Column("scope", sa.String(length=12), nullable=False),
        sa.Column("scope_ids", sa.JSON(), nullable=False),
        sa.Column("scope_exclude", sa.Boolean(), nullable=False),
        sa.Column("audience", sa.String(length=10), nullable=False),
        sa.Column("audience_ref", sa.Integer(), nullable=True),
        sa.Column("exclusive_group", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("funded_by", sa.String(length=10), nullable=False),
        sa.Column("merchant_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("promotion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_promotion_merchant_id"), ["merchant_id"], unique=False)

    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("goal", sa.String(length=200), nullable=False),
        sa.Column("merchant_id", sa.Integer(), nullable=True),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("offer_kind", sa.String(length=10), nullable=False),
        sa.Column("offer_ref", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("budget_fen", sa.Integer(), nullable=False),
        sa.Column("holdout_bp", sa.Integer(), nullable=False),
        sa.Column("attribution_days", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchant.id"],
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["segment.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_merchant_id"), ["merchant_id"], unique=False)

    op.create_table(
        "coupon",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.Column("valid_from", sa.DateTime(), nullable=False),
        sa.Column("valid_until", sa.DateTime(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("returned_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["coupon_template.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("coupon", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coupon_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_coupon_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_coupon_template_id"), ["template_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_coupon_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_coupon_valid_until"), ["valid_until"], unique=False)

    op.create_table(
        "growth_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("growth_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_growth_entry_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_growth_entry_user_id"), ["user_id"], unique=False)

    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("inviter_id", sa.Integer(), nullable=False),
        sa.Column("invitee_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("rewarded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
        ),
        sa.ForeignKeyConstraint(
            ["invitee_id"],
            ["user.id"],
        ),
        sa.ForeignKeyConstraint(
            ["inviter_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("invitee_id"),
    )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invitation_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_invitation_inviter_id"), ["inviter_id"], unique=False)

    op.create_table(
        "points_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("available_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("points_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_points_entry_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_points_entry_order_id"), ["order_id"], unique=False)
        batch_op.create_index(
            "ix_points_entry_user_expires", ["user_id", "expires_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_points_entry_user_id"), ["user_id"], unique=False)

    op.create_table(
        "campaign_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("holdout", sa.Boolean(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("reached_at", sa.DateTime(), nullable=True),
        sa.Column("coupon_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
        ),
        sa.ForeignKeyConstraint(
            ["coupon_id"],
            ["coupon.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "user_id", name="uq_campaign_member"),
    )
    with op.batch_alter_table("campaign_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_campaign_member_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index("ix_campaign_member_user", ["user_id"], unique=False)

    op.create_table(
        "discount_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("order_item_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("funded_by", sa.String(length=10), nullable=False),
        sa.Column("merchant_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchant.id"],
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
        ),
        sa.ForeignKeyConstraint(
            ["order_item_id"],
            ["order_item.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("discount_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_discount_line_order_id"), ["order_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_discount_line_order_item_id"), ["order_item_id"], unique=False
        )

    op.create_table(
        "gift_redemption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gift_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("points_entry_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["gift_id"],
            ["gift.id"],
        ),
        sa.ForeignKeyConstraint(
            ["points_entry_id"],
            ["points_entry.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("gift_redemption", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gift_redemption_gift_id"), ["gift_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_gift_redemption_user_id"), ["user_id"], unique=False)

    op.create_table(
        "points_draw",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["points_entry.id"],
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["points_entry.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("points_draw", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_points_draw_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_points_draw_entry_id"), ["entry_id"], unique=False)

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("list_fen", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE orders SET list_fen = total_fen")


def downgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("list_fen")

    with op.batch_alter_table("points_draw", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_points_draw_entry_id"))
        batch_op.drop_index(batch_op.f("ix_points_draw_batch_id"))

    op.drop_table("points_draw")
    with op.batch_alter_table("gift_redemption", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gift_redemption_user_id"))
        batch_op.drop_index(batch_op.f("ix_gift_redemption_gift_id"))

    op.drop_table("gift_redemption")
    with op.batch_alter_table("discount_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_discount_line_order_item_id"))
        batch_op.drop_index(batch_op.f("ix_discount_line_order_id"))

    op.drop_table("discount_line")
    with op.batch_alter_table("campaign_member", schema=None) as batch_op:
        batch_op.drop_index("ix_campaign_member_user")
        batch_op.drop_index(batch_op.f("ix_campaign_member_campaign_id"))

    op.drop_table("campaign_member")
    with op.batch_alter_table("points_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_points_entry_user_id"))
        batch_op.drop_index("ix_points_entry_user_expires")
        batch_op.drop_index(batch_op.f("ix_points_entry_order_id"))
        batch_op.drop_index(batch_op.f("ix_points_entry_expires_at"))

    op.drop_table("points_entry")
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitation_inviter_id"))
        batch_op.drop_index(batch_op.f("ix_invitation_campaign_id"))

    op.drop_table("invitation")
    with op.batch_alter_table("growth_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_growth_entry_user_id"))
        batch_op.drop_index(batch_op.f("ix_growth_entry_order_id"))

    op.drop_table("growth_entry")
    with op.batch_alter_table("coupon", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coupon_valid_until"))
        batch_op.drop_index(batch_op.f("ix_coupon_user_id"))
        batch_op.drop_index(batch_op.f("ix_coupon_template_id"))
        batch_op.drop_index(batch_op.f("ix_coupon_order_id"))
        batch_op.drop_index(batch_op.f("ix_coupon_campaign_id"))

    op.drop_table("coupon")
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_merchant_id"))

    op.drop_table("campaign")
    with op.batch_alter_table("promotion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_promotion_merchant_id"))

    op.drop_table("promotion")
    op.drop_table("membership")
    with op.batch_alter_table("coupon_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coupon_template_merchant_id"))

    op.drop_table("coupon_template")
    with op.batch_alter_table("check_in", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_check_in_user_id"))

    op.drop_table("check_in")
    op.drop_table("member_level")
    op.drop_table("gift")
