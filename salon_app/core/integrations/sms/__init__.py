"""Text messages (SMS): one interface, a local sandbox, and the production adapter's place.

`get_sender(engine)` returns the adapter chosen by settings (SALON_SMS_PROVIDER): "sandbox"
(the default) records every message in the `sms_message` table of that database instead of
delivering it, as the payment sandbox stands in for the gateways; "aliyun" is the production
adapter. `send` is slow network I/O in production: pages call the services that send off the
event loop. Tests read what a phone received with `sandbox.outbox` / `sandbox.latest_code`.
"""

from __future__ import annotations

from sqlalchemy import Engine

from salon_app.core.event_loop import refuse_on_event_loop
from salon_app.core.integrations.sms.base import (
    TEMPLATES,
    SmsError,
    SmsNotConfigured,
    SmsRejected,
    SmsSender,
    render,
)
from salon_app.core.settings import get_settings

__all__ = [
    "TEMPLATES",
    "SmsError",
    "SmsNotConfigured",
    "SmsRejected",
    "SmsSender",
    "get_sender",
    "render",
]


def get_sender(engine: Engine) -> SmsSender:
    """The configured adapter; the sandbox records into `engine`'s database. Only ever asked
    for to send at once (network I/O): refused on the event loop (core/event_loop.py)."""
    refuse_on_event_loop("SMS provider")
    provider = get_settings().sms_provider
    if provider == "sandbox":
        from salon_app.core.integrations.sms.sandbox import SandboxSms

        return SandboxSms(engine)
    if provider == "aliyun":
        from salon_app.core.integrations.sms.aliyun import AliyunSms

        return AliyunSms.from_environment()
    raise SmsNotConfigured(f"unknown SALON_SMS_PROVIDER {provider!r} (sandbox or aliyun)")
