"""Technician learning: courses with sections, lessons and a quiz, progress, course
certificates and their public check, assignments and challenges, offline training events.

Which certificates qualify a technician for a category or a skill tag is decided in
services/certificates (the one qualification rule discovery, dispatch and booking apply).
"""

from salon_app.core.services.learning.course_certificates import issue_certificate, new_serial

__all__ = ["issue_certificate", "new_serial"]
