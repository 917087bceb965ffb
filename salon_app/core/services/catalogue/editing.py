"""Operators edit the catalogue: a service's details (rules.py says what they must be) and a
category's name. New services start withdrawn (publishing.py puts them on sale); new
categories start empty and customers see a category once it has a service on sale.

Every change is written to the audit log with the fields it changed, in the same transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, fields
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Service, ServiceCategory
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.catalogue.rules import (
    ServiceForm,
    category_name,
    check_category_name_free,
    check_form,
    publish_moment,
    technician_prices,
)
from salon_app.core.services.discovery import catalogue as shown
from salon_app.core.settings import get_settings

_AUDITED_VALUES = ("category_id", "name", "price_min_fen", "price_max_fen", "duration_min")


@dataclass(frozen=True)
class GalleryPicture:
    id: int
    url: str
    thumb_url: str


@dataclass(frozen=True)
class ServiceEdit:
    id: int
    slug: str
    form: ServiceForm
    status: str  # on_sale | scheduled | withdrawn
    image_url: str
    thumb_url: str
    gallery: list[GalleryPicture]
    offered_by: int  # technicians who price it
    lowest_price_fen: int | None
    highest_price_fen: int | None


@dataclass(frozen=True)
class CategoryOption:
    id: int
    name: str


def service_status(service: Service, now: datetime) -> str:
    if not service.is_active:
        return "withdrawn"
    return "on_sale" if service.is_on_sale(now) else "scheduled"


def _local_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(get_settings().timezone)).date()


def service_by_id(session: Session, service_id: int) -> Service:
    """The service, or catalogue.service_not_found."""
    service = session.get(Service, service_id)
    if service is None:
        raise DomainError("catalogue.service_not_found")
    return service


def category_by_id(session: Session, category_id: int) -> ServiceCategory:
    """The category, or catalogue.category_not_found."""
    category = session.get(ServiceCategory, category_id)
    if category is None:
        raise DomainError("catalogue.category_not_found")
    return category


def category_options(session: Session, actor: Actor | None) -> list[CategoryOption]:
    """Operators with manage_catalogue: the categories a service may belong to, in menu order."""
    require_admin(session, actor, Permission.manage_catalogue)
    rows = session.exec(
        select(ServiceCategory).order_by(ServiceCategory.sort_order, ServiceCategory.id)
    ).all()
    return [CategoryOption(c.id, c.name) for c in rows]


def service_for_edit(session: Session, actor: Actor | None, service_id: int) -> ServiceEdit:
    """Operators with manage_catalogue: everything the edit page shows of one service."""
    require_admin(session, actor, Permission.manage_catalogue)
    s = service_by_id(session, service_id)
    count, low, high = technician_prices(session, s.id)
    form = ServiceForm(
        s.category_id,
        s.name,
        s.summary,
        s.process,
        s.products,
        s.effect,
        s.price_min_fen,
        s.price_max_fen,
        s.duration_min,
        s.at_home,
        s.in_shop,
        _local_day(s.published_at),
    )
    gallery = [GalleryPicture(p.id, p.url, p.thumb_url) for p in shown.gallery_of(session, s.id)]
    return ServiceEdit(
        s.id,
        s.slug,
        form,
        service_status(s, utcnow()),
        s.image_url,
        s.thumb_url,
        gallery,
        count,
        low,
        high,
    )


def _new_slug(session: Session, prefix: str, model: type[Service] | type[ServiceCategory]) -> str:
    while True:  # 8 hex digits: a clash is rare, and checked
        slug = f"{prefix}-{secrets.token_hex(4)}"
        if session.exec(select(model.id).where(model.slug == slug)).first() is None:
            return slug


def save_service(
    session: Session, actor: Actor | None, service_id: int | None, form: ServiceForm
) -> int:
    """Operators with manage_catalogue: create (service_id None) or change a service.

    Every field is checked first (rules.check_form); a refusal changes nothing. A new service
    starts withdrawn. Changing the publish day moves the publish moment to that local midnight;
    keeping the day keeps the moment. Orders already made keep their own price and length."""
    actor = require_admin(session, actor, Permission.manage_catalogue)
    clean = check_form(session, form, service_id)
    if service_id is None:
        service = Service(
            category_id=clean.category_id,
            slug=_new_slug(session, "service", Service),
            name=clean.name,
            price_min_fen=clean.price_min_fen,
            price_max_fen=clean.price_max_fen,
            duration_min=clean.duration_min,
            published_at=publish_moment(clean.publish_on),
            is_active=False,
        )
        before: dict[str, object] = {}
    else:
        service = service_by_id(session, service_id)
        before = {f: getattr(service, f) for f in _AUDITED_VALUES}
    changed = []
    for field in fields(ServiceForm):
        if field.name == "publish_on":
            continue
        value = getattr(clean, field.name)
        if getattr(service, field.name, None) != value:
            changed.append(field.name)
            setattr(service, field.name, value)
    if service_id is not None and _local_day(service.published_at) != clean.publish_on:
        service.published_at = publish_moment(clean.publish_on)
        changed.append("publish_on")
    session.add(service)
    session.flush()
    audit.record(
        session,
        actor,
        "catalogue.service_created" if service_id is None else "catalogue.service_edited",
        "service",
        service.id,
        changed=changed,
        before={k: v for k, v in before.items() if k in changed},
        after={k: getattr(service, k) for k in _AUDITED_VALUES if k in changed},
    )
    session.commit()
    return service.id


def save_category(session: Session, actor: Actor | None, category_id: int | None, name: str) -> int:
    """Operators with manage_catalogue: create (category_id None) or rename a category; names
    are required, at most 30 characters and unique."""
    actor = require_admin(session, actor, Permission.manage_catalogue)
    clean = category_name(name)
    check_category_name_free(session, clean, category_id)
    if category_id is None:
        last = session.exec(select(func.max(ServiceCategory.sort_order))).one()
        category = ServiceCategory(
            slug=_new_slug(session, "category", ServiceCategory),
            name=clean,
            sort_order=(last or 0) + 1,
        )
        old = ""
    else:
        category = category_by_id(session, category_id)
        old, category.name = category.name, clean
    session.add(category)
    session.flush()
    audit.record(
        session,
        actor,
        "catalogue.category_created" if category_id is None else "catalogue.category_renamed",
        "service_category",
        category.id,
        before=old,
        after=clean,
    )
    session.commit()
    return category.id
