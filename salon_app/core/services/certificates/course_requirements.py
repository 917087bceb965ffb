"""Operators manage which course a category or a skill tag requires (Permission.manage_learning).

Rules: a requirement names a published platform course (a shop's course cannot qualify
technicians of other shops) and exactly one of a category or a skill tag (1-20 characters);
a category or a tag has at most one required course. Before adding one, the operator sees
how many active technicians would lose qualification at once (`preview_requirement`: those
offering a service of the category, or listing the tag, without a valid certificate of the
course). Adding and removing are audited and take effect at once (course_rule).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import String, cast
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, exists, func, not_, or_, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Course,
    CourseCertificate,
    CourseRequirement,
    Service,
    ServiceCategory,
    Technician,
    TechnicianService,
)
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.certificates.course_rule import (
    day_start,
    valid_course_certificate,
)

SKILL_MAX = 20


@dataclass(frozen=True)
class RequirementRow:
    id: int
    target: str  # the category's name or the skill tag
    kind: str  # category | skill
    course_id: int
    course_title: str
    holders: int  # valid certificates of the course held now


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True)
class RequirementBoard:
    requirements: list[RequirementRow]
    categories: list[Choice]  # categories without a requirement yet
    courses: list[Choice]  # published platform courses


@dataclass(frozen=True)
class RequirementPreview:
    course_title: str
    target: str
    losing: int  # active technicians who would lose qualification now


def requirement_board(session: Session, actor: Actor | None) -> RequirementBoard:
    """Every requirement with its course and how many hold it; what can be required."""
    require_admin(session, actor, Permission.manage_learning)
    since = day_start(local_today())
    holders = (
        select(func.count(col(CourseCertificate.id)))
        .where(
            col(CourseCertificate.course_id) == CourseRequirement.course_id,
            col(CourseCertificate.status) == "valid",
            or_(
                col(CourseCertificate.expires_at).is_(None),
                col(CourseCertificate.expires_at) >= since,
            ),
        )
        .correlate(CourseRequirement)
        .scalar_subquery()
    )
    rows = session.exec(
        select(CourseRequirement, Course.title, ServiceCategory.name, holders)
        .join(Course, col(Course.id) == CourseRequirement.course_id)
        .outerjoin(ServiceCategory, col(ServiceCategory.id) == CourseRequirement.category_id)
        .order_by(
            col(CourseRequirement.category_id).is_(None),
            ServiceCategory.sort_order,
            CourseRequirement.skill,
            CourseRequirement.id,
        )
    ).all()
    requirements = [
        RequirementRow(
            r.id,
            category if r.category_id is not None else r.skill,
            "category" if r.category_id is not None else "skill",
            r.course_id,
            title,
            held,
        )
        for r, title, category, held in rows
    ]
    taken = {r.category_id for r, *_ in rows}
    categories = [
        Choice(c.id, c.name)
        for c in session.exec(
            select(ServiceCategory).order_by(ServiceCategory.sort_order, ServiceCategory.id)
        )
        if c.id not in taken
    ]
    courses = [
        Choice(c.id, c.title)
        for c in session.exec(
            select(Course)
            .where(col(Course.merchant_id).is_(None), Course.status == "published")
            .order_by(Course.title, Course.id)
        )
    ]
    return RequirementBoard(requirements, categories, courses)


def _checked(
    session: Session, course_id: int, category_id: int | None, skill: str
) -> tuple[Course, int | None, str, str]:
    """The course, category and tag of a requirement, checked (see the module rules)."""
    course = session.get(Course, course_id) if course_id else None
    if course is None or course.merchant_id is not None or course.status != "published":
        raise DomainError("requirement.course_invalid")
    skill = (skill or "").strip()
    if (category_id is None) == (skill == ""):
        raise DomainError("requirement.one_target")
    if category_id is not None:
        category = session.get(ServiceCategory, category_id)
        if category is None:
            raise DomainError("certificate.category_not_found")
        taken = CourseRequirement.category_id == category_id
        target = category.name
    else:
        if len(skill) > SKILL_MAX:
            raise DomainError("validation.too_long", field="field.skill_tag", max=SKILL_MAX)
        taken = CourseRequirement.skill == skill
        target = skill
    if session.exec(select(CourseRequirement.id).where(taken)).first() is not None:
        raise DomainError("requirement.exists", target=target)
    return course, category_id, skill, target


def _losing(session: Session, course_id: int, category_id: int | None, skill: str) -> int:
    """Active technicians offering the category, or listing the tag, without the course."""
    lacking = not_(
        valid_course_certificate(col(Technician.id), course_id, day_start(local_today()))
    )
    if category_id is not None:
        offers = exists().where(
            col(TechnicianService.technician_id) == Technician.id,
            col(TechnicianService.service_id) == Service.id,
            col(Service.category_id) == category_id,
        )
        return session.exec(
            select(func.count())
            .select_from(Technician)
            .where(Technician.status == "active", offers, lacking)
        ).one()
    # Skills are JSON: SQL narrows on the text (escaped or not), Python checks the tag exactly.
    text = cast(Technician.skills, String)
    escaped = skill.encode("unicode_escape").decode("ascii")
    rows = session.exec(
        select(Technician.skills).where(
            Technician.status == "active",
            or_(text.contains(skill), text.contains(escaped)),
            lacking,
        )
    ).all()
    return sum(1 for skills in rows if skill in (skills or ()))


def preview_requirement(
    session: Session, actor: Actor | None, course_id: int, category_id: int | None, skill: str
) -> RequirementPreview:
    """What adding the requirement would do now: how many active technicians would lose
    qualification (asked before confirming); nothing is changed."""
    require_admin(session, actor, Permission.manage_learning)
    course, category_id, skill, target = _checked(session, course_id, category_id, skill)
    return RequirementPreview(course.title, target, _losing(session, course.id, category_id, skill))


def add_requirement(
    session: Session, actor: Actor | None, course_id: int, category_id: int | None, skill: str
) -> RequirementPreview:
    """Require the course for the category or the skill tag (audited, at once)."""
    actor = require_admin(session, actor, Permission.manage_learning)
    course, category_id, skill, target = _checked(session, course_id, category_id, skill)
    losing = _losing(session, course.id, category_id, skill)
    row = CourseRequirement(
        course_id=course.id, category_id=category_id, skill=skill, created_at=utcnow()
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # a colleague added the same a moment ago
        session.rollback()
        raise DomainError("requirement.exists", target=target) from None
    audit.record(
        session, actor, "course_requirement.added", "course_requirement", row.id,
        course=course.id, target=target, losing=losing,
    )  # fmt: skip
    session.commit()
    return RequirementPreview(course.title, target, losing)


def remove_requirement(session: Session, actor: Actor | None, requirement_id: int) -> None:
    """Lift a requirement (audited); the technicians it held back qualify again at once."""
    actor = require_admin(session, actor, Permission.manage_learning)
    row = session.get(CourseRequirement, requirement_id)
    if row is None:
        raise DomainError("requirement.not_found")
    audit.record(
        session, actor, "course_requirement.removed", "course_requirement", row.id,
        course=row.course_id, category=row.category_id, skill=row.skill,
    )  # fmt: skip
    session.delete(row)
    session.commit()
