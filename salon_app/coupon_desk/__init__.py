"""The coupon desk, shared by operators (/admin/coupons) and shops (/merchant/coupons)."""
