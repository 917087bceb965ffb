"""The shop dashboard."""

MESSAGES: dict[str, str] = {
    "merchant.title": "店铺概览",
    "merchant.technicians": "在店技师",
    "merchant.pending_applications": "待审核入驻申请",
    "merchant.orders_30d": "近 30 天订单",
    "merchant.revenue_30d": "近 30 天流水",
    "merchant.rating": "店铺评分",
}
