"""The demo accounts, one per role, all with one password (README and browser tests use them)."""

from __future__ import annotations

DEMO_PASSWORD = "demo1234"

CUSTOMER_PHONE = "13800138001"  # 林小美
TECHNICIAN_PHONE = "13800138011"  # a hairdresser in the first shop
MERCHANT_PHONE = "13800138021"  # owner of the first shop
ADMIN_PHONE = "13800138099"  # 平台管理员 (super admin)
# The platform's other staff sub-roles (services/admin_roles.py)
OPERATIONS_PHONE = "13800138098"  # 运营
SUPPORT_PHONE = "13800138097"  # 客服
FINANCE_PHONE = "13800138096"  # 财务

DEMO_LOGINS: list[tuple[str, str]] = [
    ("customer", CUSTOMER_PHONE),
    ("technician", TECHNICIAN_PHONE),
    ("merchant", MERCHANT_PHONE),
    ("admin", ADMIN_PHONE),
    ("operations", OPERATIONS_PHONE),
    ("support", SUPPORT_PHONE),
    ("finance", FINANCE_PHONE),
]
