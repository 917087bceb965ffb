"""领券中心 and 我的优惠券 (phone first)."""
