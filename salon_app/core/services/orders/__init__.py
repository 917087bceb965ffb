"""An order's life after it is booked: the state machine (flow.py: every status change goes through
`transition`, recorded with actor and time), what the customer sees (customer_view.py), the
technician's job board and progress steps (jobs.py), where the technician was at a step
(positions.py), when the progress steps may happen (visit_clock.py) and whether the technician
really arrived (arrival.py: by position or confirmed by the customer), the order's message
thread (messages.py), and privacy.py: the one rule for who sees a customer's or a technician's
phone number or address, and from when until when; what each party sees through it
(contact.py) and the order's AXB relay number (relay.py).
"""

from __future__ import annotations

from salon_app.core.services.orders import contact, jobs, messages, positions, relay
from salon_app.core.services.orders.arrival import arrival_state, confirm_arrival
from salon_app.core.services.orders.customer_view import (
    TABS,
    OrderDetail,
    OrderSummary,
    my_orders,
    order_detail,
    order_version,
    own_order,
    services_by_order,
)
from salon_app.core.services.orders.flow import record_created, transition
from salon_app.core.services.orders.jobs import withdraw_offers
from salon_app.core.services.orders.privacy import customer_name_for_staff, phone_in_paid_notice

__all__ = [
    "TABS",
    "OrderDetail",
    "OrderSummary",
    "arrival_state",
    "confirm_arrival",
    "contact",
    "customer_name_for_staff",
    "jobs",
    "messages",
    "my_orders",
    "order_detail",
    "order_version",
    "own_order",
    "phone_in_paid_notice",
    "positions",
    "record_created",
    "relay",
    "services_by_order",
    "transition",
    "withdraw_offers",
]
