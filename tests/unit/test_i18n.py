"""Every message a user can be shown exists in the catalogue, in every locale."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

from salon_app.core.models import OrderStatus
from salon_app.core.services.feedback.complaints import KINDS
from salon_app.core.services.orders import TABS
from salon_app.core.services.orders.flow import STEPS
from salon_app.i18n import catalogue, fen_to_yuan, t

ROOT = Path(__file__).resolve().parents[2]
KEY_CALL = re.compile(r"""(?:DomainError|PermissionDenied|\bt)\(\s*f?["']([a-z_]+\.[a-z_.]+)["']""")


def _keys_used() -> set[str]:
    keys = set()
    for path in (ROOT / "salon_app").rglob("*.py"):
        keys |= set(KEY_CALL.findall(path.read_text()))
    return keys


def test_every_key_the_code_uses_has_a_chinese_message():
    used = _keys_used()
    assert "auth.bad_credentials" in used  # the scan itself works
    assert sorted(used - set(catalogue("zh_CN"))) == []


def test_traditional_catalogue_is_converted_from_simplified():
    assert t("auth.login_title", locale="zh_TW") == "登入"
    assert t("home.hot", locale="zh_TW") == "熱門推薦"
    assert set(catalogue("zh_TW")) == set(catalogue("zh_CN"))


def test_english_falls_back_to_chinese_for_missing_keys():
    assert t("auth.bad_credentials", locale="en") == "Wrong mobile number or password"
    assert t("order.status.pending_payment", locale="en") == "待支付"


def test_parameters_are_filled_in():
    assert t("auth.throttled_address", minutes=3) == "当前网络登录失败次数过多，请 3 分钟后再试"


@pytest.mark.parametrize(
    ("fen", "text"),
    [(0, "0"), (1999, "19.99"), (2000, "20"), (5, "0.05"), (-1999, "-19.99"), (-5, "-0.05")],
)
def test_money_in_fen_is_shown_in_yuan(fen, text):
    assert fen_to_yuan(fen) == text


def test_every_catalogue_module_is_merged_and_no_key_is_defined_twice():
    import salon_app.i18n.zh_CN as package

    owners: dict[str, list[str]] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for key in module.MESSAGES:
            owners.setdefault(key, []).append(info.name)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    assert set(owners) == set(catalogue("zh_CN"))


@pytest.mark.parametrize(
    ("family", "members"),
    [
        ("order.status", [s.value for s in OrderStatus]),
        ("order.event", ["created", *STEPS]),
        ("order.tab", list(TABS)),
        ("complaint.kind", list(KINDS)),
    ],
)
def test_keys_built_at_run_time_exist_for_every_value(family, members):
    missing = [m for m in members if f"{family}.{m}" not in catalogue("zh_CN")]
    assert missing == []
