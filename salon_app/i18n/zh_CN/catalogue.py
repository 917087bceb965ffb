"""The customer home and the service catalogue."""

MESSAGES: dict[str, str] = {
    "home.categories": "服务分类",
    "home.hot": "热门推荐",
    "home.new": "新上线",
    "home.open_a_shop": "开店入驻：成为平台商家",
    "home.hot_sold": "近 30 天 {count} 单",
    "home.published": "{date} 上线",
    "home.services_in_category": "{count} 项服务",
    "catalogue.service_not_found": "找不到该服务项目",
    "catalogue.category_not_found": "找不到该服务分类",
    "technician.not_found": "找不到该技师",
}
