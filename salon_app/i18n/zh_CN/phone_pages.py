"""Words only assistive technology and search engines read: page descriptions (meta
description), names of icon-only buttons and of fields without a visible label."""

MESSAGES: dict[str, str] = {
    "meta.home": "悦约到家：美发、美容、美甲、家政，上门或到店。在线选技师、约时间、付款和评价。",
    "meta.service": "服务详情：价格、时长、服务流程和用户评价，选一位附近的技师预约上门或到店。",
    "meta.technician": "技师主页：资历、作品、评价和价格，挑一个空闲时间直接预约。",
    "meta.order": "我的订单：服务进度、技师位置、付款、评价和售后。",
    "search.submit": "搜索",
    "filter.available_on": "可预约日期",
}
