"""The price breakdown a customer sees: live on the booking panel (list price, member price,
each promotion, the coupon picked — the best one until they choose —, points, to pay), and
an order's discount lines on its page. Prices come from services/pricing only."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from salon_app.auth.session_state import error_text
from salon_app.components.browser_input import row_id, small_number
from salon_app.components.format import money
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.live_feed import PUBLIC, SharedReads
from salon_app.core.services import pricing
from salon_app.i18n import t

NO_COUPON = "none"
# A visitor's price (list price and running promotions: no coupons, points or member price) is
# everyone's: shared until a public page changes (live_feed.shared_reads).
_VISITORS_QUOTES: SharedReads[pricing.Quote] = SharedReads()


def _line_label(source: str, label: str) -> str:
    return t(f"pricing.line.{source}", name=label, label=label)


def line_rows(lines: Sequence[pricing.PriceLine | pricing.OrderDiscount]) -> list[dict[str, str]]:
    return [
        {
            "source": x.source,
            "label": _line_label(x.source, x.label),
            "amount": "-" + money(x.amount_fen),
            "merchant": t("pricing.funded.merchant") if x.funded_by == "merchant" else "",
        }
        for x in lines
    ]


class PricePanel(rx.State, mixin=True):
    """Mixed into a booking state that says what is booked (`_price_basket`)."""

    price_list: str = ""
    price_rows: list[dict[str, str]] = []
    price_total: str = ""
    price_saved: str = ""
    price_error: str = ""
    price_anonymous: bool = False
    coupon_choices: list[dict[str, str]] = []
    coupon_choice: str = NO_COUPON
    points_on: bool = False
    points_amount: str = ""
    points_hint: str = ""
    points_usable: bool = False
    _coupon_auto: bool = True  # the best coupon until the customer picks one
    _points_wanted: int | None = None  # None: as many as allowed

    def _price_basket(self) -> tuple[int, list[int]] | None:
        raise NotImplementedError

    def _coupon_id(self) -> int | None:
        return None if self.coupon_choice == NO_COUPON else row_id(self.coupon_choice)

    def _points(self) -> int:
        wanted = small_number(self.points_amount) or 0
        return wanted if self.points_on and self.points_usable else 0

    def _requote(self) -> None:
        """Price the visit as it stands; a coupon or points no longer possible are dropped
        (the reason is shown) rather than leaving the customer without a price."""
        basket = self._price_basket()
        self.price_error = ""
        if not basket or not basket[1]:
            self.price_rows, self.price_list, self.price_total = [], "", ""
            return
        if not self.auth_token:
            self._quote_for_visitor(basket)
            return
        with session_scope() as session:
            actor = self._actor(session)
            self.price_anonymous = actor is None or actor.role != "customer"
            try:
                q = base = pricing.booking_quote(session, actor, *basket)
            except DomainError:  # e.g. a service withdrawn: the booking itself will say so
                self.price_rows, self.price_list, self.price_total = [], "", ""
                return
            if self._coupon_auto:
                self.coupon_choice = str(base.best_coupon_id or NO_COUPON)
            try:
                if self._coupon_id() is not None:
                    q = pricing.booking_quote(session, actor, *basket, self._coupon_id())
            except DomainError as err:
                self.price_error, self.coupon_choice = error_text(err), NO_COUPON
            self._show_points(q)
            if self._points():
                q = pricing.booking_quote(session, actor, *basket, q.coupon_id, self._points())
        self._show(q)

    def _quote_for_visitor(self, basket: tuple[int, list[int]]) -> None:
        self.price_anonymous, self.coupon_choice = True, NO_COUPON
        try:
            q = self._public_read(
                _VISITORS_QUOTES,
                (basket[0], tuple(basket[1])),
                lambda session: pricing.booking_quote(session, None, *basket),
                lambda _: (PUBLIC,),
            )
        except DomainError:
            self.price_rows, self.price_list, self.price_total = [], "", ""
            return
        self._show_points(q)
        self._show(q)

    def _show_points(self, q: pricing.Quote) -> None:
        self.points_usable = q.points_max > 0
        wanted = q.points_max if self._points_wanted is None else self._points_wanted
        self.points_amount = str(min(wanted, q.points_max))
        self.points_hint = (
            t("pricing.points_hint", have=q.points_balance, max=q.points_max,
              amount=money(q.points_max))
            if q.points_max
            else t("pricing.points_none")
        )  # fmt: skip

    def _show(self, q: pricing.Quote) -> None:
        self.price_list = money(q.list_fen)
        self.price_rows = line_rows(q.lines)
        self.price_total = money(q.total_fen)
        saved = q.list_fen - q.total_fen
        self.price_saved = t("pricing.saved", amount=money(saved)) if saved else ""
        self.coupon_choices = [
            {
                "value": str(o.coupon_id),
                "label": t("pricing.coupon_option", name=o.name, saving=money(o.saving_fen)),
                "best": t("pricing.coupon_best") if o.coupon_id == q.best_coupon_id else "",
            }
            for o in q.coupons
        ]

    @rx.event
    def choose_coupon(self, value: str) -> None:
        if value == NO_COUPON or any(c["value"] == value for c in self.coupon_choices):
            self.coupon_choice, self._coupon_auto = str(value), False
            self._requote()

    @rx.event
    def toggle_points(self, on: bool) -> None:
        self.points_on = bool(on)
        self._requote()

    @rx.event
    def set_points(self, value: str) -> None:
        """The number of points typed; anything but a whole number means "as many as allowed"."""
        self._points_wanted = small_number(value)
        self._requote()


def _line(label: rx.Var | str, amount: rx.Var | str, line_id: str) -> rx.Component:
    return rx.hstack(
        rx.text(label, size="2"),
        rx.spacer(),
        rx.text(amount, size="2", id=line_id),
        width="100%",
    )


def _discount_row(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(row["label"], size="2"),
        rx.cond(row["merchant"] != "", rx.badge(row["merchant"], variant="soft", size="1")),
        rx.spacer(),
        rx.text(row["amount"], size="2", color_scheme="red"),
        width="100%",
        class_name="price-line",
        custom_attrs={"data-source": row["source"]},
    )


def _coupon_picker(s: type[PricePanel]) -> rx.Component:
    def chip(value: rx.Var | str, label: rx.Var | str, chip_id: rx.Var | str) -> rx.Component:
        return rx.button(
            label,
            on_click=s.choose_coupon(value),
            variant=rx.cond(s.coupon_choice == value, "solid", "outline"),
            size="1",
            id=chip_id,
            class_name="coupon-choice",
        )

    return rx.vstack(
        rx.text(t("pricing.coupon"), size="2", weight="medium"),
        rx.cond(
            s.coupon_choices.length() > 0,
            rx.flex(
                rx.foreach(
                    s.coupon_choices,
                    lambda c: chip(
                        c["value"], c["label"] + " " + c["best"], "coupon-" + c["value"]
                    ),
                ),
                chip(NO_COUPON, t("pricing.coupon_none"), "coupon-none"),
                wrap="wrap",
                gap="6px",
            ),
            rx.text(t("pricing.no_coupons"), size="1", color_scheme="gray"),
        ),
        width="100%",
        spacing="1",
    )


def _points_picker(s: type[PricePanel]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(t("pricing.points_use"), size="2", weight="medium"),
            rx.spacer(),
            rx.switch(
                checked=s.points_on,
                on_change=s.toggle_points,
                disabled=~s.points_usable,
                id="points-toggle",
            ),
            width="100%",
        ),
        rx.text(s.points_hint, size="1", color_scheme="gray", id="points-hint"),
        rx.cond(
            s.points_on & s.points_usable,
            rx.input(
                default_value=s.points_amount,
                key=s.points_amount,
                on_blur=s.set_points,
                input_mode="numeric",
                placeholder=t("pricing.points_amount"),
                id="points-amount",
                width="8em",
            ),
        ),
        width="100%",
        spacing="1",
    )


def price_panel(s: type[PricePanel]) -> rx.Component:
    """The live breakdown with the coupon and points pickers (booking panel)."""
    return rx.cond(
        s.price_total != "",
        rx.vstack(
            rx.heading(t("pricing.title"), size="3"),
            _line(t("pricing.list"), s.price_list, "price-list"),
            rx.foreach(s.price_rows, _discount_row),
            rx.cond(
                s.price_anonymous,
                rx.text(t("pricing.login_hint"), size="1", color_scheme="gray"),
                rx.vstack(_coupon_picker(s), _points_picker(s), width="100%", spacing="3"),
            ),
            rx.cond(s.price_error != "", rx.callout(s.price_error, color_scheme="amber", size="1")),
            rx.divider(),
            rx.hstack(
                rx.text(t("pricing.to_pay"), weight="bold"),
                rx.spacer(),
                rx.text(s.price_total, weight="bold", size="4", id="price-total"),
                width="100%",
            ),
            rx.text(s.price_saved, size="1", color_scheme="red", id="price-saved"),
            width="100%",
            spacing="2",
            id="price-breakdown",
        ),
    )


def order_discounts_view(rows: rx.Var, list_price: rx.Var, total: rx.Var) -> rx.Component:
    """An order's discount lines between its list price and what it costs."""
    return rx.cond(
        rows.length() > 0,
        rx.card(
            rx.vstack(
                rx.text(t("pricing.discounts"), size="2", weight="medium"),
                _line(t("pricing.list"), list_price, "order-list-price"),
                rx.foreach(rows, _discount_row),
                rx.divider(),
                _line(t("pricing.to_pay"), total, "order-to-pay"),
                width="100%",
                spacing="2",
            ),
            width="100%",
            id="order-discounts",
        ),
    )
