"""Certificates (资格证书): their types and details, verification, what a category requires,
and reminders before they expire.

Owns: the certificate types and statuses (pending / verified / rejected with a reason); the
technician's edits (a verified certificate edited goes back to pending); decisions (a shop's
through merchants.certificate_checks, the platform's here); the qualification rule that
discovery, dispatch and booking apply (a category's required certificate, verified and not
expired) and the courses a category or a skill tag requires (a valid CourseCertificate:
course_rule); the idempotent daily reminders 30 and 7 days before expiry (of course
certificates too); the operators' course requirements.
"""

from salon_app.core.services.certificates.course_reminders import (
    remind_expiring_course_certificates,
)
from salon_app.core.services.certificates.course_requirements import (
    RequirementBoard,
    RequirementPreview,
    RequirementRow,
    add_requirement,
    preview_requirement,
    remove_requirement,
    requirement_board,
)
from salon_app.core.services.certificates.course_rule import (
    category_requires_course,
    counted,
    day_start,
    lacks_no_course,
    skill_requirements,
    uncounted_tags,
)
from salon_app.core.services.certificates.decisions import (
    clean_reason,
    decide,
    platform_decide,
    set_required_certificate,
)
from salon_app.core.services.certificates.details import (
    CertificateDetails,
    check_details,
    check_extra,
    update_certificate,
)
from salon_app.core.services.certificates.qualification import (
    check_qualified,
    holds_certificate,
    qualified,
    qualified_for,
    required_certificate,
)
from salon_app.core.services.certificates.reminders import remind_expiring_certificates
from salon_app.core.services.certificates.types import CERTIFICATE_TYPES, STATUSES

__all__ = [
    "CERTIFICATE_TYPES",
    "STATUSES",
    "CertificateDetails",
    "RequirementBoard",
    "RequirementPreview",
    "RequirementRow",
    "add_requirement",
    "category_requires_course",
    "check_details",
    "check_extra",
    "check_qualified",
    "clean_reason",
    "counted",
    "day_start",
    "decide",
    "holds_certificate",
    "lacks_no_course",
    "platform_decide",
    "preview_requirement",
    "qualified",
    "qualified_for",
    "remind_expiring_certificates",
    "remind_expiring_course_certificates",
    "remove_requirement",
    "required_certificate",
    "requirement_board",
    "set_required_certificate",
    "skill_requirements",
    "uncounted_tags",
    "update_certificate",
]
