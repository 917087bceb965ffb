"""/tech/learn (the courses a technician may take, progress, certificates) and
/tech/learn/<id> (one course: its lessons, the lesson open now, the quiz)."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_toast
from salon_app.components.browser_input import row_id, small_number
from salon_app.components.format import local_date
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import learning
from salon_app.i18n import t


def certificate_row(cert: learning.CertificateRow) -> dict[str, str]:
    return {
        "serial": cert.serial,
        "course": cert.course,
        "issued": t("learn.issued", date=local_date(cert.issued_at)),
        "expires": t("learn.expires", date=local_date(cert.expires_at))
        if cert.expires_at
        else t("learn.never_expires"),
        "status": cert.status,
        "status_text": t(f"learn.status.{cert.status}"),
        "verify": f"{routes.VERIFY_CERTIFICATE}?serial={cert.serial}",
    }


class LearnState(SessionState):
    courses: list[dict[str, str]] = []
    certificates: list[dict[str, str]] = []

    @rx.event
    def load(self) -> list | None:
        mine, events = self._guarded(learning.my_learning)
        if mine is not None:
            self.courses = [
                {
                    "id": str(c.id),
                    "title": c.title,
                    "summary": c.summary,
                    "cover": c.cover,
                    "by": t("learn.by_shop") if c.by_shop else t("learn.by_platform"),
                    "progress": t("learn.progress", done=c.done, total=c.lessons),
                    "pct": str(round(c.done * 100 / c.lessons) if c.lessons else 0),
                    "completed": "1" if c.completed else "",
                    "href": routes.tech_course(c.id),
                }
                for c in mine.courses
            ]
            self.certificates = [certificate_row(c) for c in mine.certificates]
        return events


class CourseState(SessionState):
    title: str = ""
    summary: str = ""
    rules: str = ""
    yearly: bool = False
    lessons: list[dict[str, str]] = []
    # The lesson open now
    lesson_id: str = ""
    lesson_title: str = ""
    lesson_kind: str = ""
    lesson_body: str = ""
    lesson_done: bool = False
    watched_pct: int = 0
    done_pct: int = 100
    video_url: str = ""
    material_name: str = ""
    material_url: str = ""
    # The quiz
    quiz_open: bool = False
    quiz_reason: str = ""
    quiz_info: str = ""
    questions: list[dict] = []
    picked: list[str] = []
    result: str = ""
    certificate: dict[str, str] = {}

    def _course_id(self) -> int:
        return row_id(getattr(self, "course_id", ""))  # the [course_id] route segment

    def _show(self, view: learning.CourseView) -> None:
        self.title, self.summary = view.title, view.summary
        self.rules = t(
            "course.rules",
            pass_mark=view.pass_mark_pct,
            attempts=view.quiz_attempts,
            video=view.video_done_pct,
        )
        self.yearly = view.valid_days is not None
        self.done_pct = view.video_done_pct
        self.lessons = [
            {
                "id": str(row.id),
                "section": row.section,
                "title": row.title,
                "kind": t(f"course.kind.{row.kind}"),
                "done": "1" if row.done else "",
                "locked": t("course.lesson_locked", lesson=row.requires) if row.locked else "",
                "watched": t("course.watched", pct=row.watched_pct) if row.kind == "video" else "",
            }
            for row in view.lessons
        ]
        self.quiz_open = view.quiz_open
        self.quiz_reason = t(view.quiz_reason) if view.quiz_reason else ""
        info = [t("course.quiz_attempts", left=view.attempts_left)]
        if view.last_score is not None:
            info.append(t("course.last_score", score=view.last_score))
        self.quiz_info = " · ".join(info)
        self.questions = [
            {
                "id": str(q.id),
                "text": q.text,
                "kind": t("course.multiple") if q.multiple else t("course.single"),
                "options": [
                    {"key": f"{q.id}-{i}", "label": label} for i, label in enumerate(q.options)
                ],
            }
            for q in view.questions
        ]
        self.certificate = certificate_row(view.certificate) if view.certificate else {}

    def _reload(self) -> list | None:
        course_id = self._course_id()
        view, events = self._guarded(lambda s, a: learning.course_view(s, a, course_id))
        if view is not None:
            self._show(view)
        return events

    @rx.event
    def load(self) -> list | None:
        self.lesson_id, self.picked, self.result = "", [], ""
        return self._reload()

    @rx.event
    def open_lesson(self, lesson_id: str) -> list | None:
        wanted = row_id(lesson_id)
        try:
            with session_scope() as session:
                actor = self._actor(session)
                opened = learning.open_lesson(session, actor, wanted)
                video = material = ""
                if opened.has_video:
                    video = learning.media_link(session, actor, wanted, "video", self.auth_token)
                if opened.material_name:
                    material = learning.media_link(
                        session, actor, wanted, "material", self.auth_token
                    )
        except DomainError as err:
            return [error_toast(err)]
        self.lesson_id, self.lesson_title, self.lesson_kind = (
            str(opened.id),
            opened.title,
            opened.kind,
        )
        self.lesson_body, self.lesson_done = opened.body, opened.done
        self.watched_pct, self.video_url = opened.watched_pct, video
        self.material_name, self.material_url = opened.material_name, material
        return None

    @rx.event
    def mark_read(self) -> list | None:
        lesson = row_id(self.lesson_id)

        def done() -> None:
            self.lesson_done = True

        events = self._run(
            lambda s, a: learning.mark_read(s, a, lesson), "course.read_recorded", done
        )
        return [*events, *(self._reload() or [])]

    @rx.event
    def report_position(self, seconds: float) -> list | None:
        lesson = row_id(self.lesson_id)
        if not lesson or self.lesson_kind != "video":
            return None
        try:
            with session_scope() as session:
                pct = learning.report_video(session, self._actor(session), lesson, seconds)
        except DomainError as err:
            return [error_toast(err)]
        self.watched_pct = pct
        if self.lesson_done or pct < self.done_pct:
            return None
        self.lesson_done = True  # the lesson list and the quiz change: show them again
        return [rx.toast.success(t("course.read_recorded")), *(self._reload() or [])]

    @rx.event
    def pick(self, key: str) -> None:
        if not isinstance(key, str) or "-" not in key:
            return
        question = key.split("-")[0]
        multiple = any(
            q["id"] == question and q["kind"] == t("course.multiple") for q in self.questions
        )
        if key in self.picked:
            self.picked = [k for k in self.picked if k != key]
        elif multiple:
            self.picked = [*self.picked, key]
        else:
            self.picked = [k for k in self.picked if k.split("-")[0] != question] + [key]

    @rx.event
    def submit_quiz(self) -> list | None:
        answers: dict[str, list[int]] = {}
        for key in self.picked:
            question, _, index = key.partition("-")
            if (number := small_number(index)) is not None:
                answers.setdefault(question, []).append(number)
        course_id = self._course_id()
        try:
            with session_scope() as session:
                result = learning.submit_quiz(session, self._actor(session), course_id, answers)
        except DomainError as err:
            return [error_toast(err)]
        self.picked = []
        if result.passed:
            self.result = t("course.passed", score=result.score_pct, serial=result.serial)
        else:
            self.result = t("course.failed", score=result.score_pct, left=result.attempts_left)
        return self._reload()
