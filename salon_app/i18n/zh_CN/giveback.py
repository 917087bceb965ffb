"""Refunds that give back: what a cancellation or refund returns besides the money."""

MESSAGES: dict[str, str] = {
    "giveback.title": "优惠与积分",
    "giveback.coupon_back": "优惠券「{name}」退回券包，可再次使用",
    "giveback.coupon_kept": "优惠券「{name}」不退回（已过期，或仅部分退款）",
    "giveback.points_back": "本单抵扣的 {points} 积分退回（保留原有效期）",
    "giveback.points_taken": "本单赠送的 {points} 积分扣回",
}
