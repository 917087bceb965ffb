"""The SMS adapter interface and the message templates registered with the provider.

Providers in mainland China send only pre-approved templates: the app names a template and
gives its parameters; the provider fills them in after the signature (【悦约到家】). The texts
below are the ones registered with the provider (the sandbox renders them the same way).
"""

from __future__ import annotations

import re
from typing import Protocol

# template code -> registered text; ${name} are the parameters
TEMPLATES: dict[str, str] = {
    "verify_signup": "您正在注册，验证码 ${code}，${minutes} 分钟内有效。请勿将验证码告诉他人。",
    "verify_reset_password": (
        "您正在重置密码，验证码 ${code}，${minutes} 分钟内有效。如非本人操作，请忽略本短信。"
    ),
    "verify_login": "您正在登录，验证码 ${code}，${minutes} 分钟内有效。请勿将验证码告诉他人。",
    "signup_taken": (
        "有人正在用本号码注册，但本号码已注册过账号。如是您本人，请直接登录或找回密码；"
        "如非本人操作，请忽略本短信。"
    ),
    "no_account": (
        "有人正在用本号码登录或找回密码，但本号码没有可用的账号。如非本人操作，请忽略本短信。"
    ),
    "campaign_offer": "${name}：您有一份专属优惠已到账，打开悦约到家查看。回T退订",
}
_PARAM = re.compile(r"\$\{(\w+)\}")


class SmsError(Exception):
    """The message could not be sent (network, provider); nothing a user typed caused it."""


class SmsNotConfigured(SmsError):
    """The production adapter lacks its account settings."""


class SmsRejected(SmsError):
    """The provider refused the message (unknown template, missing parameter, bad number)."""


class SmsSender(Protocol):
    def send(self, phone: str, template: str, params: dict[str, str]) -> str:
        """Send `template` with `params` to `phone` (E.164); returns the provider's message id."""
        ...


def render(sign_name: str, template: str, params: dict[str, str]) -> str:
    """The text a phone shows: 【signature】 then the template with its parameters filled in;
    SmsRejected for an unknown template or a missing parameter, as the provider answers."""
    if template not in TEMPLATES:
        raise SmsRejected(f"template {template!r} is not registered")
    missing = [name for name in _PARAM.findall(TEMPLATES[template]) if name not in params]
    if missing:
        raise SmsRejected(f"template {template!r} needs {', '.join(missing)}")
    body = _PARAM.sub(lambda m: str(params[m.group(1)]), TEMPLATES[template])
    return f"【{sign_name}】{body}"
