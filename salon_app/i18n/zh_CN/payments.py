"""Payments and refunds: errors, statuses and the notifications they send."""

MESSAGES: dict[str, str] = {
    "payment.provider.wechat": "微信支付",
    "payment.provider.alipay": "支付宝",
    "payment.provider.card": "银行卡",
    "payment.unknown_provider": "不支持该支付方式",
    "payment.not_pending": "订单当前不是待支付状态，无需支付",
    "payment.hold_expired": "订单已超过支付时限，请重新预约",
    "payment.provider_unavailable": "支付服务暂时不可用，请稍后再试",
    "refund.status.requested": "退款申请中",
    "refund.status.processing": "退款处理中",
    "refund.status.succeeded": "已退款",
    "refund.status.failed": "退款失败",
    "refund.invalid_amount": "退款金额必须是大于 0 的金额",
    "refund.invalid_sequence": "退款请求编号无效，请刷新页面后重试",
    "refund.exceeds_paid": "退款金额超过可退金额（最多可退 ¥{refundable}）",
    "refund.key_reused": "该退款请求已提交过且金额不同，请刷新页面后重试",
    "refund.not_paid": "订单尚未支付，无需退款",
    "notify.order_paid_customer": (
        "订单 {code} 支付成功：{time} {technician} 为您服务，门店电话 {phone}"
    ),
    "notify.order_paid_customer_independent": (
        "订单 {code} 支付成功：{time} {technician} 为您服务，联系电话见订单详情"
    ),
    "notify.order_paid_customer_unassigned": "订单 {code} 支付成功：{time}，平台正在为您安排技师",
    "notify.payment_refunding": "订单 {code} 已取消或已支付过，您刚支付的 ¥{amount} 将原路退回",
    "notify.refund_succeeded": "订单 {code} 的退款 ¥{amount} 已原路退回",
}
