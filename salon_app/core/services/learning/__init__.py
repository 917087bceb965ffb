"""Technician learning: courses with sections, lessons and a quiz, progress, course
certificates and their public check, assignments and challenges, offline training events.

Courses (L1): who writes and who takes which course (scope), writing a course, its lessons,
their files (private storage) and its quiz (courses, lessons, lesson_files, quiz_questions,
course_desk); taking it: lessons locked by prerequisites, read and watched (progress), the
quiz, its attempts and the completion that issues a certificate exactly once (quiz); the
technician's views (course_views); signed links to a lesson's video and material
(lesson_media); the public check of a certificate by serial (verification).

Which certificates qualify a technician for a category or a skill tag is decided in
services/certificates (the one qualification rule discovery, dispatch and booking apply).

Training events (event_*.py, events.py): publishing by the platform or a shop, sign-ups with a
waitlist and its promotions, the 24-hour reminders, check-in with the code shown at the event
and what attendance earns (the linked course's certificate, or a training record).
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
from salon_app.core.services.learning.course_desk import (
    CourseOutline,
    CourseRow,
    authored_courses,
    categories,
    course_outline,
)
from salon_app.core.services.learning.course_views import (
    CertificateRow,
    CourseCard,
    CourseView,
    MyLearning,
    course_view,
    my_learning,
)
from salon_app.core.services.learning.courses import (
    CourseDraft,
    lesson_picture,
    save_course,
    set_course_cover,
    set_course_status,
)
from salon_app.core.services.learning.event_checkin import (
    Attendance,
    check_in,
    check_in_by_organiser,
)
from salon_app.core.services.learning.event_reminders import remind_upcoming_events
from salon_app.core.services.learning.event_rules import (
    CHECKIN_MAX_ATTEMPTS,
    CHECKIN_OPENS_BEFORE,
    PLATFORM_ORGANISER,
    checkin_code,
    code_hash,
)
from salon_app.core.services.learning.event_signups import (
    SignupResult,
    TechEvent,
    cancel_signup,
    events_for_technician,
    sign_up,
)
from salon_app.core.services.learning.event_tables import (
    EVENT_SORTS,
    SIGNUP_SORTS,
    EventDetail,
    EventRow,
    SignupRow,
    event_detail,
    event_table,
    signup_table,
)
from salon_app.core.services.learning.events import (
    EventDraft,
    cancel_event,
    course_choices,
    event_desk,
    publish_event,
    update_event,
)
from salon_app.core.services.learning.lesson_files import attach_material, attach_video
from salon_app.core.services.learning.lesson_media import MediaFile, media_link, open_media
from salon_app.core.services.learning.lessons import (
    LessonDraft,
    move_lesson,
    remove_lesson,
    save_lesson,
)
from salon_app.core.services.learning.progress import (
    LessonOpened,
    mark_read,
    open_lesson,
    report_video,
)
from salon_app.core.services.learning.quiz import QuizResult, submit_quiz
from salon_app.core.services.learning.quiz_questions import remove_question, save_question
from salon_app.core.services.learning.verification import CertificateCheck, verify_certificate

__all__ = [
    "ASSIGNMENT_SORTS",
    "CHECKIN_MAX_ATTEMPTS",
    "CHECKIN_OPENS_BEFORE",
    "EVENT_SORTS",
    "PLATFORM_ORGANISER",
    "SIGNUP_SORTS",
    "Achievements",
    "Attendance",
    "CertificateCheck",
    "CertificateRow",
    "ChallengeRow",
    "CompletedCourse",
    "CourseCard",
    "CourseDraft",
    "CourseOutline",
    "CourseRow",
    "CourseView",
    "EventDetail",
    "EventDraft",
    "EventRow",
    "LessonDraft",
    "LessonOpened",
    "MediaFile",
    "MyLearning",
    "Option",
    "Progress",
    "QuizResult",
    "SignupResult",
    "SignupRow",
    "TechEvent",
    "achievements",
    "assign_course",
    "assignment_options",
    "attach_material",
    "attach_video",
    "authored_courses",
    "award_badges",
    "award_badges_for",
    "cancel_event",
    "cancel_signup",
    "categories",
    "challenge_board",
    "check_in",
    "check_in_by_organiser",
    "checkin_code",
    "code_hash",
    "course_choices",
    "course_outline",
    "course_view",
    "create_challenge",
    "event_desk",
    "event_detail",
    "event_table",
    "events_for_technician",
    "issue_certificate",
    "lesson_picture",
    "mark_read",
    "media_link",
    "move_lesson",
    "my_assignments",
    "my_challenges",
    "my_learning",
    "new_serial",
    "open_lesson",
    "open_media",
    "publish_event",
    "remind_upcoming_events",
    "remove_lesson",
    "remove_question",
    "report_video",
    "save_course",
    "save_lesson",
    "save_question",
    "set_course_cover",
    "set_course_status",
    "shop_assignment_page",
    "shop_assignments",
    "sign_up",
    "signup_table",
    "submit_quiz",
    "update_event",
    "verify_certificate",
]
