"""Operators find users and act on their accounts: phone through the look-up hash, refusals,
sessions ended at once, and an audit entry for every action."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, func, select

from salon_app.core import crypto
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import ADMIN_PHONE, CUSTOMER_PHONE, SUPPORT_PHONE
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import AdminRole, AuditEntry, AuthSession, Role, User
from salon_app.core.paging import TableQuery
from salon_app.core.services import auth, users
from salon_app.core.services.access import Actor
from tests.support.journeys import sign_up

NEW_PHONE = "17600000042"


def _user_id(session: Session, phone: str) -> int:
    digest = crypto.lookup_hash(auth.normalize_mobile(phone))
    return session.exec(select(User.id).where(User.phone_hash == digest)).one()


def _audit(session: Session, action: str, user_id: int) -> list[AuditEntry]:
    """The entries of `action` about this user (the demo city has a staff trail of its own)."""
    return session.exec(
        select(AuditEntry)
        .where(AuditEntry.action == action, AuditEntry.target_id == user_id)
        .order_by(AuditEntry.id)
    ).all()


@pytest.fixture
def newcomer(demo_session: Session) -> Actor:
    return sign_up(demo_session, NEW_PHONE, "hello2026", "新来的顾客")


# ---- search ---------------------------------------------------------------------------------


def test_support_finds_a_customer_by_phone_with_the_phone_masked(demo_session, support):
    page = users.search_users(
        demo_session, support, users.UserFilters(phone=CUSTOMER_PHONE), users.user_query()
    )
    assert page.total == 1
    [row] = page.rows
    assert row.id == _user_id(demo_session, CUSTOMER_PHONE)
    assert row.phone_masked == "138****8001"
    assert row.role == Role.customer


def test_phone_search_goes_through_the_hash_not_a_scan(demo_session, support, monkeypatch):
    decrypted: list[str] = []
    real = crypto.decrypt
    monkeypatch.setattr(crypto, "decrypt", lambda v: decrypted.append(v) or real(v))
    page = users.search_users(
        demo_session, support, users.UserFilters(phone="+86 138-0013-8001"), users.user_query()
    )
    assert page.total == 1
    assert len(decrypted) == 1  # the one row found, shown masked; nobody else was read


@pytest.mark.parametrize("phone", ["1380013", "12345678901", "abc", "138001380011"])
def test_a_malformed_phone_is_refused(demo_session, support, phone):
    with pytest.raises(DomainError) as err:
        users.search_users(
            demo_session, support, users.UserFilters(phone=phone), users.user_query()
        )
    assert err.value.key == "auth.phone_invalid"


def test_a_valid_unknown_phone_finds_nobody(demo_session, support):
    page = users.search_users(
        demo_session, support, users.UserFilters(phone="17699998888"), users.user_query()
    )
    assert (page.total, page.rows) == (0, [])


def test_name_search_is_a_substring(demo_session, support, newcomer):
    page = users.search_users(
        demo_session, support, users.UserFilters(name="来的"), users.user_query()
    )
    assert [r.display_name for r in page.rows] == ["新来的顾客"]


def test_role_and_status_filters(demo_session, support, admin, newcomer):
    operators = users.search_users(
        demo_session, support, users.UserFilters(role="admin"), users.user_query()
    )
    everyone = demo_session.exec(select(User.id).where(User.role == "admin")).all()
    assert operators.total == len(everyone) >= 4
    assert {r.admin_role for r in operators.rows} == set(AdminRole)
    before = users.search_users(
        demo_session, support, users.UserFilters(status="disabled"), users.user_query()
    )
    users.disable_user(demo_session, support, newcomer.user_id, "刷单")
    disabled = users.search_users(
        demo_session, support, users.UserFilters(status="disabled"), users.user_query()
    )
    assert disabled.total == before.total + 1
    assert disabled.rows[0].id == newcomer.user_id  # the newest account first
    assert not any(r.is_active for r in disabled.rows)
    assert all(r.is_active for r in users.search_users(
        demo_session, support, users.UserFilters(status="active"), users.user_query()
    ).rows)  # fmt: skip


@pytest.mark.parametrize(
    ("filters", "key"),
    [
        (users.UserFilters(role="root"), "users.unknown_role"),
        (users.UserFilters(status="gone"), "users.unknown_status"),
        (users.UserFilters(name="名" * 21), "validation.too_long"),
    ],
)
def test_bad_filters_are_refused(demo_session, support, filters, key):
    with pytest.raises(DomainError) as err:
        users.search_users(demo_session, support, filters, users.user_query())
    assert err.value.key == key


def test_pages_cover_every_customer_once_in_the_asked_order(demo_session, support):
    customers = demo_session.exec(
        select(func.count(User.id)).where(User.role == Role.customer)
    ).one()
    seen: list[int] = []
    names: list[str] = []
    page_number = 1
    while True:
        query = TableQuery.of(
            users.USER_SORTS, sort="name", page=page_number, page_size=10, default_sort="name"
        )
        page = users.search_users(demo_session, support, users.UserFilters(role="customer"), query)
        assert page.total == customers
        seen += [r.id for r in page.rows]
        names += [r.display_name for r in page.rows]
        if page_number >= page.pages:
            break
        page_number += 1
    assert len(seen) == len(set(seen)) == customers
    assert names == sorted(names)


def test_default_order_is_newest_account_first(demo_session, support, newcomer):
    page = users.search_users(demo_session, support, users.UserFilters(), users.user_query())
    assert page.rows[0].id == newcomer.user_id


# ---- refusals: one per service and permission -------------------------------------------------


def test_people_who_are_not_operators_cannot_search_users(demo_session, customer, tech):
    for actor in (customer, tech, None):
        with pytest.raises(PermissionDenied):
            users.search_users(demo_session, actor, users.UserFilters(), users.user_query())


def test_a_customer_cannot_open_a_user(demo_session, customer):
    with pytest.raises(PermissionDenied):
        users.user_detail(demo_session, customer, customer.user_id)


@pytest.mark.parametrize(
    "act",
    [
        lambda s, a, uid: users.edit_user(s, a, uid, "新名字"),
        lambda s, a, uid: users.disable_user(s, a, uid, "原因"),
        lambda s, a, uid: users.enable_user(s, a, uid, "原因"),
        lambda s, a, uid: users.reset_password(s, a, uid),
        lambda s, a, uid: users.reveal_phone(s, a, uid),
    ],
    ids=["edit", "disable", "enable", "reset", "reveal"],
)
def test_finance_views_users_but_cannot_act_on_them(demo_session, finance, newcomer, act):
    before = demo_session.exec(select(func.count(AuditEntry.id))).one()
    with pytest.raises(PermissionDenied):
        act(demo_session, finance, newcomer.user_id)
    demo_session.rollback()
    user = demo_session.get(User, newcomer.user_id)
    assert (user.is_active, user.display_name) == (True, "新来的顾客")
    assert demo_session.exec(select(func.count(AuditEntry.id))).one() == before


def test_finance_can_see_a_user(demo_session, finance, newcomer):
    detail = users.user_detail(demo_session, finance, newcomer.user_id)
    assert detail.display_name == "新来的顾客"


@pytest.mark.parametrize("user_id", [0, -1, 10**8, "1", True, None, 1.0])
def test_an_unknown_user_id_is_refused(demo_session, support, user_id):
    for call in (
        lambda: users.user_detail(demo_session, support, user_id),
        lambda: users.disable_user(demo_session, support, user_id, "原因"),
        lambda: users.reveal_phone(demo_session, support, user_id),
    ):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.key == "users.not_found"


# ---- disable / enable ---------------------------------------------------------------------


def test_disabling_ends_every_login_at_once_and_is_audited(demo_session, support, newcomer):
    tokens = [auth.log_in(demo_session, NEW_PHONE, "hello2026").token for _ in range(2)]
    assert users.disable_user(demo_session, support, newcomer.user_id, "  盗号风险 ") == 2
    for token in tokens:
        with pytest.raises(DomainError) as err:
            auth.resolve(demo_session, token)
        assert err.value.key == "auth.account_disabled"
    with pytest.raises(DomainError) as err:
        auth.log_in(demo_session, NEW_PHONE, "hello2026")
    assert err.value.key == "auth.account_disabled"
    open_logins = demo_session.exec(
        select(func.count(AuthSession.id)).where(
            AuthSession.user_id == newcomer.user_id, col(AuthSession.revoked_at).is_(None)
        )
    ).one()
    assert open_logins == 0
    [entry] = _audit(demo_session, "user.disabled", newcomer.user_id)
    assert (entry.actor_user_id, entry.target_type, entry.target_id) == (
        support.user_id,
        "user",
        newcomer.user_id,
    )
    assert entry.details == {"reason": "盗号风险", "sessions_ended": 2}


def test_enabling_lets_the_user_log_in_again_but_no_old_login_returns(
    demo_session, support, newcomer
):
    old = auth.log_in(demo_session, NEW_PHONE, "hello2026").token
    users.disable_user(demo_session, support, newcomer.user_id, "核实身份")
    users.enable_user(demo_session, support, newcomer.user_id, "已核实")
    assert auth.log_in(demo_session, NEW_PHONE, "hello2026").actor.user_id == newcomer.user_id
    with pytest.raises(DomainError) as err:
        auth.resolve(demo_session, old)
    assert err.value.key == "auth.session_expired"
    assert [e.details for e in _audit(demo_session, "user.enabled", newcomer.user_id)] == [
        {"reason": "已核实"}
    ]


@pytest.mark.parametrize("reason", ["", "   ", None, "长" * 201])
def test_disabling_without_a_sane_reason_changes_nothing(demo_session, support, newcomer, reason):
    with pytest.raises(DomainError) as err:
        users.disable_user(demo_session, support, newcomer.user_id, reason)
    assert err.value.key in {"users.reason_required", "validation.too_long"}
    demo_session.rollback()
    assert demo_session.get(User, newcomer.user_id).is_active
    assert _audit(demo_session, "user.disabled", newcomer.user_id) == []


def test_nobody_disables_themselves(demo_session, admin):
    with pytest.raises(DomainError) as err:
        users.disable_user(demo_session, admin, admin.user_id, "试试")
    assert err.value.key == "users.cannot_disable_self"
    demo_session.rollback()
    assert demo_session.get(User, admin.user_id).is_active


def test_support_cannot_disable_an_operator(demo_session, support, admin):
    with pytest.raises(DomainError) as err:
        users.disable_user(demo_session, support, admin.user_id, "越权")
    assert err.value.key == "users.operator_needs_staff_right"


def test_the_super_admin_disables_an_operator_who_is_logged_out_at_once(
    demo_session, admin, support
):
    token = auth.log_in(demo_session, SUPPORT_PHONE, DEMO_PASSWORD).token
    users.disable_user(demo_session, admin, support.user_id, "离职")
    with pytest.raises(DomainError):
        auth.resolve(demo_session, token)


def test_the_last_active_super_admin_is_never_disabled(demo_session, admin):
    only = demo_session.get(User, admin.user_id)
    with pytest.raises(DomainError) as err:
        users.keeps_a_super_admin(demo_session, only)
    assert err.value.key == "users.last_super_admin"
    second = sign_up(demo_session, "17600000043", "hello2026", "第二位管理员")
    row = demo_session.get(User, second.user_id)
    row.role, row.admin_role = Role.admin, AdminRole.super_admin
    demo_session.commit()
    users.keeps_a_super_admin(demo_session, only)  # another one is left: allowed
    row.is_active = False
    demo_session.commit()
    with pytest.raises(DomainError):
        users.keeps_a_super_admin(demo_session, only)


def test_disabling_twice_says_so(demo_session, support, newcomer):
    users.disable_user(demo_session, support, newcomer.user_id, "原因")
    with pytest.raises(DomainError) as err:
        users.disable_user(demo_session, support, newcomer.user_id, "原因")
    assert err.value.key == "users.already_disabled"
    with pytest.raises(DomainError) as err:
        users.enable_user(demo_session, support, _user_id(demo_session, CUSTOMER_PHONE), "原因")
    assert err.value.key == "users.already_active"


# ---- reveal, edit, reset --------------------------------------------------------------------


def test_revealing_a_phone_is_audited(demo_session, support):
    customer_id = _user_id(demo_session, CUSTOMER_PHONE)
    assert users.reveal_phone(demo_session, support, customer_id) == CUSTOMER_PHONE
    [entry] = _audit(demo_session, "user.phone_revealed", customer_id)
    assert (entry.actor_user_id, entry.target_id) == (support.user_id, customer_id)


def test_editing_the_name_is_audited_and_the_role_stays(demo_session, operations, newcomer):
    users.edit_user(demo_session, operations, newcomer.user_id, " 改名了 ")
    user = demo_session.get(User, newcomer.user_id)
    assert (user.display_name, user.role) == ("改名了", Role.customer)
    [entry] = _audit(demo_session, "user.edited", newcomer.user_id)
    assert entry.details == {"before": "新来的顾客", "after": "改名了"}
    users.edit_user(demo_session, operations, newcomer.user_id, "改名了")  # unchanged: no entry
    assert len(_audit(demo_session, "user.edited", newcomer.user_id)) == 1


@pytest.mark.parametrize(
    ("name", "key"), [("", "auth.name_required"), ("名" * 21, "validation.too_long")]
)
def test_a_bad_name_changes_nothing(demo_session, support, newcomer, name, key):
    with pytest.raises(DomainError) as err:
        users.edit_user(demo_session, support, newcomer.user_id, name)
    assert err.value.key == key
    demo_session.rollback()
    assert demo_session.get(User, newcomer.user_id).display_name == "新来的顾客"


def test_a_reset_password_is_temporary_shown_once_and_ends_logins(demo_session, support, newcomer):
    token = auth.log_in(demo_session, NEW_PHONE, "hello2026").token
    temporary = users.reset_password(demo_session, support, newcomer.user_id)
    assert len(temporary) == 10
    auth.login.validate_password(temporary)  # meets the password rule
    with pytest.raises(DomainError):
        auth.resolve(demo_session, token)
    with pytest.raises(DomainError) as err:
        auth.log_in(demo_session, NEW_PHONE, "hello2026")
    assert err.value.key == "auth.bad_credentials"
    login = auth.log_in(demo_session, NEW_PHONE, temporary)
    assert login.actor.user_id == newcomer.user_id
    assert login.must_change_password  # the login page sends them to change it first
    [entry] = _audit(demo_session, "user.password_reset", newcomer.user_id)
    assert temporary not in str(entry.details)
    assert entry.details == {"sessions_ended": 1}
    auth.change_password(demo_session, login.actor, login.token, temporary, "mine2026x")
    again = auth.log_in(demo_session, NEW_PHONE, "mine2026x")
    assert not again.must_change_password
    assert not demo_session.get(User, newcomer.user_id).must_change_password


def test_nobody_resets_their_own_password_here(demo_session, admin):
    with pytest.raises(DomainError) as err:
        users.reset_password(demo_session, admin, admin.user_id)
    assert err.value.key == "users.cannot_reset_self"


# ---- one user's page ----------------------------------------------------------------------


def test_a_customer_page_shows_orders_payments_and_logins(demo_session, support):
    customer_id = _user_id(demo_session, CUSTOMER_PHONE)
    auth.log_in(demo_session, CUSTOMER_PHONE, DEMO_PASSWORD)
    detail = users.user_detail(demo_session, support, customer_id)
    assert detail.phone_masked == "138****8001"
    assert CUSTOMER_PHONE not in str(detail)
    assert detail.orders_total >= len(detail.orders) > 0
    assert detail.money_total >= len(detail.money) > 0
    assert {m.kind for m in detail.money} <= {"payment", "refund"}
    starts = [o.starts_at for o in detail.orders]
    assert starts == sorted(starts, reverse=True)
    assert detail.logins_open >= 1 and detail.logins_total >= detail.logins_open
    assert all(o.services for o in detail.orders)


def test_the_history_lists_what_operators_did(demo_session, support, newcomer):
    users.reveal_phone(demo_session, support, newcomer.user_id)
    users.disable_user(demo_session, support, newcomer.user_id, "投诉过多")
    detail = users.user_detail(demo_session, support, newcomer.user_id)
    assert not detail.is_active
    assert [h.action for h in detail.history] == ["user.disabled", "user.phone_revealed"]
    assert detail.history[0].actor_name == support.display_name


def test_the_admin_phone_is_never_in_the_table(demo_session, admin):
    page = users.search_users(
        demo_session, admin, users.UserFilters(phone=ADMIN_PHONE), users.user_query()
    )
    assert ADMIN_PHONE not in str(page.rows)
