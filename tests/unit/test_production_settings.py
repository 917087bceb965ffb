"""Misconfiguration (issue 13, hole 8): with SALON_ENV=production the app refuses to start on the
local payment sandbox, demo merchant ids or keys, and half-set encryption keys, naming the
setting; a complete configuration starts."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlmodel import Session

from salon_app.core import crypto, production_settings
from salon_app.core.integrations.payments.keys import generate_keys
from salon_app.core.services import staff
from salon_app.core.settings import get_settings
from tests.support.production import production_env

ROOT = Path(__file__).resolve().parents[2]
FIELD_KEY = Fernet.generate_key().decode()
LOOKUP_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()


@pytest.fixture
def production(monkeypatch, tmp_path) -> dict[str, str]:
    """A complete production environment in this process; each test then breaks one thing."""
    env = production_env(tmp_path / "instance")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SALON_FIELD_KEY", raising=False)
    monkeypatch.delenv("SALON_LOOKUP_KEY", raising=False)
    get_settings.cache_clear()
    crypto.get_keys.cache_clear()
    yield env
    get_settings.cache_clear()
    crypto.get_keys.cache_clear()


def _problems() -> str:
    get_settings.cache_clear()
    return "\n".join(production_settings.problems())


def test_a_complete_production_configuration_has_no_problem(production):
    assert _problems() == ""


@pytest.mark.parametrize(
    ("setting", "value", "says"),
    [
        ("SALON_WECHAT_GATEWAY_URL", None, "SALON_WECHAT_GATEWAY_URL"),
        ("SALON_WECHAT_GATEWAY_URL", "http://127.0.0.1:3001", "sandbox"),
        ("SALON_ALIPAY_GATEWAY_URL", None, "SALON_ALIPAY_GATEWAY_URL"),
        (
            "SALON_ALIPAY_GATEWAY_URL",
            "https://openapi-sandbox.dl.alipaydev.com/gateway.do",
            "sandbox",
        ),
        ("SALON_CARD_GATEWAY_URL", None, "SALON_CARD_GATEWAY_URL"),
        ("SALON_CARD_GATEWAY_URL", "http://acquirer.example.cn", "https"),
        ("SALON_PUBLIC_URL", None, "SALON_PUBLIC_URL"),
        ("SALON_WECHAT_MCHID", None, "SALON_WECHAT_MCHID"),
        ("SALON_WECHAT_APPID", None, "SALON_WECHAT_APPID"),
        ("SALON_ALIPAY_APPID", None, "SALON_ALIPAY_APPID"),
        ("SALON_CARD_MERCHANT_ID", None, "SALON_CARD_MERCHANT_ID"),
        ("SALON_SMS_PROVIDER", None, "SALON_SMS_PROVIDER"),
        ("SALON_RELAY_PROVIDER", None, "SALON_RELAY_PROVIDER"),
    ],
)
def test_each_sandbox_or_demo_setting_is_named(production, monkeypatch, setting, value, says):
    if value is None:
        monkeypatch.delenv(setting)  # back to the demo default
    else:
        monkeypatch.setenv(setting, value)
    found = _problems()
    assert setting in found and says in found


def test_the_demo_payment_key_file_is_refused(production, tmp_path):
    (tmp_path / "instance" / "payment_keys.json").write_text(json.dumps(generate_keys()))
    found = _problems()
    assert "payment_keys.json" in found and "sandbox" in found


def test_a_missing_payment_key_file_is_refused_not_generated(production, tmp_path):
    path = tmp_path / "instance" / "payment_keys.json"
    path.unlink()
    assert "payment_keys.json" in _problems()
    assert not path.exists()


@pytest.mark.parametrize(("present", "missing"), [("FIELD", "LOOKUP"), ("LOOKUP", "FIELD")])
def test_half_set_encryption_keys_are_refused(production, monkeypatch, present, missing):
    monkeypatch.setenv(f"SALON_{present}_KEY", {"FIELD": FIELD_KEY, "LOOKUP": LOOKUP_KEY}[present])
    assert f"SALON_{missing}_KEY" in _problems()
    with pytest.raises(RuntimeError, match=f"SALON_{missing}_KEY"):
        crypto.get_keys()  # never silently falls back to the key file


def test_both_encryption_keys_are_accepted(production, monkeypatch):
    monkeypatch.setenv("SALON_FIELD_KEY", FIELD_KEY)
    monkeypatch.setenv("SALON_LOOKUP_KEY", LOOKUP_KEY)
    assert _problems() == ""
    assert crypto.get_keys().field_key == FIELD_KEY.encode()


def test_outside_production_nothing_is_checked(monkeypatch):
    monkeypatch.setenv("SALON_ENV", "dev")
    get_settings.cache_clear()
    try:
        production_settings.refuse_unsafe_settings_in_production()  # does not exit
    finally:
        get_settings.cache_clear()


# -- the real start: the command make run calls, and the app import ------------------------
def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SALON_")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=180,
    )


def _database(engine) -> str:
    with Session(engine) as s:
        staff.create_admin_from_console(s, "13612340000", "first2026admin", "站长")
    return engine.url.render_as_string(hide_password=False)


def test_production_start_is_refused_with_exit_2_naming_the_setting(engine, tmp_path):
    env = {**production_env(tmp_path / "instance"), "DATABASE_URL": _database(engine)}
    del env["SALON_WECHAT_GATEWAY_URL"]
    env["SALON_FIELD_KEY"] = FIELD_KEY
    check = _run("-m", "salon_app", "check-production", env=env)
    assert check.returncode == 2, check.stderr
    assert "refuses to start" in check.stderr
    assert "SALON_WECHAT_GATEWAY_URL" in check.stderr and "SALON_LOOKUP_KEY" in check.stderr
    app = _run("-c", "import salon_app.salon_app", env=env)  # what `reflex run` imports first
    assert app.returncode == 2
    assert "SALON_WECHAT_GATEWAY_URL" in app.stderr


def test_production_starts_when_the_configuration_is_complete(engine, tmp_path):
    env = {**production_env(tmp_path / "instance"), "DATABASE_URL": _database(engine)}
    check = _run("-m", "salon_app", "check-production", env=env)
    assert check.returncode == 0, check.stderr
