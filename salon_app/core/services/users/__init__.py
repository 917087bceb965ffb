"""User management for operators, and reading the audit log.

search.py        finding users: phone through the look-up hash, name, role, status (UserFilters)
profile.py       one user: profile, orders, payments and refunds, complaints, logins, history
accounts.py      reveal the full phone (audited), edit, disable/enable, reset the password,
                 and the rules of who may act on whom (not oneself, not the last super admin)
audit_log.py     the audit log's search (actor, action prefix, target, local days) and paging
audit_export.py  audit entries in words (catalogue names where known) and their xlsx export
Writing audit entries is services/audit.py's `record`, used by every admin action.
"""

from salon_app.core.services.users.accounts import (
    NAME_MAX,
    REASON_MAX,
    disable_user,
    edit_user,
    enable_user,
    keeps_a_super_admin,
    reset_password,
    reveal_phone,
)
from salon_app.core.services.users.audit_export import (
    action_label,
    details_text,
    export_audit_xlsx,
    target_text,
    workbook_bytes,
)
from salon_app.core.services.users.audit_log import (
    AUDIT_SORTS,
    AuditFilters,
    AuditRow,
    audit_query,
    audit_rows_for_export,
    search_audit,
)
from salon_app.core.services.users.profile import (
    AccountEvent,
    UserComplaint,
    UserDetail,
    UserMoney,
    UserOrder,
    user_detail,
)
from salon_app.core.services.users.search import (
    STATUSES,
    USER_SORTS,
    UserFilters,
    UserRow,
    search_users,
    user_query,
)

__all__ = [
    "AUDIT_SORTS",
    "NAME_MAX",
    "REASON_MAX",
    "STATUSES",
    "USER_SORTS",
    "AccountEvent",
    "AuditFilters",
    "AuditRow",
    "UserComplaint",
    "UserDetail",
    "UserFilters",
    "UserMoney",
    "UserOrder",
    "UserRow",
    "action_label",
    "audit_query",
    "audit_rows_for_export",
    "details_text",
    "disable_user",
    "edit_user",
    "enable_user",
    "export_audit_xlsx",
    "keeps_a_super_admin",
    "reset_password",
    "reveal_phone",
    "search_audit",
    "search_users",
    "target_text",
    "user_detail",
    "user_query",
    "workbook_bytes",
]
