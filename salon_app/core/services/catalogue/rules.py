"""What a service's details must be before operators may save them: one check per field,
named, so the page can say exactly what is wrong and nothing is stored.

Prices are the range customers see and technicians price inside (technicians/prices.py): a
range that would leave some technician's current price outside it is refused, naming how
many and their lowest and highest price, rather than changing anyone's price silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core import amounts
from salon_app.core.errors import DomainError
from salon_app.core.models import Service, ServiceCategory, TechnicianService
from salon_app.core.settings import get_settings

NAME_MAX = 40
CATEGORY_NAME_MAX = 30
SUMMARY_MAX = 200
PROCESS_MAX = 2000
PRODUCTS_MAX = 1000
EFFECT_MAX = 1000
DURATION_MIN = 10  # minutes: shorter is not a visit
DURATION_MAX = 720  # twelve hours: longer is not one booking
PRICE_MAX_FEN = 10_000_000  # 十万元: far above any service, keeps typos out


@dataclass(frozen=True)
class ServiceForm:
    """What an operator edits on a service; prices in fen, the publish date a local day."""

    category_id: int
    name: str
    summary: str
    process: str
    products: str
    effect: str
    price_min_fen: int
    price_max_fen: int
    duration_min: int
    at_home: bool
    in_shop: bool
    publish_on: date


def yuan_to_fen(text: object) -> int:
    """A price as typed ('88' or '88.5' yuan) -> fen, or catalogue.price_invalid."""
    return amounts.typed_fen(text, "catalogue.price_invalid", maximum_fen=PRICE_MAX_FEN)


def category_name(value: str) -> str:
    """A category's name, trimmed: required, at most CATEGORY_NAME_MAX characters."""
    name = (value or "").strip()
    if not name:
        raise DomainError("validation.required", field="field.category_name")
    if len(name) > CATEGORY_NAME_MAX:
        raise DomainError("validation.too_long", field="field.category_name", max=CATEGORY_NAME_MAX)
    return name


def _texts(form: ServiceForm) -> tuple[str, str, str, str, str]:
    """The form's texts trimmed (name, summary, process, products, effect), or why not."""
    name, summary = (form.name or "").strip(), (form.summary or "").strip()
    process, products = (form.process or "").strip(), (form.products or "").strip()
    effect = (form.effect or "").strip()
    if not name:
        raise DomainError("validation.required", field="field.service_name")
    if len(name) > NAME_MAX:
        raise DomainError("validation.too_long", field="field.service_name", max=NAME_MAX)
    if len(summary) > SUMMARY_MAX:
        raise DomainError("validation.too_long", field="field.service_summary", max=SUMMARY_MAX)
    if len(process) > PROCESS_MAX:
        raise DomainError("validation.too_long", field="field.service_process", max=PROCESS_MAX)
    if len(products) > PRODUCTS_MAX:
        raise DomainError("validation.too_long", field="field.service_products", max=PRODUCTS_MAX)
    if len(effect) > EFFECT_MAX:
        raise DomainError("validation.too_long", field="field.service_effect", max=EFFECT_MAX)
    return name, summary, process, products, effect


def publish_moment(day: date) -> datetime:
    """Local midnight of the publish day (the platform's time zone), as stored (UTC)."""
    return datetime.combine(day, time(0), ZoneInfo(get_settings().timezone))


def check_name_free(session: Session, name: str, service_id: int | None) -> None:
    taken = session.exec(
        select(Service.id).where(func.lower(Service.name) == name.lower()).order_by(Service.id)
    ).first()
    if taken is not None and taken != service_id:
        raise DomainError("catalogue.name_taken", name=name)


def check_category_name_free(session: Session, name: str, category_id: int | None) -> None:
    taken = session.exec(
        select(ServiceCategory.id)
        .where(func.lower(ServiceCategory.name) == name.lower())
        .order_by(ServiceCategory.id)
    ).first()
    if taken is not None and taken != category_id:
        raise DomainError("catalogue.category_name_taken", name=name)


def technician_prices(
    session: Session, service_id: int | None
) -> tuple[int, int | None, int | None]:
    """How many technicians offer the service, and their lowest and highest price."""
    if service_id is None:
        return 0, None, None
    count, low, high = session.exec(
        select(
            func.count(TechnicianService.id),
            func.min(TechnicianService.price_fen),
            func.max(TechnicianService.price_fen),
        ).where(TechnicianService.service_id == service_id)
    ).one()
    return count, low, high


def check_form(session: Session, form: ServiceForm, service_id: int | None) -> ServiceForm:
    """The form with its texts trimmed, or the first DomainError a person can fix."""
    name, summary, process, products, effect = _texts(form)
    if session.get(ServiceCategory, form.category_id) is None:
        raise DomainError("catalogue.category_not_found")
    low, high = form.price_min_fen, form.price_max_fen
    if not (0 < low <= PRICE_MAX_FEN and 0 < high <= PRICE_MAX_FEN):
        raise DomainError("catalogue.price_invalid")
    if low > high:
        raise DomainError("catalogue.price_min_above_max")
    if not DURATION_MIN <= form.duration_min <= DURATION_MAX:
        raise DomainError("catalogue.duration_invalid", low=DURATION_MIN, high=DURATION_MAX)
    if not (form.at_home or form.in_shop):
        raise DomainError("catalogue.mode_required")
    check_name_free(session, name, service_id)
    outside = session.exec(
        select(func.count(TechnicianService.id)).where(
            TechnicianService.service_id == (service_id or 0),
            (col(TechnicianService.price_fen) < low) | (col(TechnicianService.price_fen) > high),
        )
    ).one()
    if outside:
        _, lowest, highest = technician_prices(session, service_id)
        raise DomainError(
            "catalogue.prices_outside_range",
            count=outside,
            low=amounts.display_yuan(lowest or 0),
            high=amounts.display_yuan(highest or 0),
        )
    return ServiceForm(
        form.category_id,
        name,
        summary,
        process,
        products,
        effect,
        low,
        high,
        form.duration_min,
        form.at_home,
        form.in_shop,
        form.publish_on,
    )
