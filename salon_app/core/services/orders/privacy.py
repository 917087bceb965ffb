"""Who sees a customer's or a technician's phone number or address, and from when: the one rule.

- The technician sees the customer's phone, full address and special needs only once the job is
  accepted (dispatch_state "accepted"); before that, a job shows the district of the address.
- The customer sees the technician's phone on the order page once the order is paid.
- A notification (stored text, read later) never carries a personal phone: the paid-order notice
  names the shop's public contact number, or no number for an independent technician.
- Shop staff and admins at the complaint desk see the customer by display name only, never phone.
"""

from __future__ import annotations

from salon_app.core.demo.shenzhen import DISTRICTS
from salon_app.core.models import Merchant, Order


def technician_sees_customer_contact(order: Order) -> bool:
    """The customer's phone, address and needs are shown to the technician once accepted."""
    return order.dispatch_state == "accepted"


def district_of(address: str | None) -> str:
    """The coarse place a job shows before it is accepted: the district named in the address."""
    return next((d.name for d in DISTRICTS if address and d.name in address), "")


def customer_sees_technician_phone(order: Order) -> bool:
    """The technician's phone is on the customer's order page once the order is paid."""
    return order.technician_id is not None and order.paid_at is not None


def phone_in_paid_notice(shop: Merchant | None) -> str | None:
    """The number a paid-order notification may carry: the shop's public one, else none."""
    return shop.contact_phone if shop is not None else None


def customer_name_for_staff(display_name: str | None) -> str:
    """How the complaint desk shows a customer: display name only, never the phone."""
    return display_name or ""
