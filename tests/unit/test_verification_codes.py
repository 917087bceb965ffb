"""SMS verification codes: expiry, wrong tries, one use, rate limits, the sandbox's outbox."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations import sms
from salon_app.core.integrations.sms import sandbox
from salon_app.core.models import SmsMessage, User, VerificationCode
from salon_app.core.services import auth
from salon_app.core.services.auth import codes
from salon_app.core.settings import get_settings
from tests.support.journeys import sign_up, signup_code, sms_code

PHONE = "13912345678"
E164 = "+8613912345678"
PASSWORD = "hello2026"


@pytest.fixture
def clock(monkeypatch):
    """The services' now, moved by hand: clock.move(seconds)."""

    class Clock:
        now = utcnow()

        def move(self, seconds: float) -> None:
            self.now += timedelta(seconds=seconds)

    c = Clock()
    monkeypatch.setattr(codes, "utcnow", lambda: c.now)
    return c


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _users(session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def test_the_code_reaches_the_phone_and_only_its_hash_is_stored(session):
    sent = auth.send_code(session, PHONE, "signup")
    assert sent.phone_masked == "139****5678" and sent.valid_minutes == 10
    [message] = sandbox.outbox(session.get_bind(), E164)
    code = message.params["code"]
    assert len(code) == 6 and code.isdigit()
    assert message.text.startswith("【悦约到家】") and code in message.text
    row = session.exec(select(VerificationCode)).one()
    assert code not in (row.code_hash, row.salt) and row.purpose == "signup"
    assert row.expires_at - row.created_at == timedelta(minutes=10)


def test_the_sandbox_stores_the_phone_encrypted(session):
    auth.send_code(session, PHONE, "signup")
    raw = session.connection().exec_driver_sql("SELECT phone FROM sms_message").scalar_one()
    assert "12345678" not in raw


def test_the_sandbox_refuses_what_a_provider_refuses(session):
    sender = sms.get_sender(session.get_bind())
    with pytest.raises(sms.SmsRejected):
        sender.send(E164, "no_such_template", {})
    with pytest.raises(sms.SmsRejected):
        sender.send(E164, "verify_signup", {"code": "123456"})  # minutes missing
    with pytest.raises(sms.SmsRejected):
        sender.send("+861234", "verify_signup", {"code": "123456", "minutes": "10"})
    assert session.exec(select(func.count()).select_from(SmsMessage)).one() == 0


def test_a_code_works_until_ten_minutes_and_not_at_ten(session, clock):
    code = signup_code(session, PHONE)
    clock.move(10 * 60 - 0.001)
    auth.sign_up(session, PHONE, PASSWORD, "小王", code=code)
    assert _users(session) == 1

    other = "13912345679"
    code = signup_code(session, other)
    clock.move(10 * 60)
    with pytest.raises(DomainError) as err:
        auth.sign_up(session, other, PASSWORD, "小李", code=code)
    assert err.value.key == "auth.code_expired"
    assert _users(session) == 1


def test_five_wrong_tries_kill_the_code_even_for_the_right_digits(session):
    code = signup_code(session, PHONE)
    for left in (4, 3, 2, 1):
        with pytest.raises(DomainError) as err:
            auth.sign_up(session, PHONE, PASSWORD, "小王", code=_wrong(code))
        assert (err.value.key, err.value.params) == ("auth.code_wrong", {"left": left})
    with pytest.raises(DomainError) as err:
        auth.sign_up(session, PHONE, PASSWORD, "小王", code=_wrong(code))
    assert err.value.key == "auth.code_dead"
    with pytest.raises(DomainError) as err:
        auth.sign_up(session, PHONE, PASSWORD, "小王", code=code)
    assert err.value.key == "auth.code_dead"
    assert _users(session) == 0


def test_the_right_code_on_the_fifth_try_still_works(session):
    code = signup_code(session, PHONE)
    for _ in range(4):
        with pytest.raises(DomainError):
            auth.sign_up(session, PHONE, PASSWORD, "小王", code=_wrong(code))
    assert auth.sign_up(session, PHONE, PASSWORD, "小王", code=code).role == "customer"


def test_a_code_is_used_once(session, clock):
    code = signup_code(session, PHONE)
    auth.sign_up(session, PHONE, PASSWORD, "小王", code=code)
    with pytest.raises(DomainError) as err:
        auth.sign_up(session, PHONE, PASSWORD, "小王", code=code)
    assert err.value.key == "auth.code_missing"


def test_bad_input_does_not_use_up_a_try(session):
    code = signup_code(session, PHONE)
    for bad in ("12345", "12345a", "", "1234567"):
        with pytest.raises(DomainError) as err:
            auth.sign_up(session, PHONE, PASSWORD, "小王", code=bad)
        assert err.value.key == "auth.code_format"
    with pytest.raises(DomainError) as err:
        auth.sign_up(session, PHONE, "weak", "小王", code=code)
    assert err.value.key == "auth.password_weak"
    assert session.exec(select(VerificationCode.attempts)).one() == 0
    auth.sign_up(session, PHONE, PASSWORD, "小王", code=code)


def test_only_the_newest_code_counts_and_only_for_its_purpose(session, clock):
    first = signup_code(session, PHONE)
    clock.move(61)
    second = signup_code(session, PHONE)
    if first != second:
        with pytest.raises(DomainError) as err:
            auth.sign_up(session, PHONE, PASSWORD, "小王", code=first)
        assert err.value.key == "auth.code_wrong"
    with pytest.raises(DomainError) as err:  # a sign-up code does not reset a password
        auth.reset_password(session, PHONE, second, "newpass2026")
    assert err.value.key == "auth.code_missing"
    auth.sign_up(session, PHONE, PASSWORD, "小王", code=second)


def test_no_code_was_asked_for(session):
    with pytest.raises(DomainError) as err:
        auth.sign_up(session, PHONE, PASSWORD, "小王", code="123456")
    assert err.value.key == "auth.code_missing"


def test_one_code_per_phone_per_minute(session, clock):
    signup_code(session, PHONE)
    clock.move(59)
    with pytest.raises(DomainError) as err:
        auth.send_code(session, PHONE, "reset_password")  # whatever the purpose
    assert (err.value.key, err.value.params) == ("sms.too_soon", {"seconds": 1})
    clock.move(1)
    auth.send_code(session, PHONE, "signup")
    assert session.exec(select(func.count()).select_from(VerificationCode)).one() == 2


def test_a_daily_cap_per_phone_over_any_24_hours(session, clock):
    cap = get_settings().sms_daily_per_phone
    for _ in range(cap):
        auth.send_code(session, PHONE, "signup")
        clock.move(61)
    with pytest.raises(DomainError) as err:
        auth.send_code(session, PHONE, "signup")
    assert err.value.key == "sms.daily_limit"
    assert len(sandbox.outbox(session.get_bind(), E164)) == cap
    clock.move(24 * 3600 - cap * 61 + 1)  # the first code is now more than 24 hours old
    auth.send_code(session, PHONE, "signup")


def test_a_cap_per_client_address_per_hour(session, clock):
    cap = get_settings().sms_hourly_per_address
    for i in range(cap):
        auth.send_code(session, f"1391234{i:04d}", "signup", client="203.0.113.7")
    with pytest.raises(DomainError) as err:
        auth.send_code(session, "13987654321", "signup", client="203.0.113.7")
    assert err.value.key == "sms.address_limit"
    auth.send_code(session, "13987654321", "signup", client="198.51.100.1")  # another address
    clock.move(3600)
    auth.send_code(session, "13987654322", "signup", client="203.0.113.7")


def test_bad_phone_or_purpose_sends_nothing(session):
    for phone, purpose, key in (
        ("12345", "signup", "auth.phone_invalid"),
        (PHONE, "logout", "auth.code_purpose"),
    ):
        with pytest.raises(DomainError) as err:
            auth.send_code(session, phone, purpose)
        assert err.value.key == key
    assert session.exec(select(func.count()).select_from(VerificationCode)).one() == 0
    assert sandbox.outbox(session.get_bind()) == []


def test_a_failed_send_withdraws_the_code(session, monkeypatch):
    class Down:
        def send(self, phone, template, params):
            raise sms.SmsError("provider down")

    monkeypatch.setattr(sms, "get_sender", lambda engine: Down())
    with pytest.raises(DomainError) as err:
        auth.send_code(session, PHONE, "signup")
    assert err.value.key == "sms.send_failed"
    assert session.exec(select(func.count()).select_from(VerificationCode)).one() == 0
    monkeypatch.undo()
    auth.send_code(session, PHONE, "signup")  # no minute to wait: the failed one did not count


def test_reset_codes_reach_only_phones_with_an_account_and_say_the_same(session, clock):
    """Either way one SMS goes out (the same work); an unknown phone's says it has no account."""
    sign_up(session, PHONE, PASSWORD, "小王")
    clock.move(61)
    known = auth.send_code(session, PHONE, "reset_password")
    unknown = auth.send_code(session, "13700001111", "reset_password")
    assert (known.valid_minutes, known.resend_after_s) == (
        unknown.valid_minutes,
        unknown.resend_after_s,
    )
    [notice] = sandbox.outbox(session.get_bind(), "+8613700001111")
    assert notice.template == "no_account" and "code" not in notice.params
    assert sms_code(session.get_bind(), PHONE)
    with pytest.raises(DomainError) as err:  # and a guess for the unknown phone is just wrong
        auth.reset_password(session, "13700001111", "123456", "newpass2026")
    assert err.value.key in ("auth.code_wrong", "auth.code_missing")


def test_the_production_adapter_refuses_without_an_account(monkeypatch):
    from salon_app.core.integrations.sms.aliyun import AliyunSms

    monkeypatch.delenv("SALON_SMS_ACCESS_KEY_ID", raising=False)
    with pytest.raises(sms.SmsNotConfigured):
        AliyunSms.from_environment()


def test_four_requests_at_once_send_one_code(engine):
    barrier, outcomes = threading.Barrier(4), []

    def ask() -> None:
        with Session(engine) as s:
            barrier.wait()
            try:
                auth.send_code(s, PHONE, "signup")
                outcomes.append("sent")
            except DomainError as err:
                outcomes.append(err.key)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["sent", "sms.too_soon", "sms.too_soon", "sms.too_soon"]
    assert len(sandbox.outbox(engine, E164)) == 1
