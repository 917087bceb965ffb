"""Forgotten passwords (SMS code) and changed passwords (old one required), with sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.errors import DomainError
from salon_app.core.integrations.sms import sandbox
from salon_app.core.models import AuditEntry, User
from salon_app.core.services import auth
from salon_app.core.services.auth import codes
from tests.support.journeys import sign_up, sms_code

PHONE = "13912345678"
PASSWORD = "hello2026"
NEW = "newpass2026"


@pytest.fixture
def later(monkeypatch):
    """later(): two minutes on, past the one-code-a-minute limit since the sign-up code."""

    def move() -> None:
        moment = utcnow() + timedelta(minutes=2)
        monkeypatch.setattr(codes, "utcnow", lambda: moment)

    return move


def _refused(call, key: str) -> None:
    with pytest.raises(DomainError) as err:
        call()
    assert err.value.key == key


def _expired(session, token: str) -> bool:
    try:
        auth.resolve(session, token)
    except DomainError as err:
        return err.key == "auth.session_expired"
    return False


def test_a_forgotten_password_is_reset_with_the_sms_code_and_every_login_ends(session, later):
    sign_up(session, PHONE, PASSWORD, "小王")
    later()
    phone_tab, laptop_tab = (auth.log_in(session, PHONE, PASSWORD).token for _ in range(2))
    auth.send_code(session, PHONE, "reset_password")
    auth.reset_password(session, PHONE, sms_code(session.get_bind(), PHONE), NEW)
    assert _expired(session, phone_tab) and _expired(session, laptop_tab)
    _refused(lambda: auth.log_in(session, PHONE, PASSWORD), "auth.bad_credentials")
    assert auth.log_in(session, PHONE, NEW).actor.display_name == "小王"
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "auth.password_reset")).one()
    assert entry.details == {"ended_sessions": 2}


def test_a_reset_lifts_the_throttle_of_wrong_passwords(session, later):
    sign_up(session, PHONE, PASSWORD, "小王")
    for _ in range(5):
        _refused(lambda: auth.log_in(session, PHONE, "wrong-pass-1"), "auth.bad_credentials")
    _refused(lambda: auth.log_in(session, PHONE, PASSWORD), "auth.throttled")
    later()
    auth.send_code(session, PHONE, "reset_password")
    auth.reset_password(session, PHONE, sms_code(session.get_bind(), PHONE), NEW)
    assert auth.log_in(session, PHONE, NEW).token


def test_a_bad_reset_changes_nothing(session, later):
    sign_up(session, PHONE, PASSWORD, "小王")
    later()
    auth.send_code(session, PHONE, "reset_password")
    code = sms_code(session.get_bind(), PHONE)
    before = session.exec(select(User.password_hash)).one()
    _refused(lambda: auth.reset_password(session, PHONE, code, "short1"), "auth.password_weak")
    _refused(
        lambda: auth.reset_password(session, PHONE, code, DEMO_PASSWORD), "auth.password_common"
    )
    _refused(lambda: auth.reset_password(session, "12345", code, NEW), "auth.phone_invalid")
    _refused(lambda: auth.reset_password(session, PHONE, "12a456", NEW), "auth.code_format")
    assert session.exec(select(User.password_hash)).one() == before
    auth.reset_password(session, PHONE, code, NEW)  # the code was not used up by any of these


def test_a_disabled_account_is_sent_no_reset_code(session, later):
    actor = sign_up(session, PHONE, PASSWORD, "小王")
    session.get(User, actor.user_id).is_active = False
    session.commit()
    later()
    auth.send_code(session, PHONE, "reset_password")
    notice, _signup = sandbox.outbox(session.get_bind(), f"+86{PHONE}")
    assert notice.template == "no_account"  # the reset code was never sent
    _refused(lambda: auth.reset_password(session, PHONE, "000000", NEW), "auth.code_wrong")


def test_changing_a_password_ends_the_other_logins_and_keeps_this_one(session):
    sign_up(session, PHONE, PASSWORD, "小王")
    here = auth.log_in(session, PHONE, PASSWORD)
    elsewhere = auth.log_in(session, PHONE, PASSWORD).token
    ended = auth.change_password(session, here.actor, here.token, PASSWORD, NEW)
    assert ended == 1
    assert auth.resolve(session, here.token) == here.actor
    assert _expired(session, elsewhere)
    assert auth.log_in(session, PHONE, NEW).token
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "auth.password_changed"))
    assert entry.one().actor_user_id == here.actor.user_id


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("wrong-pass-1", NEW, "auth.old_password_wrong"),
        (PASSWORD, "short1", "auth.password_weak"),
        (PASSWORD, PASSWORD, "auth.password_same"),
        (PASSWORD, "Demo1234", "auth.password_common"),
    ],
)
def test_a_bad_change_is_refused_and_changes_nothing(session, old, new, key):
    sign_up(session, PHONE, PASSWORD, "小王")
    here = auth.log_in(session, PHONE, PASSWORD)
    elsewhere = auth.log_in(session, PHONE, PASSWORD).token
    _refused(lambda: auth.change_password(session, here.actor, here.token, old, new), key)
    assert auth.resolve(session, elsewhere) == here.actor
    assert auth.log_in(session, PHONE, PASSWORD).token


def test_wrong_old_passwords_are_throttled(session):
    sign_up(session, PHONE, PASSWORD, "小王")
    here = auth.log_in(session, PHONE, PASSWORD)
    for _ in range(5):
        _refused(
            lambda: auth.change_password(session, here.actor, here.token, "wrong-1x", NEW),
            "auth.old_password_wrong",
        )
    _refused(
        lambda: auth.change_password(session, here.actor, here.token, PASSWORD, NEW),
        "auth.throttled",
    )


def test_nobody_logged_in_changes_nothing(session):
    _refused(
        lambda: auth.change_password(session, None, None, PASSWORD, NEW), "auth.login_required"
    )


def test_the_demo_password_cannot_be_chosen_anywhere(session):
    _refused(lambda: auth.validate_password(DEMO_PASSWORD), "auth.password_common")
    _refused(lambda: sign_up(session, PHONE, DEMO_PASSWORD, "小王"), "auth.password_common")
