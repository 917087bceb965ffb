"""The shop's technicians as its dashboard lists them, and the service areas it sets them.

A shop sees only its own technicians: standing, posts, service areas, certificates (pending,
expiring within 30 days, expired). It may add and remove service areas of its technicians
(a circle around a geocoded address, 1-30 km, like the technician's own setting) under the
technician's calendar lock, as bookings are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from salon_app.core.clock import local_today
from salon_app.core.errors import DomainError
from salon_app.core.models import ServiceArea, ShopPost, Technician, TechnicianPost
from salon_app.core.services.access import Actor
from salon_app.core.services.availability import lock_technician_calendar
from salon_app.core.services.booking import locate_address
from salon_app.core.services.merchants.certificate_checks import CertificateRow, certificate_rows
from salon_app.core.services.merchants.posts import shop_technician
from salon_app.core.services.merchants.shop_roles import Capability, require_shop
from salon_app.core.services.technicians import RADIUS_MAX_KM, RADIUS_MIN_KM

AREAS_MAX = 5
_HOUSE_NUMBER = re.compile(r"\d+号$")


@dataclass(frozen=True)
class AreaView:
    id: int
    label: str
    radius_km: float


@dataclass(frozen=True)
class TeamMember:
    technician_id: int
    display_name: str
    photo_url: str
    status: str
    posts: list[str]
    areas: list[AreaView]
    certificates: list[CertificateRow]


def shop_technicians(session: Session, actor: Actor | None) -> list[TeamMember]:
    """The shop's technicians by name, with posts, areas and certificates."""
    seat = require_shop(session, actor, Capability.view_shop)
    techs = session.exec(
        select(Technician)
        .where(Technician.merchant_id == seat.merchant_id)
        .order_by(Technician.display_name, Technician.id)
    ).all()
    ids = [t.id for t in techs]
    posts: dict[int, list[str]] = {}
    for tech_id, name in session.exec(
        select(TechnicianPost.technician_id, ShopPost.name)
        .join(ShopPost, col(ShopPost.id) == TechnicianPost.post_id)
        .where(col(TechnicianPost.technician_id).in_(ids))
        .order_by(ShopPost.id)
    ):
        posts.setdefault(tech_id, []).append(name)
    areas: dict[int, list[AreaView]] = {}
    for area in session.exec(
        select(ServiceArea).where(col(ServiceArea.technician_id).in_(ids)).order_by(ServiceArea.id)
    ):
        areas.setdefault(area.technician_id, []).append(
            AreaView(area.id, area.label, area.radius_km)
        )
    today = local_today()
    return [
        TeamMember(
            t.id,
            t.display_name,
            t.photo_url,
            t.status,
            posts.get(t.id, []),
            areas.get(t.id, []),
            certificate_rows(session, t.id, today),
        )
        for t in techs
    ]


def add_technician_area(
    session: Session, actor: Actor | None, technician_id: int, address: str, radius_km: float
) -> AreaView:
    """Add a service area to a technician of the shop (at most AREAS_MAX each)."""
    seat = require_shop(session, actor, Capability.manage_technicians)
    tech = shop_technician(session, seat.merchant_id, technician_id)
    if not RADIUS_MIN_KM <= radius_km <= RADIUS_MAX_KM:
        raise DomainError("tech_profile.radius_out_of_range", low=RADIUS_MIN_KM, high=RADIUS_MAX_KM)
    point = locate_address(address)
    lock_technician_calendar(session, tech.id)
    count = len(
        session.exec(select(ServiceArea.id).where(ServiceArea.technician_id == tech.id)).all()
    )
    if count >= AREAS_MAX:
        session.rollback()
        raise DomainError("team.too_many_areas", max=AREAS_MAX)
    area = ServiceArea(
        technician_id=tech.id,
        label=(_HOUSE_NUMBER.sub("", point.label) + "周边")[:100],
        center_lat=point.lat,
        center_lng=point.lng,
        radius_km=float(radius_km),
    )
    session.add(area)
    session.commit()
    return AreaView(area.id, area.label, area.radius_km)


def remove_technician_area(session: Session, actor: Actor | None, area_id: int) -> None:
    """Remove a service area of one of the shop's technicians."""
    seat = require_shop(session, actor, Capability.manage_technicians)
    area = session.get(ServiceArea, area_id)
    if area is None:
        raise DomainError("team.area_not_found")
    shop_technician(session, seat.merchant_id, area.technician_id)
    lock_technician_calendar(session, area.technician_id)
    session.delete(area)
    session.commit()
