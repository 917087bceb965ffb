"""The platform's operators: a super admin creates them, changes their sub-role, disables and
enables them; never oneself, never the last super admin; every action audited."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from salon_app.core.clock import utcnow
from salon_app.core.demo.logins import ADMIN_PHONE, DEMO_PASSWORD, SUPPORT_PHONE
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import AuditEntry, User
from salon_app.core.paging import TableQuery
from salon_app.core.services import auth, staff

NEW_PHONE = "13612345678"
SEEDED = utcnow() - timedelta(minutes=1)  # the demo city is seeded before any test runs


def _query(**kw) -> TableQuery:
    return TableQuery.of(staff.SORTABLE, default_sort="created", **kw)


def _user(session, phone: str) -> User:
    from salon_app.core import crypto

    return session.exec(
        select(User).where(User.phone_hash == crypto.lookup_hash(auth.normalize_mobile(phone)))
    ).one()


def _audits(session, action: str) -> list[AuditEntry]:
    """Entries of `action` written by the test (the demo city's own history is older)."""
    query = select(AuditEntry).where(AuditEntry.action == action, AuditEntry.at > SEEDED)
    return list(session.exec(query.order_by(AuditEntry.id)).all())


def _refused(call, key: str) -> None:
    with pytest.raises(DomainError) as err:
        call()
    assert err.value.key == key


def test_the_super_admin_sees_every_operator_masked(demo_session, admin):
    page = staff.list_operators(demo_session, admin, _query(sort="name"))
    assert page.total == 6  # the four demo logins, one more agent, a former one (disabled)
    assert sum(not r.is_active for r in page.rows) == 1
    roles = {r.admin_role for r in page.rows}
    assert roles == {"super_admin", "operations", "support", "finance"}
    me = next(r for r in page.rows if r.is_me)
    assert me.phone_masked == "138****8099" and me.admin_role == "super_admin"
    assert all("****" in r.phone_masked for r in page.rows)


def test_operators_are_found_by_name_or_whole_phone(demo_session, admin):
    by_phone = staff.list_operators(demo_session, admin, _query(search=SUPPORT_PHONE))
    assert [r.admin_role for r in by_phone.rows] == ["support"]
    name = by_phone.rows[0].display_name
    by_name = staff.list_operators(demo_session, admin, _query(search=name[:1]))
    assert name in {r.display_name for r in by_name.rows}
    assert staff.list_operators(demo_session, admin, _query(search="8097")).total == 0


def test_a_new_operator_with_a_generated_password_logs_in_with_it(demo_session, admin):
    made = staff.create_operator(demo_session, admin, NEW_PHONE, "新客服", "support")
    assert len(made.initial_password) == 12 and made.phone_masked == "136****5678"
    actor = auth.log_in(demo_session, NEW_PHONE, made.initial_password).actor
    assert (actor.role, actor.admin_role) == ("admin", "support")
    [entry] = _audits(demo_session, "operator.created")
    assert entry.actor_user_id == admin.user_id and entry.target_id == made.user_id
    assert made.initial_password not in str(entry.details)


def test_a_new_operator_with_a_set_password(demo_session, admin):
    made = staff.create_operator(demo_session, admin, NEW_PHONE, "新财务", "finance", "cash2026x")
    assert made.initial_password == ""
    assert auth.log_in(demo_session, NEW_PHONE, "cash2026x").actor.admin_role == "finance"


@pytest.mark.parametrize(
    ("phone", "name", "role", "password", "key"),
    [
        (ADMIN_PHONE, "重复", "support", "", "auth.phone_taken"),
        ("13800138001", "顾客的手机", "support", "", "auth.phone_taken"),
        ("12345", "坏手机", "support", "", "auth.phone_invalid"),
        (NEW_PHONE, "", "support", "", "auth.name_required"),
        (NEW_PHONE, "新人", "boss", "", "operators.role_unknown"),
        (NEW_PHONE, "新人", "support", "short1", "auth.password_weak"),
        (NEW_PHONE, "新人", "support", DEMO_PASSWORD, "auth.password_common"),
    ],
)
def test_a_bad_new_operator_is_refused_and_nothing_is_stored(
    demo_session, admin, phone, name, role, password, key
):
    users = demo_session.exec(select(func.count()).select_from(User)).one()
    _refused(lambda: staff.create_operator(demo_session, admin, phone, name, role, password), key)
    assert demo_session.exec(select(func.count()).select_from(User)).one() == users
    assert _audits(demo_session, "operator.created") == []


def test_a_sub_role_changes_and_takes_effect_at_once(demo_session, admin, support):
    staff.change_admin_role(demo_session, admin, support.user_id, "finance")
    assert _user(demo_session, SUPPORT_PHONE).admin_role == "finance"
    [entry] = _audits(demo_session, "operator.role_changed")
    assert entry.details == {"before": "support", "after": "finance"}
    with pytest.raises(PermissionDenied):  # the old actor object carries no stale rights
        staff.list_operators(demo_session, support, _query())


def test_the_last_super_admin_is_never_demoted_or_disabled(demo_session, admin, operations):
    _refused(
        lambda: staff.change_admin_role(demo_session, admin, admin.user_id, "support"),
        "operators.last_super_admin",
    )
    _refused(
        lambda: staff.set_operator_active(demo_session, admin, admin.user_id, False),
        "operators.not_yourself",
    )
    staff.change_admin_role(demo_session, admin, operations.user_id, "super_admin")
    staff.change_admin_role(demo_session, admin, admin.user_id, "support")  # now allowed
    second = auth.log_in(demo_session, "13800138098", DEMO_PASSWORD).actor
    _refused(
        lambda: staff.change_admin_role(demo_session, second, second.user_id, "support"),
        "operators.last_super_admin",
    )
    assert _user(demo_session, ADMIN_PHONE).admin_role == "support"


def test_disabling_ends_every_session_at_once_and_enabling_restores_the_login(demo_session, admin):
    login = auth.log_in(demo_session, SUPPORT_PHONE, DEMO_PASSWORD)
    staff.set_operator_active(demo_session, admin, login.actor.user_id, False)
    _refused(lambda: auth.resolve(demo_session, login.token), "auth.account_disabled")
    _refused(
        lambda: auth.log_in(demo_session, SUPPORT_PHONE, DEMO_PASSWORD), "auth.account_disabled"
    )
    with pytest.raises(PermissionDenied):
        staff.list_operators(demo_session, login.actor, _query())
    staff.set_operator_active(demo_session, admin, login.actor.user_id, True)
    _refused(lambda: auth.resolve(demo_session, login.token), "auth.session_expired")
    assert auth.log_in(demo_session, SUPPORT_PHONE, DEMO_PASSWORD).token
    assert [
        e.action
        for e in demo_session.exec(
            select(AuditEntry)
            .where(AuditEntry.action.like("operator.%"), AuditEntry.at > SEEDED)
            .order_by(AuditEntry.id)
        )
    ] == ["operator.disabled", "operator.enabled"]


def test_unknown_or_non_operator_targets_are_refused(demo_session, admin, customer):
    for target in (customer.user_id, 0, 10**8):
        _refused(
            lambda t=target: staff.set_operator_active(demo_session, admin, t, False),
            "operators.not_found",
        )
        _refused(
            lambda t=target: staff.change_admin_role(demo_session, admin, t, "support"),
            "operators.not_found",
        )


@pytest.mark.parametrize("who", ["operations", "support", "finance", "customer", "tech"])
def test_only_a_super_admin_manages_staff(demo_session, request, admin, who):
    actor = request.getfixturevalue(who)
    users = demo_session.exec(select(func.count()).select_from(User)).one()
    calls = [
        lambda: staff.list_operators(demo_session, actor, _query()),
        lambda: staff.create_operator(demo_session, actor, NEW_PHONE, "新人", "super_admin"),
        lambda: staff.change_admin_role(demo_session, actor, actor.user_id, "super_admin"),
        lambda: staff.set_operator_active(demo_session, actor, admin.user_id, False),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert demo_session.exec(select(func.count()).select_from(User)).one() == users
    assert _user(demo_session, ADMIN_PHONE).is_active


def test_nobody_logged_in_is_asked_to_log_in(demo_session):
    _refused(lambda: staff.list_operators(demo_session, None, _query()), "auth.login_required")


def test_two_super_admins_disabling_each_other_at_once_leave_one(demo_engine):
    with Session(demo_engine) as s:
        first = auth.log_in(s, ADMIN_PHONE, DEMO_PASSWORD).actor
        other = staff.create_operator(s, first, NEW_PHONE, "第二位", "super_admin", "boss2026x")
        second = auth.log_in(s, NEW_PHONE, "boss2026x").actor
    barrier, outcomes = threading.Barrier(2), []

    def disable(actor, target: int) -> None:
        with Session(demo_engine) as s:
            barrier.wait()
            try:
                staff.set_operator_active(s, actor, target, False)
                outcomes.append("done")
            except DomainError as err:
                outcomes.append(err.key)

    threads = [
        threading.Thread(target=disable, args=(first, other.user_id)),
        threading.Thread(target=disable, args=(second, first.user_id)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with Session(demo_engine) as s:
        left = s.exec(
            select(func.count(User.id)).where(
                User.admin_role == "super_admin", User.is_active.is_(True)
            )
        ).one()
    assert left == 1
    assert sorted(outcomes) in (
        sorted(["done", "auth.forbidden"]),
        sorted(["done", "operators.last_super_admin"]),
    )
