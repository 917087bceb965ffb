"""What happens to trades and refunds, whichever gateway's API they came through."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from salon_app.core.integrations.payments.sandbox.delivery import Courier, Outbound
from salon_app.core.integrations.payments.sandbox.state import (
    GatewayRefund,
    SandboxState,
    Trade,
    now,
)


@dataclass(frozen=True)
class Notices:
    """How one provider words its notifications (built fresh, and re-signed, per attempt)."""

    payment: Callable[[Trade], Outbound]
    refund: Callable[[GatewayRefund], Outbound]
    failure: Callable[[Trade], Outbound] | None = None  # a declined payment, if it is told


class Sandbox:
    def __init__(self, state: SandboxState, notify_base: str) -> None:
        self.state = state
        self.courier = Courier(state)
        self.notify_base = notify_base.rstrip("/")
        self.notices: dict[str, Notices] = {}

    def default_notify_url(self, provider: str) -> str:
        return f"{self.notify_base}/api/pay/{provider}/notify"

    def confirm(self, trade: Trade) -> bool:
        """The customer pressed 确认支付: the trade is paid and the merchant is told."""
        if trade.status == "paid":
            return True
        if not trade.open:
            return False
        trade.status, trade.paid_at = "paid", now()
        self.courier.send(self.notices[trade.provider].payment(trade))
        return True

    def decline(self, trade: Trade) -> None:
        """The customer gave up. Wallets keep the trade payable; a declined card fails it."""
        notices = self.notices[trade.provider]
        if trade.status == "pending" and notices.failure is not None:
            trade.status = "closed"
            self.courier.send(notices.failure(trade))

    def renotify(self, trade: Trade, copies: int | None = None) -> None:
        if trade.status == "paid":
            self.courier.spawn(
                self.courier.deliver(self.notices[trade.provider].payment(trade), copies)
            )

    def refundable(self, trade: Trade) -> int:
        return trade.amount_fen - trade.refunded_fen if trade.status == "paid" else 0

    def start_refund(self, refund: GatewayRefund, synchronous: bool = False) -> None:
        """Reserve the amount; complete now (Alipay) or after the refund delay (others)."""
        refund.trade.refunded_fen += refund.amount_fen
        self.state.refunds[(refund.provider, refund.out_refund_no)] = refund
        if synchronous:
            self.finish_refund(refund)
        else:
            self.courier.spawn(self._finish_later(refund))

    async def _finish_later(self, refund: GatewayRefund) -> None:
        b = self.state.behaviour
        await asyncio.sleep(b.refund_delay_s * b.time_factor)
        self.finish_refund(refund)

    def finish_refund(self, refund: GatewayRefund) -> None:
        if refund.status != "processing":
            return
        failed = self.state.behaviour.fail_refunds
        refund.status, refund.completed_at = ("failed" if failed else "succeeded"), now()
        if failed:
            refund.trade.refunded_fen -= refund.amount_fen
        if refund.notify_url:
            self.courier.send(self.notices[refund.provider].refund(refund))
