"""The shop's own information: name, address (geocoded), contact phone, introduction.

Name: required, up to 60 characters. Address: required, up to 200, found by the geocoding
integration (its coordinates place the shop on maps and are where in-shop jobs happen).
Contact phone: a valid mainland number, mobile or fixed line (phonenumbers), kept in its
national form. Introduction: up to 2000 characters.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException
from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations.geocoding import get_geocoder
from salon_app.core.models import Merchant
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.availability import zone
from salon_app.core.services.merchants.media import MediaView, list_media
from salon_app.core.services.merchants.opening import (
    ClosureView,
    OpenRange,
    hours_of,
    list_closures,
)
from salon_app.core.services.merchants.shop_roles import Capability, require_shop

NAME_MAX, ADDRESS_MAX, INTRO_MAX = 60, 200, 2000


@dataclass(frozen=True)
class ShopInfo:
    name: str
    address: str
    contact_phone: str
    intro: str = ""


@dataclass(frozen=True)
class ShopSettings:
    """What the shop-settings page shows and edits."""

    id: int
    info: ShopInfo
    district: str
    lat: float
    lng: float
    timezone: str
    hours: list[OpenRange] | None  # None: never set (in-shop bookings follow technicians)
    closures: list[ClosureView]
    media: list[MediaView]
    role: str  # the viewer's role, so the page can hide what they may not do


def normalize_contact_phone(raw: str) -> str:
    """A mainland number (mobile or fixed line, e.g. 0755-83661688) in national form, or
    shop.phone_invalid."""
    text = (raw or "").strip()
    if not text or len(text) > 20:
        raise DomainError("shop.phone_invalid")
    try:
        number = phonenumbers.parse(text, "CN")
    except NumberParseException as exc:
        raise DomainError("shop.phone_invalid") from exc
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        raise DomainError("shop.phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def locate_shop(address: str) -> tuple[float, float, str]:
    """(lat, lng, district) of a shop's address by the geocoding integration, or
    shop.address_not_found."""
    point = get_geocoder().geocode(address)
    if point is None:
        raise DomainError("shop.address_not_found")
    district = point.label[: point.label.index("区") + 1][:20] if "区" in point.label else ""
    return point.lat, point.lng, district


def shop_settings(session: Session, actor: Actor | None) -> ShopSettings:
    """Every member of the shop sees its settings; only some may change them (shop_roles)."""
    seat = require_shop(session, actor, Capability.view_shop)
    shop = session.get(Merchant, seat.merchant_id)
    today = utcnow().astimezone(zone(shop.timezone)).date()
    return ShopSettings(
        id=shop.id,
        info=ShopInfo(shop.name, shop.address, shop.contact_phone, shop.description),
        district=shop.district,
        lat=shop.lat,
        lng=shop.lng,
        timezone=shop.timezone,
        hours=hours_of(shop),
        closures=list_closures(session, shop.id, today),
        media=list_media(session, shop.id),
        role=seat.role,
    )


def _check(info: ShopInfo) -> ShopInfo:
    name, address = (info.name or "").strip(), (info.address or "").strip()
    intro = (info.intro or "").strip()
    if not name:
        raise DomainError("validation.required", field="field.shop_name")
    if len(name) > NAME_MAX:
        raise DomainError("validation.too_long", field="field.shop_name", max=NAME_MAX)
    if not address:
        raise DomainError("validation.required", field="field.address")
    if len(address) > ADDRESS_MAX:
        raise DomainError("validation.too_long", field="field.address", max=ADDRESS_MAX)
    if len(intro) > INTRO_MAX:
        raise DomainError("validation.too_long", field="field.shop_intro", max=INTRO_MAX)
    return ShopInfo(name, address, normalize_contact_phone(info.contact_phone), intro)


def update_shop_info(session: Session, actor: Actor | None, info: ShopInfo) -> ShopInfo:
    """Save the shop's name, address, contact phone and introduction (rules above); a new
    address is geocoded first, and one that cannot be found is refused."""
    seat = require_shop(session, actor, Capability.edit_shop)
    clean = _check(info)
    shop = session.get(Merchant, seat.merchant_id)
    if clean.address != shop.address:
        shop.lat, shop.lng, district = locate_shop(clean.address)
        shop.district = district or shop.district
    shop.name, shop.address = clean.name, clean.address
    shop.contact_phone, shop.description = clean.contact_phone, clean.intro
    session.add(shop)
    audit.record(session, actor, "shop.info_changed", "merchant", shop.id)
    session.commit()
    return clean
