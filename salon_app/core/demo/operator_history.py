"""The platform staff's recent work in the demo city, so the user pages and the audit log show
a realistic trail: a phone revealed for a call-back, a name corrected, a customer disabled
after repeated no-shows (still disabled), another disabled and enabled again once verified.

Written as the services would have written it (services/users/accounts.py), in the seed's one
transaction; nothing random.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from salon_app.core.demo.residents import DemoCustomer
from salon_app.core.models import AdminRole, AuditEntry, User

DISABLED_REASON = "多次预约后爽约，经核实后停用"


def add_operator_history(session: Session, customers: list[DemoCustomer], now: datetime) -> None:
    staff = dict(session.exec(select(User.admin_role, User.id).where(User.role == "admin")).all())
    support, operations = staff[AdminRole.support], staff[AdminRole.operations]
    called, renamed, held, disabled = (c.user for c in customers[3:4] + customers[5:6]
                                       + customers[-2:])  # fmt: skip

    def entry(days_ago: float, actor: int, action: str, user: User, **details: object) -> None:
        session.add(
            AuditEntry(
                actor_user_id=actor,
                action=action,
                target_type="user",
                target_id=user.id,
                details=details,
                at=now - timedelta(days=days_ago),
            )
        )

    entry(20, support, "user.disabled", held, reason="账号疑似被盗，临时停用", sessions_ended=1)
    entry(18.5, support, "user.enabled", held, reason="已电话核实本人，恢复使用")
    entry(6, support, "user.phone_revealed", called)
    entry(4, operations, "user.edited", renamed, before=renamed.display_name,
          after=renamed.display_name + "（企业）")  # fmt: skip
    renamed.display_name += "（企业）"
    entry(3, support, "user.disabled", disabled, reason=DISABLED_REASON, sessions_ended=0)
    disabled.is_active = False
