"""The date range a shop's statistics cover, and who may see a shop's statistics.

Rules: a range is whole local days [first_day, last_day] in the shop's time zone, first_day
no later than last_day, at most MAX_DAYS days long. It is compared with the period of the same
length just before it. A merchant sees only its own shop; an admin any shop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlmodel import Session

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import Merchant, Role
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.availability import zone
from salon_app.core.services.merchants import Capability, require_shop

MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    """Local days first..last of one shop, and the UTC instants they cover."""

    first: date
    last: date
    tz: ZoneInfo

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    # Local midnights, aware in the shop's zone: times read for the period carry the same
    # tzinfo, and Python compares those without working out UTC offsets (much faster).
    @cached_property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), self.tz)

    @cached_property
    def end(self) -> datetime:
        """The first instant after the period (local midnight after last)."""
        return datetime.combine(self.last + timedelta(days=1), time(), self.tz)

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(
            self.first - timedelta(days=self.days), self.first - timedelta(days=1), self.tz
        )

    def contains(self, at: datetime) -> bool:
        return self.start <= at < self.end

    def all_days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(self.days)]


def stats_shop(session: Session, actor: Actor | None, shop_id: int) -> Merchant:
    """The shop whose statistics `actor` asks for: its staff whose role sees statistics and
    money (owner, manager), or an admin."""
    actor = require_role(actor, Role.merchant, Role.admin)
    if actor.role == Role.admin:
        require_admin(session, actor, Permission.view_overview)
    elif require_shop(session, actor, Capability.see_statistics).merchant_id != shop_id:
        raise PermissionDenied()
    shop = session.get(Merchant, shop_id)
    if shop is None:
        raise PermissionDenied()
    return shop


def period_of(shop: Merchant, first_day: date, last_day: date) -> Period:
    """The range checked against the rules above (stats.range_reversed, stats.range_too_long)."""
    if last_day < first_day:
        raise DomainError("stats.range_reversed")
    if (last_day - first_day).days + 1 > MAX_DAYS:
        raise DomainError("stats.range_too_long", max=MAX_DAYS)
    return Period(first_day, last_day, zone(shop.timezone))
