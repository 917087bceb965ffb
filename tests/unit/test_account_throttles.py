"""Issue 13, hole 3: sign-up, reset and log-in reveal nothing about which phones have accounts;
throttles per (phone, client), per address and platform-wide that a stranger cannot use to lock
the real user out; common passwords refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import func, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations.sms import sandbox
from salon_app.core.models import User
from salon_app.core.services import auth
from salon_app.core.services.auth import codes, login_throttle
from salon_app.core.settings import get_settings
from tests.support.journeys import sign_up, sms_code

PHONE, E164 = "13912345678", "+8613912345678"
FREE, FREE_E164 = "13700001111", "+8613700001111"
PASSWORD = "hello2026"
HOME = "203.0.113.7"  # the owner's address


@pytest.fixture
def owner(session, monkeypatch):
    """A customer with an account, and the services' clock two minutes on (past the
    one-code-a-minute limit since the sign-up code)."""
    actor = sign_up(session, PHONE, PASSWORD, "小王")
    later = utcnow() + timedelta(minutes=2)
    monkeypatch.setattr(codes, "utcnow", lambda: later)
    return actor


def _key(call) -> str:
    with pytest.raises(DomainError) as err:
        call()
    return err.value.key


def _users(session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


# --- sign-up and reset say the same for a taken and a free number --------------------------


def test_sign_up_with_a_taken_number_answers_like_a_free_one(session, owner):
    taken = auth.send_code(session, PHONE, "signup", "198.51.100.1")
    free = auth.send_code(session, FREE, "signup", "198.51.100.1")
    assert (taken.valid_minutes, taken.resend_after_s) == (free.valid_minutes, free.resend_after_s)
    assert (taken.phone_masked, free.phone_masked) == ("139****5678", "137****1111")
    # The phone's holder is told someone tried to sign up with it; no code reaches anyone.
    [notice] = sandbox.outbox(session.get_bind(), E164, limit=1)
    assert notice.template == "signup_taken" and "已注册" in notice.text
    assert sandbox.latest_code(session.get_bind(), E164) is None
    # Whatever a stranger types next is just a wrong code, as for a free number.
    for phone in (PHONE, FREE):
        key = _key(lambda p=phone: auth.sign_up(session, p, "other2026x", "小李", code="123456"))
        assert key in ("auth.code_wrong", "auth.code_missing") and key != "auth.phone_taken"
    assert _users(session) == 1


def test_the_free_number_gets_its_code_and_signs_up(session, owner):
    auth.send_code(session, FREE, "signup")
    actor = auth.sign_up(
        session, FREE, "other2026x", "小李", code=sms_code(session.get_bind(), FREE)
    )
    assert actor.display_name == "小李"


@pytest.mark.parametrize("purpose", ["reset_password", "login"])
def test_reset_and_login_codes_answer_alike_and_an_unknown_number_is_told_why(
    session, owner, purpose
):
    known = auth.send_code(session, PHONE, purpose)
    unknown = auth.send_code(session, FREE, purpose)
    assert (known.valid_minutes, known.resend_after_s) == (
        unknown.valid_minutes,
        unknown.resend_after_s,
    )
    assert sms_code(session.get_bind(), PHONE)
    [notice] = sandbox.outbox(session.get_bind(), FREE_E164)
    assert (
        notice.template == "no_account"
        and sandbox.latest_code(session.get_bind(), FREE_E164) is None
    )


# --- log-in: same answer, throttles a stranger cannot turn against the owner ----------------


def test_unknown_phone_and_wrong_password_are_throttled_alike(session, owner):
    for phone in (PHONE, FREE):
        for _ in range(5):
            assert _key(
                lambda p=phone: auth.log_in(session, p, "wrong1234", client="198.51.100.9")
            ) == ("auth.bad_credentials")
        assert _key(lambda p=phone: auth.log_in(session, p, PASSWORD, client="198.51.100.9")) == (
            "auth.throttled"
        )


def test_a_strangers_fifty_wrong_passwords_do_not_stop_the_owner_on_their_device(session, owner):
    first = auth.log_in(session, PHONE, PASSWORD, client=HOME)
    for n in range(50):
        assert (
            _key(lambda n=n: auth.log_in(session, PHONE, f"guess{n}x", client=f"198.51.100.{n}"))
            == "auth.bad_credentials"
        )
    # Even the owner's own address, shared with the stranger (a carrier NAT), lets the device in.
    for _ in range(10):
        _key(lambda: auth.log_in(session, PHONE, "guess-home1", client=HOME))
    back = auth.log_in(session, PHONE, PASSWORD, client=HOME, devices=first.devices)
    assert back.actor.user_id == owner.user_id
    assert back.devices.split()[0] == first.devices.split()[0]  # the same device
    # And a new phone of the owner, from an address the stranger did not use, also gets in.
    assert auth.log_in(session, PHONE, PASSWORD, client="192.0.2.50").actor == owner


def test_failures_from_one_address_block_only_that_address(session, owner):
    for _ in range(5):
        _key(lambda: auth.log_in(session, PHONE, "wrong1234", client="198.51.100.9"))
    with pytest.raises(DomainError) as err:
        auth.log_in(session, PHONE, PASSWORD, client="198.51.100.9")
    assert err.value.key == "auth.throttled" and 1 <= err.value.params["minutes"] <= 15
    assert auth.log_in(session, PHONE, PASSWORD, client=HOME).actor == owner


def test_a_device_is_throttled_by_its_own_failures(session, owner):
    devices = auth.log_in(session, PHONE, PASSWORD, client=HOME).devices
    for _ in range(5):
        _key(lambda: auth.log_in(session, PHONE, "wrong1234", client=HOME, devices=devices))
    assert _key(lambda: auth.log_in(session, PHONE, PASSWORD, client=HOME, devices=devices)) == (
        "auth.throttled"
    )


def test_a_device_token_of_another_account_or_forged_is_no_device(session, owner):
    other = sign_up(session, "13600002222", PASSWORD, "小张")
    theirs = auth.log_in(session, "13600002222", PASSWORD, client=HOME).devices
    nonce = theirs.split()[0].split(".")[0]
    for forged in (theirs, f"{nonce}.{'0' * 64}", "x" * 5000, "a.b c.d"):
        for _ in range(5):
            _key(lambda f=forged: auth.log_in(session, PHONE, "wrong1234", client=HOME, devices=f))
        assert _key(
            lambda f=forged: auth.log_in(session, PHONE, PASSWORD, client=HOME, devices=f)
        ) == ("auth.throttled")
    assert other.user_id != owner.user_id


def test_an_address_spraying_many_accounts_is_throttled(session, owner):
    spray = get_settings().login_address_failures
    for n in range(spray):
        _key(
            lambda n=n: auth.log_in(session, f"1370000{n:04d}", "wrong1234", client="198.51.100.66")
        )
    with pytest.raises(DomainError) as err:
        auth.log_in(session, PHONE, PASSWORD, client="198.51.100.66")
    assert err.value.key == "auth.throttled_address" and 1 <= err.value.params["minutes"] <= 60
    assert auth.log_in(session, PHONE, PASSWORD, client=HOME).actor == owner


def test_the_global_ceiling_asks_unknown_clients_for_an_sms_code(session, owner, monkeypatch):
    device = auth.log_in(session, PHONE, PASSWORD, client=HOME).devices
    low = replace(get_settings(), login_global_failures=20)
    monkeypatch.setattr(login_throttle, "get_settings", lambda: low)
    for n in range(20):
        _key(lambda n=n: auth.log_in(session, f"1370000{n:04d}", "wrong1234", client=f"10.0.{n}.1"))
    # A new client must prove the phone; the right password alone is not enough.
    assert _key(lambda: auth.log_in(session, PHONE, PASSWORD, client="192.0.2.50")) == (
        "auth.login_code_needed"
    )
    assert _key(lambda: auth.log_in(session, FREE, PASSWORD, client="192.0.2.50")) == (
        "auth.login_code_needed"
    )
    auth.send_code(session, PHONE, "login", "192.0.2.50")
    code = sms_code(session.get_bind(), PHONE)
    assert (
        _key(lambda: auth.log_in(session, PHONE, "wrong1234", client="192.0.2.50", code=code))
        == "auth.bad_credentials"
    )
    result = auth.log_in(session, PHONE, PASSWORD, client="192.0.2.50", code=code)
    assert result.actor == owner
    # The owner's known device needs no code.
    assert auth.log_in(session, PHONE, PASSWORD, client=HOME, devices=device).actor == owner


def test_a_reset_clears_the_resetting_clients_count(session, owner):
    for _ in range(5):
        _key(lambda: auth.log_in(session, PHONE, "wrong1234", client=HOME))
    assert _key(lambda: auth.log_in(session, PHONE, PASSWORD, client=HOME)) == "auth.throttled"
    auth.send_code(session, PHONE, "reset_password", HOME)
    auth.reset_password(session, PHONE, sms_code(session.get_bind(), PHONE), "newpass2026", HOME)
    assert auth.log_in(session, PHONE, "newpass2026", client=HOME).actor == owner


# --- common passwords -----------------------------------------------------------------------


COMMON = ["password1", "qwerty123", "secret123", "abc123456", "woaini520", "1qaz2wsx", "0a0a0a0a"]


@pytest.mark.parametrize("password", COMMON)
def test_common_passwords_are_refused_at_sign_up(session, password):
    auth.send_code(session, FREE, "signup")
    code = sms_code(session.get_bind(), FREE)
    assert _key(lambda: auth.sign_up(session, FREE, password, "小李", code=code)) == (
        "auth.password_common"
    )
    assert _users(session) == 0


@pytest.mark.parametrize("password", COMMON[:3])
def test_common_passwords_are_refused_at_reset_and_change(session, owner, password):
    auth.send_code(session, PHONE, "reset_password")
    code = sms_code(session.get_bind(), PHONE)
    assert _key(lambda: auth.reset_password(session, PHONE, code, password)) == (
        "auth.password_common"
    )
    here = auth.log_in(session, PHONE, PASSWORD)
    assert _key(
        lambda: auth.change_password(session, here.actor, here.token, PASSWORD, password)
    ) == ("auth.password_common")
    assert auth.log_in(session, PHONE, PASSWORD).actor == owner


def test_the_common_password_message_is_clear():
    from salon_app.i18n import t

    assert "太常见" in t("auth.password_common")
