"""The sandbox gateway's memory: trades, refunds, how it behaves, and what it delivered.

Everything runs on one asyncio loop, so a check and the change that follows it (e.g. "is there
enough left to refund?") happen without interleaving.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from salon_app.core.clock import utcnow
from salon_app.core.integrations.payments.keys import PaymentKeys


def now() -> datetime:
    """The gateway's business time (trade expiry, paid at): the app's clock, pinned in tests."""
    return utcnow()


def new_id(prefix: str, digits: int = 0) -> str:
    if digits:
        return prefix + "".join(str(secrets.randbelow(10)) for _ in range(digits))
    return prefix + secrets.token_hex(12)


@dataclass
class Behaviour:
    """Knobs for tests and demos, changed at run time through /_sandbox/behaviour."""

    time_factor: float = 1.0  # retry schedules and refund delays are multiplied by this
    duplicates: int = 1  # each notification is first sent this many times (separately signed)
    parallel: bool = False  # ... all at once
    shuffle: bool = False  # ... in a random order
    hold: bool = False  # keep notifications until /_sandbox/release
    refund_delay_s: float = 3.0  # WeChat and card refunds complete after this (x time_factor)
    fail_refunds: bool = False  # refunds end ABNORMAL / failed instead of succeeding
    seed: int = 0

    def update(self, changes: dict[str, Any]) -> None:
        for name, value in changes.items():
            if name in self.__dataclass_fields__:
                kind = type(getattr(self, name))
                setattr(self, name, kind(value))


@dataclass
class Trade:
    provider: str
    out_trade_no: str
    amount_fen: int
    description: str
    notify_url: str
    return_url: str
    token: str  # what the pay page is found by: prepay id, Alipay trade no, intent id
    txn_id: str  # the gateway's transaction id
    currency: str = "CNY"
    status: str = "pending"  # pending | paid | closed
    created_at: datetime = field(default_factory=now)
    paid_at: datetime | None = None
    expires_at: datetime | None = None
    refunded_fen: int = 0  # reserved by refunds in flight and done

    @property
    def open(self) -> bool:
        return self.status == "pending" and (self.expires_at is None or now() < self.expires_at)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("created_at", "paid_at", "expires_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


@dataclass
class GatewayRefund:
    provider: str
    out_refund_no: str
    refund_id: str
    trade: Trade
    amount_fen: int
    reason: str
    notify_url: str
    status: str = "processing"  # processing | succeeded | failed
    created_at: datetime = field(default_factory=now)
    completed_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "out_refund_no": self.out_refund_no,
            "refund_id": self.refund_id,
            "out_trade_no": self.trade.out_trade_no,
            "amount_fen": self.amount_fen,
            "status": self.status,
        }


@dataclass
class MerchantIds:
    wechat_mchid: str
    wechat_appid: str
    alipay_appid: str
    card_merchant_id: str


class SandboxState:
    def __init__(self, keys: PaymentKeys, merchant: MerchantIds, behaviour: Behaviour) -> None:
        self.keys = keys
        self.merchant = merchant
        self.default_behaviour = behaviour
        self.behaviour = Behaviour(**asdict(behaviour))
        self.trades: dict[tuple[str, str], Trade] = {}
        self.by_token: dict[tuple[str, str], Trade] = {}
        self.refunds: dict[tuple[str, str], GatewayRefund] = {}
        self.deliveries: list[dict[str, Any]] = []

    def add_trade(self, trade: Trade) -> Trade:
        self.trades[(trade.provider, trade.out_trade_no)] = trade
        self.by_token[(trade.provider, trade.token)] = trade
        return trade

    def trade(self, provider: str, out_trade_no: str) -> Trade | None:
        return self.trades.get((provider, out_trade_no))

    def trade_by_token(self, provider: str, token: str) -> Trade | None:
        return self.by_token.get((provider, token))

    def refunds_of(self, trade: Trade) -> list[GatewayRefund]:
        return [r for r in self.refunds.values() if r.trade is trade]

    def reset(self) -> None:
        self.behaviour = Behaviour(**asdict(self.default_behaviour))
        self.trades.clear()
        self.by_token.clear()
        self.refunds.clear()
        self.deliveries.clear()
