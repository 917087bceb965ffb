"""Technician learning: courses with sections, lessons and a quiz, progress, course
certificates and their public check, assignments and challenges, offline training events.

Which certificates qualify a technician for a category or a skill tag is decided in
services/certificates (the one qualification rule discovery, dispatch and booking apply).
"""

from salon_app.core.services.learning.achievements import (
    Achievements,
    CompletedCourse,
    achievements,
)
from salon_app.core.services.learning.assignments import (
    ASSIGNMENT_SORTS,
    Option,
    Progress,
    assign_course,
    assignment_options,
    my_assignments,
    shop_assignment_page,
    shop_assignments,
)
from salon_app.core.services.learning.challenges import (
    ChallengeRow,
    award_badges,
    award_badges_for,
    challenge_board,
    create_challenge,
    my_challenges,
)
from salon_app.core.services.learning.course_certificates import issue_certificate, new_serial

__all__ = [
    "ASSIGNMENT_SORTS",
    "Achievements",
    "ChallengeRow",
    "CompletedCourse",
    "Option",
    "Progress",
    "achievements",
    "assign_course",
    "assignment_options",
    "award_badges",
    "award_badges_for",
    "challenge_board",
    "create_challenge",
    "issue_certificate",
    "my_assignments",
    "my_challenges",
    "new_serial",
    "shop_assignment_page",
    "shop_assignments",
]
