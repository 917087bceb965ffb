"""A technician applies to join a shop; the shop's review screen comes with the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Merchant, Technician, TechnicianApplication
from salon_app.core.services.access import Actor, require_technician

MESSAGE_MAX = 200


@dataclass(frozen=True)
class ShopOption:
    id: int
    name: str
    district: str


@dataclass(frozen=True)
class ApplicationView:
    id: int
    merchant_name: str
    status: str
    message: str
    created_at: datetime


@dataclass(frozen=True)
class TechnicianHome:
    display_name: str
    shop_name: str | None
    years_experience: int
    rating: float | None
    skills: list[str]
    applications: list[ApplicationView]
    status: str = "active"  # pending: not yet approved by a shop or the platform


def list_shops(session: Session) -> list[ShopOption]:
    rows = session.exec(select(Merchant).where(Merchant.is_active).order_by(Merchant.id)).all()
    return [ShopOption(m.id, m.name, m.district) for m in rows]


def _applications(session: Session, technician_id: int) -> list[ApplicationView]:
    rows = session.exec(
        select(TechnicianApplication, Merchant.name)
        .join(Merchant, Merchant.id == TechnicianApplication.merchant_id)
        .where(TechnicianApplication.technician_id == technician_id)
        .order_by(TechnicianApplication.created_at.desc())
    ).all()
    return [ApplicationView(a.id, name, a.status, a.message, a.created_at) for a, name in rows]


def technician_home(session: Session, actor: Actor | None) -> TechnicianHome:
    tech = session.get(Technician, require_technician(actor))
    shop = session.get(Merchant, tech.merchant_id) if tech.merchant_id else None
    rating = round(tech.rating_sum / tech.rating_count / 100, 1) if tech.rating_count else None
    return TechnicianHome(
        display_name=tech.display_name,
        shop_name=shop.name if shop else None,
        years_experience=tech.years_experience,
        rating=rating,
        skills=list(tech.skills),
        applications=_applications(session, tech.id),
        status=tech.status,
    )


def apply_to_shop(
    session: Session, actor: Actor | None, merchant_id: int, message: str = ""
) -> ApplicationView:
    """One pending application per shop; a technician already in a shop cannot apply. The
    database has the last word (a partial unique index), so a double click applies once."""
    tech = session.get(Technician, require_technician(actor))
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise DomainError("validation.too_long", field="field.application_message", max=MESSAGE_MAX)
    if tech.merchant_id is not None:
        raise DomainError("tech.already_in_shop")
    shop = session.get(Merchant, merchant_id)
    if shop is None or not shop.is_active:
        raise DomainError("tech.shop_not_found")
    pending = session.exec(
        select(TechnicianApplication.id).where(
            TechnicianApplication.technician_id == tech.id,
            TechnicianApplication.merchant_id == merchant_id,
            TechnicianApplication.status == "pending",
        )
    ).first()
    if pending is not None:
        raise DomainError("tech.application_exists")
    application = TechnicianApplication(
        technician_id=tech.id, merchant_id=shop.id, message=message, created_at=utcnow()
    )
    session.add(application)
    try:
        session.commit()
    except IntegrityError as exc:  # the same application sent twice at once
        session.rollback()
        raise DomainError("tech.application_exists") from exc
    return ApplicationView(application.id, shop.name, "pending", message, application.created_at)
