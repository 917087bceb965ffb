"""Payment gateways: WeChat Pay v3, Alipay and bank card behind one interface.

`get_provider(name)` returns the adapter configured from settings (gateway URLs, merchant ids,
keys from the instance dir). Tests and benchmarks point all three at a sandbox of their own
with `install_providers(build_providers(config))`.
"""

from __future__ import annotations

import threading
from typing import Any

from salon_app.core.event_loop import refuse_on_event_loop
from salon_app.core.integrations.payments.provider import (
    PROVIDERS,
    GatewayConfig,
    NotificationRejected,
    PaymentEvent,
    PaymentProvider,
    PaymentRequest,
    ProviderError,
    ProviderRejected,
    RefundRequest,
    RefundStatus,
    TradeStatus,
    UnknownCertificate,
)

__all__ = [
    "PROVIDERS",
    "GatewayConfig",
    "NotificationRejected",
    "PaymentEvent",
    "PaymentProvider",
    "PaymentRequest",
    "ProviderError",
    "ProviderRejected",
    "RefundRequest",
    "RefundStatus",
    "TradeStatus",
    "UnknownCertificate",
    "build_providers",
    "get_provider",
    "install_providers",
]

# The adapter calls that go to the gateway (network I/O, seconds when it is slow).
GATEWAY_CALLS = frozenset(
    {"create_payment", "query_payment", "refund", "query_refund", "refresh_certificates"}
)
_installed: dict[str, PaymentProvider] = {}
_lock = threading.Lock()


def build_providers(config: GatewayConfig) -> dict[str, PaymentProvider]:
    from salon_app.core.integrations.payments.alipay import AlipayProvider
    from salon_app.core.integrations.payments.card import CardProvider
    from salon_app.core.integrations.payments.wechat import WeChatPayProvider

    return {
        "wechat": WeChatPayProvider(config),
        "alipay": AlipayProvider(config),
        "card": CardProvider(config),
    }


def install_providers(providers: dict[str, PaymentProvider] | None) -> None:
    """Use these adapters from now on (None: back to the ones built from settings)."""
    with _lock:
        _installed.clear()
        _installed.update(providers or {})


def get_provider(name: str) -> PaymentProvider:
    """The adapter for `name`; KeyError for a provider we do not offer."""
    if name not in PROVIDERS:
        raise KeyError(name)
    with _lock:
        if not _installed:
            _installed.update(build_providers(GatewayConfig.from_settings()))
        return _OffTheLoop(_installed[name])  # type: ignore[return-value]


class _OffTheLoop:
    """An adapter whose gateway calls refuse to run on the event loop (core/event_loop.py)."""

    def __init__(self, adapter: PaymentProvider) -> None:
        self._adapter = adapter

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._adapter, name)
        if name not in GATEWAY_CALLS or not callable(found):
            return found

        def call(*args: Any, **kwargs: Any) -> Any:
            refuse_on_event_loop(f"payment gateway call {name}")
            return found(*args, **kwargs)

        return call
