"""The order's relay number (AXB privacy number): how its customer and technician call each other
while the contact window is open (privacy.py), without seeing each other's phone.

- The binding (customer A, technician B, relay X) is made on first use inside the window, for
  the window's length, and recorded in `privacy_binding`; a later look-up reuses it while it
  lives. A new technician on the order gets a new binding.
- The release job (`release_closed`, every few minutes) unbinds every binding whose order's
  window has closed (cancelled, refunded, past the grace after completion) or that expired.
- No free relay number (or the provider down): no number is shown, never the personal one.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel import Session, col, select

from salon_app.core.integrations.privacy_numbers import RelayError, RelayNumbers, get_relay
from salon_app.core.models import Order, PrivacyBinding, Technician, User
from salon_app.core.services.orders.privacy import contact_window

log = logging.getLogger(__name__)


def _relay(session: Session, relay: RelayNumbers | None) -> RelayNumbers:
    return relay if relay is not None else get_relay(session.get_bind())


def live_binding(session: Session, order: Order, now: datetime) -> PrivacyBinding | None:
    """The order's binding for its current technician that has not expired nor been released."""
    return session.exec(
        select(PrivacyBinding)
        .where(
            PrivacyBinding.order_id == order.id,
            PrivacyBinding.technician_id == order.technician_id,
            col(PrivacyBinding.released_at).is_(None),
            PrivacyBinding.expires_at > now,
        )
        .order_by(col(PrivacyBinding.id).desc())
    ).first()


def relay_number(
    session: Session, order: Order, now: datetime, relay: RelayNumbers | None = None
) -> str | None:
    """X for the order while its window is open (bound on first use, added to the session and
    committed by the caller); None outside the window or when no relay number is free."""
    window = contact_window(session, order, now)
    if not window.open:
        return None
    found = live_binding(session, order, now)
    if found is not None:
        return found.relay_number
    customer = session.get(User, order.customer_id)
    tech_user = session.get(User, session.get(Technician, order.technician_id).user_id)
    try:
        made = _relay(session, relay).bind(
            customer.phone, tech_user.phone, window.closes_at, order.code
        )
    except RelayError:
        log.warning("no relay number for order %s", order.code, exc_info=True)
        return None
    session.add(
        PrivacyBinding(
            order_id=order.id,
            technician_id=order.technician_id,
            subs_id=made.subs_id,
            relay_number=made.relay_number,
            created_at=now,
            expires_at=window.closes_at,
        )
    )
    return made.relay_number


def release_closed(session: Session, now: datetime, relay: RelayNumbers | None = None) -> int:
    """Unbind every unreleased binding whose order's window closed, whose technician is no
    longer the order's, or that expired; commits; returns how many were released. A binding
    the provider fails to release stays for the next run."""
    rows = session.exec(
        select(PrivacyBinding, Order)
        .join(Order, Order.id == PrivacyBinding.order_id)
        .where(col(PrivacyBinding.released_at).is_(None))
        .order_by(PrivacyBinding.id)
    ).all()
    released = 0
    for binding, order in rows:
        still = (
            binding.expires_at > now
            and binding.technician_id == order.technician_id
            and contact_window(session, order, now).open
        )
        if still:
            continue
        try:
            _relay(session, relay).unbind(binding.subs_id, binding.relay_number)
        except RelayError:
            log.warning("could not release relay binding %s", binding.id, exc_info=True)
            continue
        binding.released_at = now
        session.add(binding)
        released += 1
    session.commit()
    return released
