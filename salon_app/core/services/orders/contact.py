"""What each party of an order sees of the other, through the rule of privacy.py.

- `job_contact`: the technician's full view of the customer inside the contact window (address,
  special needs, the relay number to call); a full reveal, so every call is audited
  ("order.contact_revealed", once per call: the job page asks once per page load). Outside the
  window: privacy.window_closed, nothing revealed, nothing written.
- `customer_call_number`: the relay number the customer calls the technician through, inside the
  window only (None outside: no technician number at all, never the personal one).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations.privacy_numbers import RelayNumbers
from salon_app.core.models import User
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.orders.customer_view import own_order
from salon_app.core.services.orders.jobs import _assigned as assigned_order
from salon_app.core.services.orders.privacy import contact_window, masked_phone
from salon_app.core.services.orders.relay import relay_number
from salon_app.core.settings import get_settings


@dataclass(frozen=True)
class JobContact:
    address: str
    special_needs: str
    customer_phone_masked: str
    relay_number: str | None  # None: no relay number free right now (the page says so)


def job_contact(
    session: Session, actor: Actor | None, code: str, relay: RelayNumbers | None = None
) -> JobContact:
    """The customer's address and needs and the relay number, for the order's technician inside
    the contact window only; audited once per call (module rule)."""
    order = assigned_order(session, actor, code)
    now = utcnow()
    if not contact_window(session, order, now).open:
        raise DomainError("privacy.window_closed", hours=get_settings().contact_window_hours)
    number = relay_number(session, order, now, relay)  # before any write (the sandbox's own)
    customer = session.get(User, order.customer_id)
    audit.record(session, actor, "order.contact_revealed", "order", order.id, code=order.code)
    session.commit()
    return JobContact(
        address=order.address or "",
        special_needs=order.special_needs,
        customer_phone_masked=masked_phone(customer.phone),
        relay_number=number,
    )


def customer_call_number(
    session: Session, actor: Actor | None, code: str, relay: RelayNumbers | None = None
) -> str | None:
    """The relay number (X) the customer calls the order's technician through, from acceptance
    to the end of the window; None outside it (no technician number at all)."""
    order = own_order(session, actor, code)
    number = relay_number(session, order, utcnow(), relay)
    session.commit()
    return number
