"""My orders (four tabs) and one order: pay, follow, reschedule, cancel, review, complain.

Photos chosen for a review or a complaint wait in FeedbackPhotos until their form is sent;
complaint photos are shown only after the service allowed this viewer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text, error_toast, in_worker_thread
from salon_app.components import live
from salon_app.components.browser_input import row_id
from salon_app.components.complaint_view import ComplaintPhotos, complaint_row
from salon_app.components.format import (
    distance_text,
    local_datetime,
    local_time,
    money,
)
from salon_app.components.slot_week import WEEK_DAYS, day_to_show, slot_week
from salon_app.components.thread import OrderThread, message_rows
from salon_app.components.visit_safety import SosPanel
from salon_app.core import live_feed
from salon_app.core.clock import local_today, utcnow
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import auth, orders, payments, pricing
from salon_app.core.services.access import Actor
from salon_app.core.services.booking import changes as order_changes
from salon_app.core.services.feedback import complaints, reviews
from salon_app.core.services.notifications import my_notifications
from salon_app.core.services.orders import messages
from salon_app.core.services.payments import refunds
from salon_app.customer.orders.call import OrderCallState
from salon_app.customer.orders.feedback_photos import FeedbackPhotos
from salon_app.customer.orders.giveback import GiveBackFigures
from salon_app.customer.orders.proposals import ProposalAnswers
from salon_app.customer.orders.visit_panel import VisitPanel
from salon_app.customer.price_panel import line_rows
from salon_app.i18n import t

TABS = list(orders.TABS)
PROVIDERS = ("wechat", "alipay", "card")


def _summary_row(o: orders.OrderSummary) -> dict[str, str]:
    return {
        "code": o.code,
        "href": routes.order(o.code),
        "status": t(f"order.status.{o.status}"),
        "services": "、".join(o.service_names),
        "technician": o.technician_name,
        "when": local_datetime(o.starts_at),
        "total": money(o.total_fen),
    }


class OrdersState(SessionState):
    tab: str = "pending_payment"
    rows: list[dict[str, str]] = []
    notices: list[dict[str, str]] = []

    @rx.event
    def load(self) -> list | None:
        wanted = self._param("tab")
        self.tab = wanted if wanted in TABS else self.tab
        return self._reload()

    def _reload(self) -> list | None:
        data, events = self._guarded(
            lambda s, actor: (orders.my_orders(s, actor, self.tab), my_notifications(s, actor, 5))
        )
        if data is not None:
            found, notes = data
            self.rows = [_summary_row(o) for o in found]
            self.notices = [
                {"text": t(n.key, **n.params), "when": local_datetime(n.created_at)} for n in notes
            ]
        return events

    @rx.event
    def choose_tab(self, tab: str) -> list | None:
        if tab in TABS:
            self.tab = tab
            return self._reload()
        return None


def _check_payment(token: str, code: str) -> None:
    try:
        with session_scope() as session:
            actor = auth.resolve(session, token)
            payments.check_with_gateway(session, actor, orders.own_order(session, actor, code).id)
    except DomainError:
        pass  # signed out or not theirs: the page already says so


class OrderState(
    live.LivePage,
    OrderCallState,
    SosPanel,
    VisitPanel,
    ProposalAnswers,
    GiveBackFigures,
    ComplaintPhotos,
    FeedbackPhotos,
    OrderThread,
    SessionState,
):
    code: str = ""
    detail: dict[str, str] = {}
    status: str = ""
    timeline: list[dict[str, str]] = []
    complaint_rows: list[dict[str, str]] = []
    cancel_terms: str = ""
    days: list[dict[str, str]] = []
    day: str = ""
    slots: list[dict[str, str]] = []
    form_error: str = ""
    refund_rows: list[dict[str, str]] = []
    discount_rows: list[dict[str, str]] = []
    _week: dict[str, list[dict[str, str]]] = {}

    @rx.event
    @in_worker_thread  # may bind the order's privacy number (the relay provider: network)
    def load(self) -> list | None:
        self.code = self._param("order_code")
        self.form_error = self.photos_for = ""
        self.complaint_photos = []
        self._forget_photos()
        self._close_panels()
        return self._reload()

    def _reload(self) -> list | None:
        def read(s: Session, actor: Actor) -> tuple:
            detail = orders.order_detail(s, actor, self.code)  # refuses someone else's order
            return (
                detail,
                complaints.order_complaints(s, actor, self.code),
                messages.visible_thread(s, actor, self.code),
                refunds.order_refunds(s, actor, detail.id),
                pricing.order_discounts(s, actor, detail.id),
            )

        data, events = self._guarded(read)
        if data is not None:
            self._fill(data[0], data[1])
            self.discount_rows = line_rows(data[4])
            self.detail["list"] = money(data[0].total_fen + sum(x.amount_fen for x in data[4]))
            self.thread = message_rows(data[2])
            self.refund_rows = [
                {
                    "amount": money(r.amount_fen),
                    "status": t(f"refund.status.{r.status}"),
                    "when": local_datetime(r.created_at),
                }
                for r in data[3]
            ]
            self._load_proposals()
            self._load_giveback(data[0].status in ("cancelled", "refunded"))
            self._load_sos()
            self._load_visit(data[0].status, data[0].service_step, data[0].technician_name != "")
        return events

    def _watched(self) -> live.Watched:
        """The technician's steps and messages appear without reload. The order is the one in
        the address (the watch may start before the page's load has set `code`)."""
        code = self._param("order_code")
        return live.Watched(
            "/orders/",
            lambda s, a: orders.order_version(s, a, code),
            lambda s, a: [live_feed.order(orders.own_order(s, a, code).id)],
        )

    @rx.event(background=True)
    async def check_payment(self) -> None:
        """Back from a cashier before its notification: ask the gateway (the watch shows it)."""
        async with self:
            token, code, unpaid = self.auth_token, self.code, self.status == "pending_payment"
        if unpaid and token:
            await asyncio.to_thread(_check_payment, token, code)

    def _fill(self, d: orders.OrderDetail, filed: list[complaints.ComplaintView]) -> None:
        self.status = d.status
        self.detail = {
            "code": d.code,
            "status": t(f"order.status.{d.status}"),
            "services": "、".join(d.service_names),
            "technician": d.technician_name,
            "when": f"{local_datetime(d.starts_at)} – {local_time(d.ends_at)}",
            "place": (d.address or "") if d.at_home else (d.shop_name or ""),
            "mode": t("common.at_home") if d.at_home else t("common.in_shop"),
            "shop": d.shop_name or "",
            "shop_link": routes.shop(d.shop_id) if d.shop_id else "",
            "needs": d.special_needs,
            "total": money(d.total_fen),
            "hold": t("order.hold_until", time=local_time(d.hold_expires_at))
            if d.status == "pending_payment" and d.hold_expires_at
            else "",
            "step": t(f"order.step.{d.service_step}") if d.service_step else "",
        }
        self.timeline = [
            {
                "what": t(f"order.event.{e.kind}"),
                "when": local_datetime(e.at),
                "where": distance_text(e.distance_m),
            }
            for e in d.timeline
        ]
        self.complaint_rows = [complaint_row(c) for c in filed]
        self._load_call(d.contact_open, d.status)

    def _close_panels(self) -> None:
        """Close the cancel and reschedule panels (not on a live refresh: the customer may be
        using them while the technician moves on)."""
        self.cancel_terms = ""
        self.giveback_preview = []
        self.days = []
        self.slots = []

    def _act(self, call, success_key: str) -> list | None:  # noqa: ANN001 - a service call
        """Run one service call as the current user, then show the fresh order."""
        self.form_error = ""
        try:
            with session_scope() as session:
                actor = self._actor(session)
                call(session, actor)
        except DomainError as err:
            self.form_error = error_text(err)
            return [error_toast(err)]
        self._close_panels()
        return [rx.toast.success(t(success_key)), *(self._reload() or [])]

    @rx.event
    @in_worker_thread
    def pay(self, provider: str) -> list | None:
        """Send the customer to the provider's cashier; the notification marks the order paid."""
        if provider not in PROVIDERS:
            return None
        self.form_error = ""
        try:
            with session_scope() as session:
                actor = self._actor(session)
                order = orders.own_order(session, actor, self.code)
                start = payments.start_payment(session, actor, order.id, provider)
        except DomainError as err:
            self.form_error = error_text(err)
            return [error_toast(err)]
        return [rx.redirect(start.pay_url)]

    @rx.event
    def preview_cancel(self) -> None:
        try:
            with session_scope() as session:
                order = orders.own_order(session, self._actor(session), self.code)
                terms = order_changes.cancel_terms(order, utcnow())
        except DomainError as err:
            self.form_error = error_text(err)
            return
        self._preview_giveback(utcnow())
        if terms.refund_fen == 0 and terms.fee_fen == 0:
            self.cancel_terms = t("order.cancel_unpaid")
        elif terms.free:
            self.cancel_terms = t("order.cancel_free", refund=money(terms.refund_fen))
        else:
            self.cancel_terms = t(
                "order.cancel_fee", fee=money(terms.fee_fen), refund=money(terms.refund_fen)
            )

    @rx.event
    @in_worker_thread
    def cancel(self, form: dict) -> list | None:
        reason = str(form.get("reason", ""))
        return self._act(
            lambda s, a: order_changes.cancel(s, a, self.code, reason), "order.cancelled_ok"
        )

    @rx.event
    def open_reschedule(self) -> list | None:
        """The coming week's free times of the order's technician, first free day shown."""
        starts, events = self._guarded(
            lambda s, actor: order_changes.reschedule_slots(
                s, actor, self.code, local_today(), WEEK_DAYS
            )
        )
        self.days, self._week = slot_week(starts or [])
        self.day = day_to_show(self.days, "")
        self.slots = self._week.get(self.day, [])
        return events

    @rx.event
    def choose_day(self, day: str) -> None:
        if any(d["value"] == day for d in self.days):
            self.day, self.slots = day, self._week.get(day, [])

    @rx.event
    def reschedule(self, value: str) -> list | None:
        if not any(s["value"] == value for s in self.slots):
            return None
        new_start = datetime.fromisoformat(value)
        return self._act(
            lambda s, a: order_changes.reschedule(s, a, self.code, new_start),
            "order.rescheduled_ok",
        )

    def _send_with_photos(
        self, form: str, call: Callable[[Session, Actor | None, list[bytes]], object], key: str
    ) -> list | None:
        """Send a form with the photos waiting for it; they are let go once it is saved."""
        sent = self._pending_photos(form)
        events = self._act(lambda s, a: call(s, a, sent), key)
        if not self.form_error:
            self._set_pending(form, [], [])
        return events

    @rx.event
    @in_worker_thread
    def review(self, form: dict) -> list | None:
        def score(name: str) -> int:
            return row_id(form.get(name))

        ratings, text = (
            (score("attitude"), score("skill"), score("effect")),
            str(form.get("text", "")),
        )
        return self._send_with_photos(
            "review",
            lambda s, a, sent: reviews.review_order(s, a, self.code, *ratings, text, sent),
            "review.thanks",
        )

    @rx.event
    @in_worker_thread
    def complain(self, form: dict) -> list | None:
        kind, reason = str(form.get("kind", "")), str(form.get("reason", ""))
        return self._send_with_photos(
            "complaint",
            lambda s, a, sent: complaints.open_complaint(s, a, self.code, kind, reason, sent),
            "complaint.filed",
        )
