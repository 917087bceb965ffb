"""The shop dashboard."""

MESSAGES: dict[str, str] = {
    "merchant.title": "店铺概览",
    "merchant.technicians": "在店技师",
    "merchant.pending_applications": "待审核入驻申请",
    "merchant.orders_30d": "近 30 天订单",
    "merchant.revenue_30d": "近 30 天流水",
    "merchant.rating": "店铺评分",
    "merchant.role": "商家端",
    # The sidebar (merchant/nav.py)
    "merchant.nav.home": "店铺概览",
    "merchant.nav.shop": "店铺信息",
    "merchant.nav.staff": "员工管理",
    "merchant.nav.technicians": "技师与入驻",
    "merchant.nav.rota": "排班",
    "merchant.nav.live": "实时地图",
    "merchant.nav.stats": "数据统计",
    "merchant.nav.incentives": "激励",
    "merchant.nav.announcements": "店铺公告",
    "merchant.nav.reviews": "评价回复",
    "merchant.nav.complaints": "投诉售后",
}
