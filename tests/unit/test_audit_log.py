"""The audit page's search: actor by phone or name, action prefix, target, local days, paging;
action names and details in words; the xlsx export of the filtered rows."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from salon_app.core import crypto
from salon_app.core.clock import local_today
from salon_app.core.demo.logins import CUSTOMER_PHONE, SUPPORT_PHONE
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import User
from salon_app.core.paging import TableQuery
from salon_app.core.services import audit, auth, users
from salon_app.i18n import t


def _customer_id(session: Session) -> int:
    digest = crypto.lookup_hash(auth.normalize_mobile(CUSTOMER_PHONE))
    return session.exec(select(User.id).where(User.phone_hash == digest)).one()


@pytest.fixture
def logged(demo_session: Session, support, admin) -> int:
    """Support reveals the demo customer's phone and edits their name; the super admin
    records an unrelated action; returns the customer's id."""
    customer_id = _customer_id(demo_session)
    users.reveal_phone(demo_session, support, customer_id)
    users.edit_user(demo_session, support, customer_id, "林小美（VIP）")
    audit.record(demo_session, admin, "dispatch.assign", "order", 7, previous=1, technician=2)
    audit.record(demo_session, None, "future.thing", "order", 8, note="新动作")
    demo_session.commit()
    return customer_id


def _search(session, who, **filters) -> list[users.AuditRow]:
    """Today's entries unless told otherwise (the demo city's staff trail is days old)."""
    if "first_day" not in filters and "last_day" not in filters:
        filters["first_day"] = filters["last_day"] = local_today()
    return users.search_audit(session, who, users.AuditFilters(**filters), users.audit_query()).rows


def test_newest_first_by_default(demo_session, finance, logged):
    rows = _search(demo_session, finance)
    assert [r.action for r in rows[:4]] == [
        "future.thing",
        "dispatch.assign",
        "user.edited",
        "user.phone_revealed",
    ]


def test_action_prefix(demo_session, finance, logged):
    assert {r.action for r in _search(demo_session, finance, action="user.")} == {
        "user.edited",
        "user.phone_revealed",
    }
    assert [r.action for r in _search(demo_session, finance, action="user.phone")] == [
        "user.phone_revealed"
    ]
    assert _search(demo_session, finance, action="user_") == []  # _ is no wildcard


def test_actor_by_phone_or_name(demo_session, finance, support, logged):
    by_phone = _search(demo_session, finance, actor=SUPPORT_PHONE)
    assert {r.actor_user_id for r in by_phone} == {support.user_id}
    assert len(by_phone) == 2
    by_name = _search(demo_session, finance, actor=support.display_name[1:])
    assert {r.actor_name for r in by_name} == {support.display_name}
    with pytest.raises(DomainError) as err:
        _search(demo_session, finance, actor="1380013")
    assert err.value.key == "auth.phone_invalid"


def test_target_type_and_id(demo_session, finance, logged):
    rows = _search(demo_session, finance, target_type="user", target_id=logged)
    assert {r.action for r in rows} == {"user.edited", "user.phone_revealed"}
    assert _search(demo_session, finance, target_type="user", target_id=logged + 10_000) == []


def test_local_days(demo_session, finance, logged):
    today = local_today()
    todays = _search(demo_session, finance, first_day=today, last_day=today)
    assert len(todays) >= 4
    yesterday = today - timedelta(days=1)
    before = _search(
        demo_session, finance, first_day=yesterday - timedelta(days=5), last_day=yesterday
    )
    assert "user.disabled" in {r.action for r in before}  # the demo's, three days ago
    assert not {r.id for r in before} & {r.id for r in todays}
    assert all(r.target_id != logged for r in before if r.target_type == "user")


@pytest.mark.parametrize(
    ("days", "key"),
    [
        ((0, -1), "stats.range_reversed"),
        ((-366, 0), "stats.range_too_long"),
        ((0, None), "audit.range_incomplete"),
    ],
)
def test_bad_ranges_are_refused(demo_session, finance, days, key):
    today = local_today()
    first = today + timedelta(days=days[0])
    last = None if days[1] is None else today + timedelta(days=days[1])
    with pytest.raises(DomainError) as err:
        _search(demo_session, finance, first_day=first, last_day=last)
    assert err.value.key == key


def test_too_long_filter_text_is_refused(demo_session, finance):
    with pytest.raises(DomainError) as err:
        _search(demo_session, finance, action="x" * 61)
    assert err.value.key == "audit.filter_too_long"


def test_paging_covers_every_entry_once(demo_session, finance, logged):
    total = users.search_audit(
        demo_session, finance, users.AuditFilters(), users.audit_query()
    ).total
    seen = []
    for number in range(1, total // 10 + 2):
        query = TableQuery.of(users.AUDIT_SORTS, page=number, page_size=10, default_sort="at")
        seen += [
            r.id
            for r in users.search_audit(demo_session, finance, users.AuditFilters(), query).rows
        ]
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize("who", ["support", "operations", "customer"])
def test_only_finance_and_the_super_admin_read_the_audit_log(demo_session, request, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        _search(demo_session, actor)
    with pytest.raises(PermissionDenied):
        users.export_audit_xlsx(demo_session, actor, users.AuditFilters(), users.audit_query(), t)


def test_the_super_admin_reads_it_too(demo_session, admin, logged):
    assert _search(demo_session, admin, action="user.")


def test_actions_and_details_in_words_unknown_ones_raw():
    assert users.action_label("user.disabled", t) == "停用账号"
    assert users.action_label("future.thing", t) == "future.thing"
    assert (
        users.details_text({"reason": "刷单", "sessions_ended": 2}, t)
        == "原因: 刷单 · 结束登录数: 2"
    )
    assert users.details_text({"zz": [1, 2]}, t) == "zz: 1、2"


def test_the_export_holds_the_filtered_rows(demo_session, finance, logged):
    today = local_today()
    filters = users.AuditFilters(action="user.", first_day=today, last_day=today)
    data = users.export_audit_xlsx(demo_session, finance, filters, users.audit_query(), t)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
        rows = z.read("xl/worksheets/sheet1.xml").decode().count("<row ")
    assert rows == 3  # header + the two user actions
    assert "查看完整手机号" in strings and "修改用户昵称" in strings
    assert "dispatch.assign" not in strings and "人工指派技师" not in strings


def test_the_demo_city_shows_the_staff_trail(demo_session, finance):
    today = local_today()
    rows = _search(
        demo_session, finance, action="user.", actor="客服",
        first_day=today - timedelta(days=29), last_day=today,
    )  # fmt: skip
    assert [r.action for r in rows] == [
        "user.disabled",
        "user.phone_revealed",
        "user.enabled",
        "user.disabled",
    ]
    disabled = demo_session.get(User, rows[0].target_id)
    assert not disabled.is_active
