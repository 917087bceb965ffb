"""Who may do what inside a shop: the one permission table every shop service checks.

A merchant-role user works for one shop (MerchantStaff) in one role. `require_shop` is the
lock: it re-reads the actor's seat from the database (a removed or demoted member loses the
right at once) and refuses a role the table does not allow. It returns the shop id the
service must confine itself to, so a merchant never reads or touches another shop's rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, select

from salon_app.core.errors import PermissionDenied
from salon_app.core.models import MerchantStaff, ShopRole
from salon_app.core.services.access import Actor, require_merchant


class Capability(StrEnum):
    view_shop = "view_shop"  # the dashboard itself: settings, lists, the technicians
    edit_shop = "edit_shop"  # name, address, contact, intro, hours, closures, media
    publish_announcements = "publish_announcements"
    reply_reviews = "reply_reviews"  # reply, edit the reply, report a review
    review_applicants = "review_applicants"  # approve or reject technicians who apply
    verify_certificates = "verify_certificates"
    manage_technicians = "manage_technicians"  # posts (岗位) and service areas
    edit_rota = "edit_rota"
    see_statistics = "see_statistics"  # statistics and money
    manage_staff = "manage_staff"  # invite, change roles, remove
    manage_marketing = "manage_marketing"  # the shop's coupons, promotions and campaigns
    manage_learning = "manage_learning"  # the shop's courses, assignments, training events
    moderate_board = "moderate_board"  # the shop's private community board


C = Capability
PERMISSIONS: dict[ShopRole, frozenset[Capability]] = {
    ShopRole.owner: frozenset(Capability),
    ShopRole.manager: frozenset(Capability) - {C.manage_staff},
    ShopRole.front_desk: frozenset({C.view_shop, C.reply_reviews, C.edit_rota}),
}


@dataclass(frozen=True)
class Seat:
    """The acting staff member's place: their shop and their role in it."""

    merchant_id: int
    role: ShopRole
    user_id: int


def may(role: str, capability: Capability) -> bool:
    """The table's answer (for pages that hide what a role cannot do)."""
    return capability in PERMISSIONS.get(ShopRole(role), frozenset())


def require_shop(session: Session, actor: Actor | None, capability: Capability) -> Seat:
    """The actor's seat if their role in their shop allows `capability`, else PermissionDenied."""
    merchant_id = require_merchant(actor)
    role = session.exec(
        select(MerchantStaff.role).where(
            MerchantStaff.user_id == actor.user_id, MerchantStaff.merchant_id == merchant_id
        )
    ).first()
    if role is None or not may(role, capability):
        raise PermissionDenied()
    return Seat(merchant_id, ShopRole(role), actor.user_id)
