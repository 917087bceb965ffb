"""The platform staff's sub-roles: each a named set of rights, checked against the database."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from salon_app.core.errors import PermissionDenied
from salon_app.core.models import AdminRole, User
from salon_app.core.services.admin_roles import PERMISSIONS, Permission, may, require_admin


def test_only_finance_issues_manual_refunds():
    holders = {role for role, rights in PERMISSIONS.items() if Permission.issue_refunds in rights}
    assert holders == {AdminRole.finance}


def test_only_the_super_admin_manages_staff():
    holders = {role for role, rights in PERMISSIONS.items() if Permission.manage_staff in rights}
    assert holders == {AdminRole.super_admin}


def test_support_cannot_reach_finance_or_the_catalogue():
    for permission in (Permission.view_settlement, Permission.issue_refunds):
        assert not may(AdminRole.support, permission)
    assert not may(AdminRole.support, Permission.manage_catalogue)
    assert may(AdminRole.support, Permission.handle_complaints)


def test_no_sub_role_means_no_rights():
    assert not any(may(None, p) for p in Permission)
    assert not any(may("root", p) for p in Permission)


@pytest.mark.parametrize("permission", list(Permission))
def test_require_admin_follows_the_table(demo_session: Session, support, permission):
    if may(AdminRole.support, permission):
        assert require_admin(demo_session, support, permission) == support
    else:
        with pytest.raises(PermissionDenied):
            require_admin(demo_session, support, permission)


def test_a_changed_sub_role_counts_at_once(demo_session: Session, support):
    require_admin(demo_session, support, Permission.handle_complaints)
    user = demo_session.get(User, support.user_id)
    user.admin_role = AdminRole.finance
    demo_session.commit()
    with pytest.raises(PermissionDenied):
        require_admin(demo_session, support, Permission.handle_complaints)


def test_a_disabled_operator_has_no_rights(demo_session: Session, admin):
    user = demo_session.get(User, admin.user_id)
    user.is_active = False
    demo_session.commit()
    with pytest.raises(PermissionDenied):
        require_admin(demo_session, admin, Permission.view_overview)


def test_other_roles_are_refused(demo_session: Session, customer, tech):
    for actor in (customer, tech, None):
        with pytest.raises(PermissionDenied):
            require_admin(demo_session, actor, Permission.view_overview)
