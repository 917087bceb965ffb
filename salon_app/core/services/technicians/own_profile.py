"""A technician edits their own profile: the one door for the /tech/profile page.

Basic facts and photo live here; prices in prices.py; weekly hours and the service area in
schedule.py; certificates and case studies in showcase.py. Their public functions are
re-exported below, so callers use `own_profile.<function>` for all of it.

Every function acts on the actor's own Technician row (require_technician): none takes a
technician id, so nobody can edit someone else's profile, and ids of other technicians' rows
are refused as not found. Everything is checked before anything is written: a refusal changes
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from salon_app.core.clock import local_today
from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.models import (
    Merchant,
    Technician,
    User,
)
from salon_app.core.services.access import Actor, require_technician
from salon_app.core.services.discovery import age_on
from salon_app.core.services.technicians.prices import (
    PriceItem,
    price_list,
    remove_price,
    set_price,
    yuan_to_fen,
)
from salon_app.core.services.technicians.schedule import (
    AreaItem,
    HoursRange,
    current_area,
    list_hours,
    replace_working_hours,
    set_service_area,
)
from salon_app.core.services.technicians.showcase import (
    CaseItem,
    CertificateItem,
    add_case_study,
    add_certificate,
    certificate_scan,
    list_case_studies,
    list_certificates,
    remove_case_study,
    remove_certificate,
)

__all__ = [
    "AreaItem",
    "BasicInfo",
    "CaseItem",
    "CertificateItem",
    "HoursRange",
    "MyProfile",
    "PriceItem",
    "add_case_study",
    "add_certificate",
    "certificate_scan",
    "my_profile",
    "prepare_upload",
    "remove_case_study",
    "remove_certificate",
    "remove_price",
    "replace_working_hours",
    "set_photo",
    "set_price",
    "set_service_area",
    "update_basic",
    "yuan_to_fen",
]

NAME_MAX = 20
BIO_MAX = 500
SKILLS_MAX = 10
SKILL_MAX = 12
AGE_MIN, AGE_MAX = 16, 80
YEARS_MAX = 60
WORK_START_AGE = 14  # years of experience cannot start before this age
GENDERS = ("female", "male")
UPLOAD_MAX_BYTES = storage.MAX_UPLOAD_BYTES  # the page reads no more than this, plus one byte


@dataclass(frozen=True)
class BasicInfo:
    display_name: str
    gender: str  # female | male
    birth_date: date | None
    years_experience: int
    skills: list[str]
    bio: str


@dataclass(frozen=True)
class MyProfile:
    id: int
    basic: BasicInfo
    age: int | None
    photo_url: str
    shop_name: str | None
    certificates: list[CertificateItem]
    case_studies: list[CaseItem]
    hours: list[HoursRange]
    area: AreaItem | None
    prices: list[PriceItem]


def _own(session: Session, actor: Actor | None) -> Technician:
    tech = session.get(Technician, require_technician(actor))
    if tech is None:
        raise DomainError("tech_profile.not_found")
    return tech


def _clean_skills(skills: list[str]) -> list[str]:
    cleaned: list[str] = []
    for skill in (s.strip() for s in skills):
        if skill and skill not in cleaned:
            cleaned.append(skill)
    if len(cleaned) > SKILLS_MAX:
        raise DomainError("tech_profile.too_many_skills", max=SKILLS_MAX)
    if any(len(s) > SKILL_MAX for s in cleaned):
        raise DomainError("tech_profile.skill_too_long", max=SKILL_MAX)
    return cleaned


def _check_basic(info: BasicInfo, today: date) -> BasicInfo:
    name, bio = info.display_name.strip(), info.bio.strip()
    if not name:
        raise DomainError("tech_profile.name_required")
    if len(name) > NAME_MAX:
        raise DomainError("tech_profile.name_too_long", max=NAME_MAX)
    if info.gender not in GENDERS:
        raise DomainError("tech_profile.gender_invalid")
    age = age_on(info.birth_date, today)
    if age is not None and not AGE_MIN <= age <= AGE_MAX:
        raise DomainError("tech_profile.age_out_of_range", low=AGE_MIN, high=AGE_MAX)
    if not 0 <= info.years_experience <= YEARS_MAX:
        raise DomainError("tech_profile.years_out_of_range", high=YEARS_MAX)
    if age is not None and info.years_experience > age - WORK_START_AGE:
        raise DomainError("tech_profile.years_exceed_age")
    if len(bio) > BIO_MAX:
        raise DomainError("tech_profile.bio_too_long", max=BIO_MAX)
    skills = _clean_skills(info.skills)
    return BasicInfo(name, info.gender, info.birth_date, info.years_experience, skills, bio)


def update_basic(session: Session, actor: Actor | None, info: BasicInfo) -> BasicInfo:
    """Name (1-20 chars), gender, birth date (age 16-80, optional), years of experience (0-60,
    not more than age - 14), up to 10 skills of up to 12 chars, bio up to 500 chars.

    The account's display name follows the profile's, so the header shows the new name."""
    tech = _own(session, actor)
    info = _check_basic(info, local_today())
    tech.display_name = info.display_name
    tech.gender = info.gender
    tech.birth_date = info.birth_date
    tech.years_experience = info.years_experience
    tech.skills = info.skills
    tech.bio = info.bio
    user = session.get(User, tech.user_id)
    if user is not None:
        user.display_name = info.display_name
    session.add(tech)
    session.commit()
    return info


def prepare_upload(
    session: Session, actor: Actor | None, data: bytes, *, scan: bool = False
) -> bytes:
    """Check and re-encode an image before its form is sent (the page keeps the result until
    then): the same rules the saving functions apply, so a bad file is refused at once. Only a
    technician on their own profile: nothing is decoded for anyone else."""
    _own(session, actor)
    return storage.prepare_image(data, storage.SCAN_MAX_SIDE if scan else storage.PUBLIC_MAX_SIDE)


def set_photo(session: Session, actor: Actor | None, data: bytes, filename: str = "") -> str:
    """Replace the profile photo. Only the bytes decide (the file name is not trusted): they
    must be a real JPEG/PNG/WebP image (storage.prepare_image); returns the public URL."""
    tech = _own(session, actor)
    url = storage.save_public(storage.prepare_image(data))
    old, tech.photo_url = tech.photo_url, url
    session.add(tech)
    try:
        session.commit()
    except Exception:
        session.rollback()
        storage.delete_public(url)
        raise
    storage.delete_public(old)
    return url


def my_profile(session: Session, actor: Actor | None) -> MyProfile:
    """Everything the technician's edit page shows, for the actor's own profile only."""
    tech = _own(session, actor)
    shop = session.get(Merchant, tech.merchant_id) if tech.merchant_id else None
    return MyProfile(
        id=tech.id,
        basic=BasicInfo(
            tech.display_name,
            tech.gender,
            tech.birth_date,
            tech.years_experience,
            list(tech.skills),
            tech.bio,
        ),
        age=age_on(tech.birth_date, local_today()),
        photo_url=tech.photo_url,
        shop_name=shop.name if shop else None,
        certificates=list_certificates(session, tech.id),
        case_studies=list_case_studies(session, tech.id),
        hours=list_hours(session, tech.id),
        area=current_area(session, tech.id),
        prices=price_list(session, tech),
    )
