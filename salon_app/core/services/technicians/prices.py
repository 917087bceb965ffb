"""A technician's prices: each service they offer at their own price inside its range.

Any active service the technician can deliver may be priced: at-home services by anyone,
in-shop-only services only by technicians who belong to a shop. Prices are typed in yuan and
kept in fen (core/amounts.py). Only the actor's own rows are touched (require_technician).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salon_app.core import amounts
from salon_app.core.errors import DomainError
from salon_app.core.models import Service, ServiceCategory, Technician, TechnicianService
from salon_app.core.services.access import Actor, require_technician

PRICE_MAX_FEN = 10**10  # far above any service's range: only here to keep the number small


@dataclass(frozen=True)
class PriceItem:
    service_id: int
    slug: str
    name: str
    category: str
    price_min_fen: int
    price_max_fen: int
    price_fen: int | None  # None: the technician does not offer it


def yuan_to_fen(text: str) -> int:
    """'88' or '88.5' (yuan, as typed) -> 8850 fen; anything else is tech_profile.price_invalid."""
    return amounts.typed_fen(text, "tech_profile.price_invalid", maximum_fen=PRICE_MAX_FEN)


def _offerable(session: Session, tech: Technician, service_id: int) -> Service:
    service = session.get(Service, service_id)
    if service is None or not service.is_active:
        raise DomainError("tech_profile.service_not_found")
    if not service.at_home and tech.merchant_id is None:
        raise DomainError("tech_profile.service_needs_shop")
    return service


def set_price(session: Session, actor: Actor | None, service_id: int, price_fen: int) -> None:
    """Offer a service at the technician's own price, inside the service's price range.

    Any active service the technician can deliver may be priced: at-home services by anyone,
    in-shop-only services only by technicians who belong to a shop."""
    tech = session.get(Technician, require_technician(actor))
    if tech is None:
        raise DomainError("tech_profile.not_found")
    service = _offerable(session, tech, service_id)
    if not service.price_min_fen <= price_fen <= service.price_max_fen:
        raise DomainError(
            "tech_profile.price_out_of_range",
            low=amounts.display_yuan(service.price_min_fen),
            high=amounts.display_yuan(service.price_max_fen),
        )
    for attempt in range(2):
        row = session.exec(
            select(TechnicianService).where(
                TechnicianService.technician_id == tech.id,
                TechnicianService.service_id == service.id,
            )
        ).first()
        if row is None:
            row = TechnicianService(technician_id=tech.id, service_id=service.id, price_fen=0)
        row.price_fen = price_fen
        session.add(row)
        try:
            session.commit()
            return
        except IntegrityError:  # priced at the same moment in another tab: update that row
            session.rollback()
            if attempt:
                raise


def remove_price(session: Session, actor: Actor | None, service_id: int) -> None:
    """Stop offering a service. Orders already booked keep their price."""
    tech_id = require_technician(actor)
    row = session.exec(
        select(TechnicianService).where(
            TechnicianService.technician_id == tech_id, TechnicianService.service_id == service_id
        )
    ).first()
    if row is None:
        raise DomainError("tech_profile.price_not_found")
    session.delete(row)
    session.commit()


def price_list(session: Session, tech: Technician) -> list[PriceItem]:
    """Every active service the technician may price (in-shop ones only with a shop)."""
    query = (
        select(Service, ServiceCategory.name, TechnicianService.price_fen)
        .join(ServiceCategory, ServiceCategory.id == Service.category_id)
        .outerjoin(
            TechnicianService,
            (TechnicianService.service_id == Service.id)
            & (TechnicianService.technician_id == tech.id),
        )
        .where(Service.is_active)
        .order_by(ServiceCategory.sort_order, Service.id)
    )
    if tech.merchant_id is None:
        query = query.where(Service.at_home)
    return [
        PriceItem(s.id, s.slug, s.name, category, s.price_min_fen, s.price_max_fen, price)
        for s, category, price in session.exec(query).all()
    ]
