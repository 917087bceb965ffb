"""Who may work in a category that requires a certificate (ServiceCategory.required_certificate).

A technician qualifies for a service when its category requires nothing, or when they hold a
certificate of the required type that is verified and not expired (expires_on empty, or on
or after the local day). Who does not qualify is left out of search, "any nearby", dispatch
and booking for that category: `qualified` is the SQL condition for a service
(a value or a column), `qualified_for` the same once the required type is known (no condition
at all when nothing is required: discovery and dispatch look the type up first),
`check_qualified` the refusal booking and manual assignment raise. A category may also
require courses (course_rule.py): each of these functions applies that rule too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, exists, or_, true
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import Certificate, Service, ServiceCategory
from salon_app.core.services.certificates.course_rule import (
    check_courses,
    day_start,
    lacks_no_course,
)

# A service's required certificate type: its category's ("" when none is required).
_REQUIRED = (
    select(ServiceCategory.required_certificate)
    .join(Service, col(Service.category_id) == ServiceCategory.id)
    .where(col(Service.id) == bindparam("service"))
)


def required_certificate(session: Session, service_id: int) -> str | None:
    """The certificate type the service's category requires ("" none; None: no such service).
    Queries that know it leave the certificate condition out when it is "" (most categories)."""
    if session.autoflush:
        session.flush()  # read through the connection: see pending changes
    return session.connection().execute(_REQUIRED, {"service": service_id}).scalar()


def holds_certificate(technician_id: Any, cert_type: Any, today: Any) -> ColumnElement[bool]:
    """SQL: the technician (a column) holds a verified certificate of `cert_type` (a value or
    bound parameter) not expired on `today`."""
    return exists().where(
        col(Certificate.technician_id) == technician_id,
        col(Certificate.cert_type) == cert_type,
        col(Certificate.status) == "verified",
        or_(col(Certificate.expires_on).is_(None), col(Certificate.expires_on) >= today),
    )


def qualified_for(
    technician_id: Any, required: str, today: Any, courses: Any = None
) -> ColumnElement[bool]:
    """SQL: the technician may do a service whose category requires `required` (known);
    `courses`: the service (a value or bound parameter) when its category requires courses
    (category_requires_course), else None (no course condition at all)."""
    cert = true() if required == "" else holds_certificate(technician_id, required, today)
    if courses is None:
        return cert
    return and_(cert, lacks_no_course(technician_id, courses, day_start(today)))


def qualified(technician_id: Any, service_id: Any, today: Any) -> ColumnElement[bool]:
    """SQL: the technician (a column) may do the service (a value or bound parameter, or a
    column of an outer query) on `today` (a date)."""
    # Own names, correlated to nothing else: `service_id` may be an outer query's Service.id.
    offered, category = aliased(Service), aliased(ServiceCategory)
    required = (
        select(category.required_certificate)
        .join(offered, offered.category_id == category.id)
        .where(offered.id == service_id)
        .correlate_except(offered, category)
        .scalar_subquery()
    )
    return and_(
        or_(required == "", holds_certificate(technician_id, required, today)),
        lacks_no_course(technician_id, service_id, day_start(today)),
    )


def check_qualified(
    session: Session, technician_id: int, service_ids: Iterable[int], today: date
) -> None:
    """Refuse (certificate.not_qualified) a technician who lacks a certificate, or a valid
    certificate of a course, one of the services' categories requires."""
    for service_id in dict.fromkeys(service_ids):
        required = required_certificate(session, service_id)
        if required is None:
            raise DomainError("certificate.not_qualified")
        if (
            required
            and not session.exec(select(holds_certificate(technician_id, required, today))).one()
        ):
            raise DomainError("certificate.not_qualified")
        if not check_courses(session, technician_id, service_id, today):
            raise DomainError("certificate.not_qualified")
