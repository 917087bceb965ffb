"""Sign-up, log-in, throttling and sessions, as a user meets them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, text
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations.sms import sandbox as sms_sandbox
from salon_app.core.models import AuthSession, Technician, User
from salon_app.core.services import auth
from salon_app.core.services.auth import codes, login
from tests.support.journeys import sign_up, signup_code

PHONE = "13912345678"
PASSWORD = "hello2026"


def _other(code: str) -> str:
    """A code of the right shape that is not `code`."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _users(session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def test_customer_signs_up_and_logs_in(session):
    actor = sign_up(session, PHONE, PASSWORD, "小王")
    assert actor.role == "customer"
    result = auth.log_in(session, PHONE, PASSWORD)
    assert result.actor.user_id == actor.user_id
    assert result.actor.role == "customer"
    assert auth.resolve(session, result.token) == result.actor


def test_phone_formats_are_the_same_account(session):
    sign_up(session, "+86 139-1234-5678", PASSWORD, "小王")
    assert auth.log_in(session, PHONE, PASSWORD).actor.display_name == "小王"


def test_technician_sign_up_creates_a_profile(session):
    actor = sign_up(session, PHONE, PASSWORD, "张师傅", role="technician")
    tech = session.exec(select(Technician).where(Technician.user_id == actor.user_id)).one()
    assert actor.technician_id == tech.id
    assert auth.log_in(session, PHONE, PASSWORD).actor.technician_id == tech.id


@pytest.mark.parametrize(
    ("phone", "password", "name", "role", "key"),
    [
        ("12345", PASSWORD, "小王", "customer", "auth.phone_invalid"),
        ("02012345678", PASSWORD, "小王", "customer", "auth.phone_invalid"),  # landline
        ("+12025550123", PASSWORD, "小王", "customer", "auth.phone_invalid"),  # not mainland
        ("", PASSWORD, "小王", "customer", "auth.phone_invalid"),
        (PHONE, "short1", "小王", "customer", "auth.password_weak"),
        (PHONE, "onlyletters", "小王", "customer", "auth.password_weak"),
        (PHONE, "12345678", "小王", "customer", "auth.password_weak"),
        (PHONE, PASSWORD, "  ", "customer", "auth.name_required"),
        (PHONE, PASSWORD, "名" * 21, "customer", "validation.too_long"),
        (PHONE, PASSWORD, "小王", "admin", "auth.role_not_allowed"),
        (PHONE, PASSWORD, "小王", "merchant", "auth.role_not_allowed"),
    ],
)
def test_bad_sign_up_is_refused_and_stores_nothing(session, phone, password, name, role, key):
    code = signup_code(session, PHONE)
    with pytest.raises(DomainError) as err:
        auth.sign_up(session, phone, password, name, role=role, code=code)
    assert err.value.key == key
    assert _users(session) == 0


def test_used_phone_is_never_told_taken_its_holder_gets_a_notice(session, monkeypatch):
    sign_up(session, PHONE, PASSWORD, "小王")
    later = utcnow() + timedelta(minutes=2)  # past the one-code-a-minute limit
    monkeypatch.setattr(codes, "utcnow", lambda: later)
    auth.send_code(session, PHONE, auth.Purpose.signup)
    assert sms_sandbox.latest_code(session.get_bind(), "+8613912345678") is None  # a notice
    with pytest.raises(DomainError) as err:
        auth.sign_up(session, PHONE, "other2026x", "小李", code="123456")
    assert err.value.key == "auth.code_wrong"  # a stranger without the code learns nothing
    assert _users(session) == 1


def test_wrong_password_and_unknown_phone_say_the_same(session):
    sign_up(session, PHONE, PASSWORD, "小王")
    for phone, password in [(PHONE, "wrong1234"), ("13700000000", PASSWORD), ("abc", "x")]:
        with pytest.raises(DomainError) as err:
            auth.log_in(session, phone, password)
        assert err.value.key == "auth.bad_credentials"
    assert session.exec(select(func.count()).select_from(AuthSession)).one() == 0


def test_repeated_failures_throttle_the_client_even_for_the_right_password(session):
    sign_up(session, PHONE, PASSWORD, "小王")
    for _ in range(5):
        with pytest.raises(DomainError):
            auth.log_in(session, PHONE, "wrong1234", client="198.51.100.1")
    with pytest.raises(DomainError) as err:
        auth.log_in(session, PHONE, PASSWORD, client="198.51.100.1")
    assert err.value.key == "auth.throttled"
    assert 1 <= err.value.params["minutes"] <= 15
    # ...that client only: the account is not locked for its owner elsewhere.
    assert auth.log_in(session, PHONE, PASSWORD, client="198.51.100.2").actor.display_name


def test_throttle_ends_with_its_window(session, monkeypatch):
    sign_up(session, PHONE, PASSWORD, "小王")
    for _ in range(5):
        with pytest.raises(DomainError):
            auth.log_in(session, PHONE, "wrong1234")
    later = utcnow() + timedelta(minutes=15)
    monkeypatch.setattr(login, "utcnow", lambda: later)
    user = session.exec(select(User)).one()
    assert auth.log_in(session, PHONE, PASSWORD).actor.user_id == user.id


def test_success_resets_the_failure_count(session):
    sign_up(session, PHONE, PASSWORD, "小王")
    for _ in range(4):
        with pytest.raises(DomainError):
            auth.log_in(session, PHONE, "wrong1234")
    auth.log_in(session, PHONE, PASSWORD)
    for _ in range(4):
        with pytest.raises(DomainError) as err:
            auth.log_in(session, PHONE, "wrong1234")
        assert err.value.key == "auth.bad_credentials"


def test_tampered_expired_and_logged_out_tokens_are_refused(session):
    sign_up(session, PHONE, PASSWORD, "小王")
    token = auth.log_in(session, PHONE, PASSWORD).token
    assert auth.resolve(session, None) is None
    with pytest.raises(DomainError) as err:
        auth.resolve(session, token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert err.value.key == "auth.session_expired"

    row = session.exec(select(AuthSession)).one()
    row.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    with pytest.raises(DomainError):
        auth.resolve(session, token)

    fresh = auth.log_in(session, PHONE, PASSWORD).token
    auth.log_out(session, fresh)
    with pytest.raises(DomainError):
        auth.resolve(session, fresh)


def test_disabled_account_cannot_log_in_or_use_its_session(session):
    sign_up(session, PHONE, PASSWORD, "小王")
    token = auth.log_in(session, PHONE, PASSWORD).token
    user = session.exec(select(User)).one()
    user.is_active = False
    session.commit()
    for call in (
        lambda: auth.log_in(session, PHONE, PASSWORD),
        lambda: auth.resolve(session, token),
    ):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.key == "auth.account_disabled"


def test_the_login_watch_check_gives_resolve_s_reasons(session):
    sign_up(session, PHONE, PASSWORD, "小王")
    token = auth.log_in(session, PHONE, PASSWORD).token
    holds = auth.check_login(session, token)  # the login holds: nothing raised
    assert holds.user_id == auth.resolve(session, token).user_id

    def reason(tok: str) -> str:
        with pytest.raises(DomainError) as err:
            auth.check_login(session, tok)
        return err.value.key

    assert reason(token[:-1] + ("A" if token[-1] != "A" else "B")) == "auth.session_expired"
    row = session.exec(select(AuthSession)).one()
    row.expires_at = utcnow()  # the edge: a login ends at its expiry time
    session.commit()
    assert reason(token) == "auth.session_expired"
    fresh = auth.log_in(session, PHONE, PASSWORD).token
    user = session.exec(select(User)).one()
    user.is_active = False
    session.commit()
    assert reason(fresh) == "auth.account_disabled"


def test_database_alone_does_not_reveal_phones_or_passwords(session):
    sign_up(session, PHONE, PASSWORD, "小王")
    token = auth.log_in(session, PHONE, PASSWORD).token
    raw_user = session.execute(text('SELECT phone, phone_hash, password_hash FROM "user"')).one()
    assert "12345678" not in "".join(raw_user)
    assert PASSWORD not in raw_user.password_hash and raw_user.password_hash.startswith(
        "$argon2id$"
    )
    raw_token = session.execute(text("SELECT token_hash FROM auth_session")).scalar_one()
    assert raw_token != token
