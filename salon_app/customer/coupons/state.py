"""The coupon centre (claim, or buy with points) and my coupons (three tabs).

The browser sends only which template and, for a purchase, the request key it was shown with
the card: a double click sends the same key twice, and the service buys once. Keys are made
here, fresh each time the cards are drawn.
"""

from __future__ import annotations

import secrets

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_toast
from salon_app.components.browser_input import row_id
from salon_app.components.coupon_text import condition_text, scope_text, validity_text, value_text
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import marketing
from salon_app.i18n import t

TABS = list(marketing.COUPON_TABS)


def _card(c: marketing.CentreCard) -> dict[str, str]:
    return {
        "id": str(c.template_id),
        "key": secrets.token_hex(8),
        "kind": t(f"coupon.kind.{c.terms.kind}"),
        "name": c.terms.name,
        "value": value_text(c.terms),
        "condition": condition_text(c.terms),
        "scope": scope_text(c.terms),
        "validity": validity_text(c.valid_from, c.valid_until, c.valid_days),
        "remaining": t("coupon.remaining", left=c.remaining, total=c.total_stock),
        "points": t("coupon.redeem", points=c.points_cost) if c.points_cost else "",
        "state": c.state,
        "state_text": "" if c.state == "open" else t(f"coupon.state.{c.state}"),
    }


def _mine(c: marketing.MyCoupon) -> dict[str, str]:
    return {
        "id": str(c.id),
        "kind": t(f"coupon.kind.{c.terms.kind}"),
        "name": c.terms.name,
        "value": value_text(c.terms),
        "condition": condition_text(c.terms),
        "scope": scope_text(c.terms),
        "validity": validity_text(c.valid_from, c.valid_until),
        "status": c.status,
        "status_text": t(f"coupon.status.{c.status}"),
        "order": t("coupon.used_on", code=c.order_code) if c.order_code else "",
        "order_href": routes.order(c.order_code) if c.order_code else "",
    }


class CouponCentreState(SessionState):
    cards: list[dict[str, str]] = []

    def _show(self, session: object, actor: object) -> None:
        self.cards = [_card(c) for c in marketing.coupon_centre(session, actor)]

    @rx.event
    def load(self) -> list | None:
        _, events = self._guarded(self._show)
        return events

    def _act(self, call: object) -> list:
        with session_scope() as session:
            actor = self._actor(session)
            if actor is None:
                return [rx.redirect(routes.LOGIN)]
            try:
                done = call(session, actor)
            except DomainError as err:
                self._show(session, actor)
                return [error_toast(err)]
            self._show(session, actor)
        if done.points_spent and done.again:
            return [rx.toast.info(t("coupon.redeemed_again", name=done.template_name))]
        if done.points_spent:
            text = t("coupon.redeemed_toast", name=done.template_name, points=done.points_spent)
            return [rx.toast.success(text)]
        return [rx.toast.success(t("coupon.claimed_toast", name=done.template_name))]

    @rx.event
    def claim(self, template_id: str) -> list:
        return self._act(lambda s, a: marketing.claim(s, a, row_id(template_id)))

    @rx.event
    def redeem(self, template_id: str, key: str) -> list:
        return self._act(
            lambda s, a: marketing.redeem_with_points(s, a, row_id(template_id), str(key)[:40])
        )


class MyCouponsState(SessionState):
    tab: str = "available"
    coupons: list[dict[str, str]] = []

    @rx.event
    def load(self) -> list | None:
        wanted = self._param("tab")
        self.tab = wanted if wanted in TABS else "available"
        return self._reload()

    def _reload(self) -> list | None:
        found, events = self._guarded(lambda s, a: marketing.my_coupons(s, a, self.tab))
        if found is not None:
            self.coupons = [_mine(c) for c in found]
        return events

    @rx.event
    def show_tab(self, tab: str) -> list | None:
        if tab not in TABS:
            return None
        self.tab = tab
        return self._reload()
