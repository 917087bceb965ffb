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
}
