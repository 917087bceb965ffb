"""Who runs an offer: the platform (operators holding manage_marketing) or one shop (its
owner or manager: Capability.manage_marketing). Every promotion and campaign service starts
here; a shop is confined to its own rows and its own customers and services.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from salon_app.core.errors import PermissionDenied
from salon_app.core.models import Order, Role, Technician, TechnicianService
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.merchants import Capability, require_shop


@dataclass(frozen=True)
class Marketer:
    """The acting operator or shop staff member, and the shop they act for (None: platform)."""

    actor: Actor
    merchant_id: int | None

    @property
    def funded_by(self) -> str:
        return "platform" if self.merchant_id is None else "merchant"


def marketer(session: Session, actor: Actor | None) -> Marketer:
    """The actor as a marketer, or PermissionDenied (support, finance, front desk, customers)."""
    if actor is not None and actor.role == Role.merchant:
        seat = require_shop(session, actor, Capability.manage_marketing)
        return Marketer(actor, seat.merchant_id)
    return Marketer(require_admin(session, actor, Permission.manage_marketing), None)


def owns(who: Marketer, merchant_id: int | None) -> bool:
    """Whether a row of `merchant_id` (None: the platform's) belongs to the marketer."""
    return who.merchant_id == merchant_id


def refuse_unless_owned(who: Marketer, merchant_id: int | None) -> None:
    """Another owner's row reads as missing to a shop (it never learns what exists)."""
    if not owns(who, merchant_id):
        raise PermissionDenied()


def shop_services(session: Session, merchant_id: int) -> set[int]:
    """The ids of the services the shop's technicians offer."""
    rows = session.exec(
        select(TechnicianService.service_id)
        .join(Technician, col(Technician.id) == col(TechnicianService.technician_id))
        .where(Technician.merchant_id == merchant_id)
        .distinct()
    ).all()
    return set(rows)


def shop_customers(session: Session, merchant_id: int) -> list[int]:
    """A shop's own customers: everyone with a paid order at the shop, ascending."""
    rows = session.exec(
        select(Order.customer_id)
        .where(Order.merchant_id == merchant_id, col(Order.paid_at).is_not(None))
        .distinct()
        .order_by(col(Order.customer_id))
    ).all()
    return list(rows)
