"""Order statuses and the order timeline."""

MESSAGES: dict[str, str] = {
    "order.status.pending_payment": "待支付",
    "order.status.pending_service": "待服务",
    "order.status.in_service": "服务中",
    "order.status.completed": "已完成",
    "order.status.reviewed": "已评价",
    "order.status.cancelled": "已取消",
    "order.status.refunded": "已退款",
    "order.illegal_transition": "订单当前状态不允许此操作",
    "order.not_found": "找不到该订单",
}
