"""Validation messages name the field in the user's language: services pass a catalogue key
(field.*), and error_text, where every domain error is put into words, translates it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from salon_app.auth.session_state import error_text
from salon_app.core.errors import DomainError
from salon_app.core.services.technicians import onboarding
from salon_app.i18n import catalogue
from tests.support import journeys

SERVICES = Path(__file__).resolve().parents[2] / "salon_app" / "core" / "services"
ASCII_LETTER = re.compile(r"[A-Za-z]")


def _field_errors() -> list[tuple[str, str, str]]:
    """(module, message key, field) of every DomainError a service raises with a field."""
    found = []
    for path in sorted(SERVICES.rglob("*.py")):
        for call in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "DomainError"):
                continue
            for kw in call.keywords:
                if kw.arg == "field":
                    assert isinstance(kw.value, ast.Constant), f"{path.name}: field must be a key"
                    found.append((path.name, call.args[0].value, kw.value.value))
    return found


FIELD_ERRORS = _field_errors()


def test_the_scan_finds_the_field_errors():
    modules = {module for module, _, _ in FIELD_ERRORS}
    assert {"login.py", "onboarding.py", "new_order.py", "messages.py"} <= modules


@pytest.mark.parametrize(("module", "key", "field"), FIELD_ERRORS)
def test_every_field_error_reads_fully_in_chinese(module: str, key: str, field: str):
    assert field in catalogue("zh_CN"), f"{module}: {field} is not a catalogue key"
    text = error_text(DomainError(key, field=field, max=20))
    assert not ASCII_LETTER.search(text), f"{module}: {text}"


def test_a_too_long_sign_up_name_is_named_in_chinese(session):
    with pytest.raises(DomainError) as err:
        journeys.sign_up(session, "17600000001", "hello2026", "名" * 21)
    assert error_text(err.value) == "昵称 不能超过 20 个字"


def test_a_too_long_application_message_is_named_in_chinese(demo_session):
    tech = journeys.sign_up(demo_session, "17600000001", "hello2026", "新技师", role="technician")
    shop = onboarding.list_shops(demo_session)[0]
    with pytest.raises(DomainError) as err:
        onboarding.apply_to_shop(demo_session, tech, shop.id, "长" * 201)
    assert error_text(err.value) == "留言 不能超过 200 个字"
