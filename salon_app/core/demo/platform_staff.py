"""The platform's staff beyond the four demo logins: an extra support agent and a former one
(disabled), and recent logins, so /admin/staff shows a team with a history. No random draw:
the rest of the city is unchanged. (No audit entries: the demo city starts with an empty log.)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from salon_app.core import crypto
from salon_app.core.models import AdminRole, Role, User
from salon_app.core.services.auth import normalize_mobile

# (phone, name, sub-role, active, days since created)
MORE_OPERATORS = [
    ("13800138089", "客服小周", AdminRole.support, True, 40),
    ("13800138088", "前客服小吴", AdminRole.support, False, 300),
]
# last logins of the demo operators, hours ago
LAST_LOGIN_HOURS = {AdminRole.operations: 3, AdminRole.support: 1, AdminRole.finance: 26}


def add_platform_staff(session: Session, now: datetime, password_hash: str) -> None:
    demo_logins = session.exec(select(User).where(User.role == Role.admin).order_by(User.id)).all()
    for user in demo_logins:
        hours = LAST_LOGIN_HOURS.get(user.admin_role)
        if hours is not None:
            user.last_login_at = now - timedelta(hours=hours)
    for phone, name, role, active, age in MORE_OPERATORS:
        e164 = normalize_mobile(phone)
        created = now - timedelta(days=age)
        user = User(
            phone=e164,
            phone_hash=crypto.lookup_hash(e164),
            password_hash=password_hash,
            display_name=name,
            role=Role.admin,
            admin_role=role,
            is_active=active,
            created_at=created,
            last_login_at=created + timedelta(days=age // 2),
        )
        session.add(user)
