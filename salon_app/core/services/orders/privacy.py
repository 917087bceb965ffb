"""Who sees a customer's or a technician's phone number or address, and until when: the one rule.

The contact window of an order opens when a technician accepts it (dispatch_state "accepted";
being paid is not enough) and closes `settings.contact_window_hours` (24) after completion; it
is closed for good once the order is cancelled or fully refunded (status "refunded", or refunds
not failed adding up to what was paid).
- Inside the window the technician sees the customer's full address and special needs (a full
  reveal: audited once per page load, orders/contact.py), and both sides call each other only
  through the order's relay number X (orders/relay.py): neither sees the other's phone.
- Outside it the technician sees the customer's phone masked (138****8001) and the district of
  the address instead of the address; the customer sees no technician number at all.
- Order messages (messages.py) can be written only inside the window; outside it the technician
  no longer reads the thread (the customer still reads their own).
- A notification (stored text, read later) never carries a personal phone: the paid-order notice
  names the shop's public contact number, or no number for an independent technician.
- Shop staff and admins at the complaint desk see the customer by display name only, never phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.demo.shenzhen import DISTRICTS
from salon_app.core.models import Merchant, Order, Refund
from salon_app.core.models import OrderStatus as S
from salon_app.core.services.auth import mask
from salon_app.core.settings import get_settings

LIVE = (S.pending_service, S.in_service)
DONE = (S.completed, S.reviewed)


@dataclass(frozen=True)
class ContactWindow:
    open: bool
    closes_at: datetime | None  # an open window closes then at the latest (a running job: an
    # estimate, the end of the appointment plus the grace period, moved on at completion)


CLOSED = ContactWindow(False, None)


def contact_window(session: Session, order: Order, now: datetime) -> ContactWindow:
    """The window in which the order's customer and technician may reach each other (module
    rule): from acceptance to `contact_window_hours` after completion; never once cancelled or
    fully refunded."""
    if order.technician_id is None or order.dispatch_state != "accepted":
        return CLOSED
    grace = timedelta(hours=get_settings().contact_window_hours)
    if order.status in LIVE:
        return ContactWindow(True, max(order.ends_at, now) + grace)
    if order.status in DONE and order.completed_at is not None:
        closes = order.completed_at + grace
        if now < closes and not fully_refunded(session, order):
            return ContactWindow(True, closes)
    return CLOSED


def fully_refunded(session: Session, order: Order) -> bool:
    """Refunds asked for or made (not failed) add up to everything the customer paid."""
    if order.status == S.refunded:
        return True
    if order.paid_at is None or order.total_fen <= 0:
        return False
    back = session.exec(
        select(func.coalesce(func.sum(Refund.amount_fen), 0)).where(
            Refund.order_id == order.id, col(Refund.status) != "failed"
        )
    ).one()
    return back >= order.total_fen


def district_of(address: str | None) -> str:
    """The coarse place a job shows outside the window: the district named in the address."""
    return next((d.name for d in DISTRICTS if address and d.name in address), "")


def masked_phone(e164: str | None) -> str:
    """138****8001: what a party sees of the other's number (never more)."""
    return mask(e164) if e164 else ""


def phone_in_paid_notice(shop: Merchant | None) -> str | None:
    """The number a paid-order notification may carry: the shop's public one, else none."""
    return shop.contact_phone if shop is not None else None


def customer_name_for_staff(display_name: str | None) -> str:
    """How the complaint desk shows a customer: display name only, never the phone."""
    return display_name or ""
