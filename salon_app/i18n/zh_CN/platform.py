"""The platform operator dashboard."""

MESSAGES: dict[str, str] = {
    "admin.title": "平台概览",
    "admin.users": "用户",
    "admin.merchants": "商家",
    "admin.technicians": "技师",
    "admin.orders": "订单",
    "admin.role_customer": "用户",
    "admin.role_technician": "技师",
    "admin.role_merchant": "商家",
    "admin.role_admin": "管理员",
    "admin.dispatch": "订单调度",
    "admin.dispatch_waiting": "待调度订单",
    "admin.dispatch_none": "没有待调度的订单",
    "admin.dispatch_state.offering": "派单中",
    "admin.dispatch_state.manual": "需人工派单",
    "admin.dispatch_state.accepted": "已接单",
    "admin.candidates": "候选技师及评分",
    "admin.assign": "指派",
    "admin.assign_to": "技师编号",
    "admin.assigned": "已指派，已写入审计日志",
    "admin.why": "距离 {distance_km} km · 距离分 {distance} · 评分 {rating} · 技能 {skill} · 负载 {load}",
}
