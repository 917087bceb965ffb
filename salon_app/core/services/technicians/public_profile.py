"""A technician's public profile: who they are, what they charge, what customers say."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    CaseStudy,
    Certificate,
    Merchant,
    Service,
    ServiceArea,
    Technician,
    TechnicianService,
)
from salon_app.core.services import availability
from salon_app.core.services.discovery import age_on
from salon_app.core.services.feedback import ReviewView, technician_reviews
from salon_app.core.services.technicians.training import TrainingItem, list_training


@dataclass(frozen=True)
class Offer:
    service_id: int
    slug: str
    name: str
    price_fen: int
    duration_min: int
    at_home: bool
    in_shop: bool


@dataclass(frozen=True)
class CertificateView:
    name: str
    issuer: str
    issued_on: date | None
    verified: bool


@dataclass(frozen=True)
class CaseStudyView:
    title: str
    service_name: str
    before_url: str
    after_url: str


@dataclass(frozen=True)
class TechnicianProfile:
    id: int
    display_name: str
    gender: str
    age: int | None
    years_experience: int
    skills: list[str]
    bio: str
    photo_url: str
    shop_name: str | None
    shop_id: int | None  # links the profile to the public shop page
    rating: float | None
    rating_count: int
    live_status: str
    areas: list[str]
    offers: list[Offer]
    certificates: list[CertificateView]
    training: list[TrainingItem]
    case_studies: list[CaseStudyView]
    reviews: list[ReviewView]


def rating_of(tech: Technician) -> float | None:
    return round(tech.rating_sum / tech.rating_count / 100, 1) if tech.rating_count else None


def technician_profile(
    session: Session, technician_id: int, now: datetime | None = None
) -> TechnicianProfile:
    """Public: any visitor may read an active technician's profile."""
    tech = session.get(Technician, technician_id)
    if tech is None or tech.status != "active":
        raise DomainError("technician.not_found")
    now = now or utcnow()
    shop = session.get(Merchant, tech.merchant_id) if tech.merchant_id else None
    offers = session.exec(
        select(TechnicianService, Service)
        .join(Service, Service.id == TechnicianService.service_id)
        .where(TechnicianService.technician_id == tech.id, Service.on_sale(now))
        .order_by(Service.category_id, Service.id)
    ).all()
    services = {s.id: s.name for _, s in offers}
    certificates = session.exec(
        select(Certificate).where(Certificate.technician_id == tech.id).order_by(Certificate.id)
    ).all()
    cases = session.exec(
        select(CaseStudy).where(CaseStudy.technician_id == tech.id).order_by(CaseStudy.id)
    ).all()
    areas = session.exec(select(ServiceArea).where(ServiceArea.technician_id == tech.id)).all()
    return TechnicianProfile(
        id=tech.id,
        display_name=tech.display_name,
        gender=tech.gender,
        age=age_on(tech.birth_date, local_today()),
        years_experience=tech.years_experience,
        skills=list(tech.skills),
        bio=tech.bio,
        photo_url=tech.photo_url,
        shop_name=shop.name if shop else None,
        shop_id=shop.id if shop else None,
        rating=rating_of(tech),
        rating_count=tech.rating_count,
        live_status=availability.live_status(session, tech.id, now=now),
        areas=[f"{a.label}（{a.radius_km:g} km）" for a in areas],
        offers=[
            Offer(s.id, s.slug, s.name, o.price_fen, s.duration_min, s.at_home, s.in_shop)
            for o, s in offers
        ],
        certificates=[
            CertificateView(c.name, c.issuer, c.issued_on, c.status == "verified")
            for c in certificates
        ],
        training=list_training(session, tech.id),
        case_studies=[
            CaseStudyView(c.title, services.get(c.service_id, ""), c.before_url, c.after_url)
            for c in cases
        ],
        reviews=technician_reviews(session, tech.id),
    )
