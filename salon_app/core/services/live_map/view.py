"""The shop's live map in one call: districts, its technicians with live status and last
position, and today's orders with their place.

Rules:
* Only the shop's own staff; only the shop's own technicians (status active) and the shop's
  own orders of the local day (not cancelled or refunded).
* Live status is availability.live_statuses (工作中 working, 已预约 booked, 待岗 idle,
  休息中 off).
* A technician's position is the last one they recorded at a progress step of one of their
  orders, within POSITION_LOOKBACK, shown only while they are on shift or on an order (not
  "off"); older than settings.live_position_stale_minutes it is marked stale. Positions are
  coarse (live_map.privacy), as are at-home orders' places; an in-shop order is at the shop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Merchant, Order, OrderEvent, Technician
from salon_app.core.models import OrderStatus as S
from salon_app.core.services.access import Actor
from salon_app.core.services.availability import live_statuses, local_to_utc, zone
from salon_app.core.services.live_map.city import DistrictShape, LatLng, bounds, district_of
from salon_app.core.services.live_map.city import districts as city_districts
from salon_app.core.services.live_map.privacy import coarse
from salon_app.core.services.merchants import Capability, require_shop
from salon_app.core.settings import get_settings

POSITION_LOOKBACK = timedelta(hours=12)
ORDER_REACH = timedelta(days=1)  # positions come from orders starting within a day of now
GONE = (S.cancelled, S.refunded)


@dataclass(frozen=True)
class TechnicianMarker:
    technician_id: int
    name: str
    status: str  # working | booked | idle | off
    status_key: str  # tech.live.<status>
    position: LatLng | None  # coarse; None when unknown or off duty
    position_at: datetime | None
    stale: bool
    district: str


@dataclass(frozen=True)
class OrderMarker:
    code: str
    status: str
    starts_at: datetime
    start: str  # "HH:MM" local
    technician_name: str
    at_home: bool
    position: LatLng | None  # the shop (in shop) or a coarse cell (at home)
    district: str


@dataclass(frozen=True)
class ShopMap:
    shop_name: str
    shop_position: LatLng
    bounds: tuple[float, float, float, float]  # south, west, north, east
    districts: tuple[DistrictShape, ...]
    technicians: list[TechnicianMarker]
    orders: list[OrderMarker]
    tile_url: str  # "" : draw `districts` (offline)
    stale_minutes: int
    generated_at: datetime


def _positions(
    session: Session, techs: dict[int, Technician], now: datetime
) -> dict[int, tuple[LatLng, datetime]]:
    """Each technician's newest position recorded by themselves on one of their orders."""
    by_user = {t.user_id: t.id for t in techs.values()}
    rows = session.exec(
        select(OrderEvent.actor_user_id, OrderEvent.lat, OrderEvent.lng, OrderEvent.at)
        .join(Order, Order.id == OrderEvent.order_id)
        .where(
            col(Order.technician_id).in_(list(techs)),
            col(Order.block_start) >= now - ORDER_REACH,
            col(Order.block_start) < now + ORDER_REACH,
            col(OrderEvent.actor_user_id).in_(list(by_user)),
            col(OrderEvent.lat).is_not(None),
            col(OrderEvent.lng).is_not(None),
            col(OrderEvent.at) >= now - POSITION_LOOKBACK,
            col(OrderEvent.at) <= now,
        )
        .order_by(col(OrderEvent.at).desc(), col(OrderEvent.id).desc())
    ).all()
    found: dict[int, tuple[LatLng, datetime]] = {}
    for user_id, lat, lng, at in rows:
        found.setdefault(by_user[user_id], ((lat, lng), at))
    return found


def map_view(session: Session, actor: Actor | None, now: datetime | None = None) -> ShopMap:
    """Everything the shop's map draws, for the acting shop only (see the module docstring)."""
    merchant_id = require_shop(session, actor, Capability.view_shop).merchant_id
    now = now or utcnow()
    settings = get_settings()
    shop = session.get(Merchant, merchant_id)
    techs = {
        t.id: t
        for t in session.exec(
            select(Technician)
            .where(Technician.merchant_id == merchant_id, Technician.status == "active")
            .order_by(Technician.display_name, Technician.id)
        ).all()
    }
    statuses = live_statuses(session, list(techs), now)
    positions = _positions(session, techs, now) if techs else {}
    stale_after = timedelta(minutes=settings.live_position_stale_minutes)
    markers = []
    for tech_id, tech in techs.items():
        status = statuses.get(tech_id, "off")
        seen = positions.get(tech_id) if status != "off" else None
        point = coarse(seen[0]) if seen else None
        markers.append(
            TechnicianMarker(
                tech_id,
                tech.display_name,
                status,
                f"tech.live.{status}",
                point,
                seen[1] if seen else None,
                bool(seen) and now - seen[1] > stale_after,
                district_of(point) if point else "",
            )
        )
    orders = _todays_orders(session, shop, now)
    points = [m.position for m in markers if m.position] + [
        o.position for o in orders if o.position
    ]
    return ShopMap(
        shop.name,
        (shop.lat, shop.lng),
        bounds([*points, (shop.lat, shop.lng)]),
        city_districts(),
        markers,
        orders,
        settings.map_tile_url,
        settings.live_position_stale_minutes,
        now,
    )


def _todays_orders(session: Session, shop: Merchant, now: datetime) -> list[OrderMarker]:
    tz = zone(shop.timezone)
    today = now.astimezone(tz).date()
    rows = session.exec(
        select(Order, Technician.display_name)
        .outerjoin(Technician, Technician.id == Order.technician_id)
        .where(
            Order.merchant_id == shop.id,
            col(Order.starts_at) >= local_to_utc(today, 0, tz),
            col(Order.starts_at) < local_to_utc(today, 24 * 60, tz),
            col(Order.status).not_in(GONE),
        )
        .order_by(Order.starts_at, Order.id)
    ).all()
    markers = []
    for order, tech_name in rows:
        if not order.at_home:
            place: LatLng | None = (shop.lat, shop.lng)
        elif order.lat is not None and order.lng is not None:
            place = coarse((order.lat, order.lng))
        else:
            place = None
        markers.append(
            OrderMarker(
                order.code,
                order.status,
                order.starts_at,
                order.starts_at.astimezone(tz).strftime("%H:%M"),
                tech_name or "",
                order.at_home,
                place,
                district_of(place) if place else "",
            )
        )
    return markers
