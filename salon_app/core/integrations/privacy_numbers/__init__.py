"""Privacy numbers (号码隐私保护, AXB relay): one interface, the production client, a local
sandbox that speaks the protocol.

`get_relay(engine)` returns the adapter chosen by settings (SALON_RELAY_PROVIDER): "sandbox"
(the default) is the production client talking to the local provider of sandbox.py, which keeps
its bindings in `engine`'s database; "aliyun" is Alibaba Cloud's dyplsapi. Binding is network
I/O in production.
"""

from __future__ import annotations

from sqlalchemy import Engine

from salon_app.core.integrations.privacy_numbers.base import (
    NoFreeNumber,
    RelayBinding,
    RelayError,
    RelayNotConfigured,
    RelayNumbers,
)

__all__ = [
    "NoFreeNumber",
    "RelayBinding",
    "RelayError",
    "RelayNotConfigured",
    "RelayNumbers",
    "get_relay",
]


def get_relay(engine: Engine) -> RelayNumbers:
    """The configured adapter; the sandbox keeps its bindings in `engine`'s database."""
    from salon_app.core.settings import get_settings

    provider = get_settings().relay_provider
    if provider == "sandbox":
        from salon_app.core.integrations.privacy_numbers.sandbox import SandboxAxbServer

        return SandboxAxbServer(engine).client()
    if provider == "aliyun":
        from salon_app.core.integrations.privacy_numbers.aliyun import AliyunAxb

        return AliyunAxb.from_environment()
    raise RelayNotConfigured(f"unknown SALON_RELAY_PROVIDER {provider!r} (sandbox or aliyun)")
