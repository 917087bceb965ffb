"""Limits against money abuse (issue 13): unpaid holds per customer and address, payment
attempts per order."""

MESSAGES: dict[str, str] = {
    "booking.too_many_unpaid": (
        "您已有 {max} 个待支付订单，请先支付或取消其中一个，再预约新的时段"
    ),
    "booking.too_many_unpaid_hourly": (
        "一小时内未支付的预约过多，请 {minutes} 分钟后再试，或先支付已预约的订单"
    ),
    "booking.too_many_from_address": "当前网络一小时内预约过多，请稍后再试",
    "payment.too_many_attempts": (
        "该订单已发起 {max} 次支付，不能再次发起；如已付款请稍候刷新，否则请取消后重新预约"
    ),
}
