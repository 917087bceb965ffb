"""The catalogue dashboard's two tables: categories and services, searched, sorted and paged
(core/paging.py), each row with its cover thumbnail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlmodel import Session, col

from salon_app.core.clock import utcnow
from salon_app.core.models import Service, ServiceCategory, TechnicianService
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.catalogue.editing import service_status

CATEGORY_SORTS = ("name", "services", "on_sale", "order")
SERVICE_SORTS = ("name", "category", "price", "duration", "published", "status", "technicians")


@dataclass(frozen=True)
class CategoryRow:
    id: int
    name: str
    thumb_url: str
    services: int
    on_sale: int


@dataclass(frozen=True)
class ServiceRow:
    id: int
    slug: str
    name: str
    category: str
    thumb_url: str
    price_min_fen: int
    price_max_fen: int
    duration_min: int
    at_home: bool
    in_shop: bool
    published_at: datetime
    status: str  # on_sale | scheduled | withdrawn
    technicians: int


def category_table(session: Session, actor: Actor | None, query: TableQuery) -> Page[CategoryRow]:
    """Operators with manage_catalogue: categories with how many services each has and how
    many of them customers can book now."""
    require_admin(session, actor, Permission.manage_catalogue)
    total = func.count(Service.id)
    on_sale = func.count(case((Service.on_sale(utcnow()), Service.id)))
    statement = (
        select(ServiceCategory, total, on_sale)
        .outerjoin(Service, Service.category_id == ServiceCategory.id)
        .group_by(ServiceCategory.id)
    )
    return paginate(
        session,
        statement,
        query,
        sort_columns={
            "name": col(ServiceCategory.name),
            "services": total,
            "on_sale": on_sale,
            "order": col(ServiceCategory.sort_order),
        },
        tie_breaker=col(ServiceCategory.id),
        search_columns=[col(ServiceCategory.name), col(ServiceCategory.slug)],
        row=lambda r: CategoryRow(r[0].id, r[0].name, r[0].thumb_url, r[1], r[2]),
    )


def service_table(session: Session, actor: Actor | None, query: TableQuery) -> Page[ServiceRow]:
    """Operators with manage_catalogue: every service, withdrawn ones too, with its status
    (on sale, scheduled for a later publish day, withdrawn) and how many technicians price it."""
    require_admin(session, actor, Permission.manage_catalogue)
    now = utcnow()
    status = case(
        (col(Service.is_active).is_(False), 2),
        (Service.on_sale(now), 0),
        else_=1,  # published, its publish day still to come
    )
    offered = (
        select(func.count(TechnicianService.id))
        .where(TechnicianService.service_id == Service.id)
        .correlate(Service)
        .scalar_subquery()
    )
    statement = select(Service, ServiceCategory.name, offered).join(
        ServiceCategory, ServiceCategory.id == Service.category_id
    )

    def row(r: tuple) -> ServiceRow:
        s: Service = r[0]
        return ServiceRow(
            s.id,
            s.slug,
            s.name,
            r[1],
            s.thumb_url,
            s.price_min_fen,
            s.price_max_fen,
            s.duration_min,
            s.at_home,
            s.in_shop,
            s.published_at,
            service_status(s, now),
            r[2],
        )

    return paginate(
        session,
        statement,
        query,
        sort_columns={
            "name": col(Service.name),
            "category": col(ServiceCategory.name),
            "price": col(Service.price_min_fen),
            "duration": col(Service.duration_min),
            "published": col(Service.published_at),
            "status": status,
            "technicians": offered,
        },
        tie_breaker=col(Service.id),
        search_columns=[col(Service.name), col(ServiceCategory.name), col(Service.slug)],
        row=row,
    )
