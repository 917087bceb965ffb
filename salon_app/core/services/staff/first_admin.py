"""The first admin of a fresh install, created from the command line (python -m salon_app admin
create): there is nobody yet to create them through a page.

Rules: the account is a super admin (the first one, or a new one when every super admin is
locked out: whoever runs the command on the server already controls it); its phone must not
have an account; its password passes validate_password; an audit entry records it (no actor:
it was the server's console) with whether it was the first admin.
"""

from __future__ import annotations

from sqlmodel import Session, select

from salon_app.core.models import AdminRole, Role, User
from salon_app.core.services import audit
from salon_app.core.services.auth import open_account


def create_admin_from_console(
    session: Session, phone: str, password: str, display_name: str
) -> tuple[int, bool]:
    """(user id, whether it is the first admin); DomainError for a phone that has an account
    (auth.phone_taken), a bad phone, a weak password or a missing name."""
    first = session.exec(select(User.id).where(User.role == Role.admin)).first() is None

    def grant(user: User) -> None:
        user.admin_role = AdminRole.super_admin
        session.flush()
        audit.record(session, None, "operator.created_from_console", "user", user.id, first=first)

    actor = open_account(session, phone, password, display_name, Role.admin, grant)
    return actor.user_id, first
