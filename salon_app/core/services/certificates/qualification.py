"""Who may work in a category that requires a certificate (ServiceCategory.required_certificate).

A technician qualifies for a service when its category requires nothing, or when they hold a
certificate of the required type that is verified and not expired (expires_on empty, or on
or after the local day). Who does not qualify is left out of search, "any nearby", dispatch
and booking for that category: `qualified` is the SQL condition discovery and dispatch add
to their queries, `check_qualified` the refusal booking and manual assignment raise.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, exists, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import Certificate, Service, ServiceCategory


def qualified(technician_id: Any, service_id: Any, today: Any) -> ColumnElement[bool]:
    """SQL: the technician (a column) may do the service (a value or bound parameter) on
    `today` (a date or bound parameter)."""
    # Own names, correlated to nothing else: `service_id` may be an outer query's Service.id.
    offered, category = aliased(Service), aliased(ServiceCategory)
    required = (
        select(category.required_certificate)
        .join(offered, offered.category_id == category.id)
        .where(offered.id == service_id)
        .correlate_except(offered, category)
        .scalar_subquery()
    )
    holds = exists().where(
        col(Certificate.technician_id) == technician_id,
        col(Certificate.cert_type) == required,
        col(Certificate.status) == "verified",
        or_(col(Certificate.expires_on).is_(None), col(Certificate.expires_on) >= today),
    )
    return or_(required == "", holds)


def check_qualified(
    session: Session, technician_id: int, service_ids: Iterable[int], today: date
) -> None:
    """Refuse (certificate.not_qualified) a technician who lacks a certificate one of the
    services' categories requires."""
    for service_id in dict.fromkeys(service_ids):
        ok = session.exec(select(qualified(technician_id, service_id, today))).one()
        if not ok:
            raise DomainError("certificate.not_qualified")
