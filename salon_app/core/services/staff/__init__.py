"""The platform's own staff: creating operators (and the first admin from the command line),
changing their sub-role, disabling them; never the last super admin or oneself.

operators.py holds the super admin's page services, rules.py the last-super-admin rule and its
lock, first_admin.py the console's account.
"""

from salon_app.core.services.staff.first_admin import create_admin_from_console
from salon_app.core.services.staff.operators import (
    SORTABLE,
    NewOperator,
    OperatorRow,
    change_admin_role,
    create_operator,
    list_operators,
    set_operator_active,
)
from salon_app.core.services.staff.rules import is_last_super_admin, lock_super_admins

__all__ = [
    "SORTABLE",
    "NewOperator",
    "OperatorRow",
    "change_admin_role",
    "create_admin_from_console",
    "create_operator",
    "is_last_super_admin",
    "list_operators",
    "lock_super_admins",
    "set_operator_active",
]
