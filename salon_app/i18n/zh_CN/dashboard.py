"""The dashboard frame and its tables, charts and date ranges (shop and platform)."""

MESSAGES: dict[str, str] = {
    "nav.menu": "菜单",
    "table.search": "搜索",
    "table.actions": "操作",
    "table.summary": "共 {total} 条 · 第 {page}/{pages} 页",
    "table.previous": "上一页",
    "table.next": "下一页",
    "range.from": "开始日期",
    "range.to": "结束日期",
    "range.apply": "查询",
    "range.last_7": "近 7 天",
    "range.last_30": "近 30 天",
    "range.last_90": "近 90 天",
    "chart.no_data": "所选时间内没有数据",
    "export.xlsx": "导出 Excel",
}
