"""Demo coupons: the platform's templates (a 新人券, 满200减30, 8折 capped, one bought with
points), one shop template in the first shop, and the demo customer holding some coupons (two
to use, one expired), so the coupon centre, my coupons and both desks show something."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from salon_app.core import crypto
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.models import CouponTemplate, Merchant, User
from salon_app.core.services.auth import normalize_mobile
from salon_app.core.services.marketing import issue


def _template(now: datetime, admin_id: int, **fields: object) -> CouponTemplate:
    base = {
        "threshold_fen": 0, "amount_fen": 0, "valid_days": 7, "total_stock": 1_000,
        "per_user_limit": 1, "status": "active", "created_by": admin_id,
        "created_at": now - timedelta(days=10),
    }  # fmt: skip
    return CouponTemplate(**{**base, **fields})


def seed_coupons(session: Session, now: datetime, admin_id: int, shop: Merchant) -> None:
    templates = [
        _template(now, admin_id, name="新人专享券", kind="newcomer", amount_fen=2_000,
                  total_stock=5_000, valid_days=14),
        _template(now, admin_id, name="满200减30", kind="threshold", threshold_fen=20_000,
                  amount_fen=3_000, per_user_limit=2, per_day_limit=1),
        _template(now, admin_id, name="美甲8折券", kind="percent", discount_bp=8_000,
                  cap_fen=5_000, total_stock=300, valid_days=None,
                  valid_from=now - timedelta(days=10), valid_until=now + timedelta(days=30)),
        _template(now, admin_id, name="积分兑10元券", kind="no_threshold", amount_fen=1_000,
                  points_cost=1_000, per_user_limit=3, valid_days=30),
        _template(now, admin_id, name="周末满100减15", kind="threshold", threshold_fen=10_000,
                  amount_fen=1_500, total_stock=50, valid_days=None,
                  valid_from=now - timedelta(days=40), valid_until=now - timedelta(days=5),
                  status="ended"),
        _template(now, admin_id, name=f"{shop.name[:12]}满300减50", kind="threshold",
                  threshold_fen=30_000, amount_fen=5_000, total_stock=200, funded_by="merchant",
                  merchant_id=shop.id, scope="shops", scope_ids=[shop.id], valid_days=30),
    ]  # fmt: skip
    session.add_all(templates)
    session.flush()
    phone = crypto.lookup_hash(normalize_mobile(CUSTOMER_PHONE))
    customer = session.exec(select(User).where(User.phone_hash == phone)).one()
    _, spend, eight, _, weekend, shop_coupon = templates
    for template, days_ago in ((spend, 1), (eight, 3), (shop_coupon, 2), (weekend, 20)):
        issue(session, template, customer.id, now - timedelta(days=days_ago), source="claim")
