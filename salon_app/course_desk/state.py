"""The course desk (/admin/courses, /merchant/courses): the author's courses as a table with a
chart of enrolments and completions, and the editor of one course (its details and cover, its
lessons with their files, its quiz, publishing). Operators write platform courses, shop staff
their shop's: the services decide from the session which courses the desk shows."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_toast
from salon_app.components.browser_input import row_id, small_number
from salon_app.components.data_table import TableMixin
from salon_app.components.format import local_datetime
from salon_app.components.uploads import MEDIA, upload_refused
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.integrations.storage import PICTURE_MAX_BYTES
from salon_app.core.models import Role
from salon_app.core.services import auth, learning
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.learning.course_desk import SORTS
from salon_app.i18n import t

EMPTY_COURSE = {"title": "", "summary": "", "pass_mark": "60", "attempts": "3", "video_pct": "90"}
EMPTY_LESSON = {"section": "", "title": "", "body": "", "seconds": ""}


class CourseDeskState(TableMixin, SessionState):
    rows: list[dict[str, str]] = []
    chart: list[dict[str, str | int]] = []
    editing: str = ""  # the course open in the editor ("new" for a new one)
    course: dict[str, str] = dict(EMPTY_COURSE)
    yearly: bool = False
    status: str = ""
    cover: str = ""
    lessons: list[dict[str, str]] = []
    questions: list[dict[str, str]] = []
    lesson: dict[str, str] = dict(EMPTY_LESSON)
    lesson_kind: str = "text"
    requires: str = "none"
    category: str = "none"  # the course's category id, or "none"
    category_options: list[dict[str, str]] = []
    file_lesson: str = ""  # the lesson the next uploaded video or material goes to
    form_key: int = 0

    def _desk_actor(self, actor: Actor) -> Actor:
        role = Role.admin if self.router.url.path.startswith(routes.ADMIN_HOME) else Role.merchant
        return require_role(actor, role)

    def _show(self, session: Session, actor: Actor) -> None:
        actor = self._desk_actor(actor)
        page = learning.authored_courses(session, actor, self._table_query(SORTS, "updated", True))
        self.rows = [
            {
                "id": str(r.id),
                "title": r.title,
                "category": r.category or "—",
                "status": t(f"course_desk.status.{r.status}"),
                "lessons": str(r.lessons),
                "enrolled": str(r.enrolled),
                "completed": str(r.completed),
                "updated": local_datetime(r.updated_at),  # type: ignore[arg-type]
            }
            for r in page.rows
        ]
        self.chart = [
            {"name": r.title, "enrolled": r.enrolled, "completed": r.completed} for r in page.rows
        ]
        self._show_page(page)
        self.category_options = [
            {"id": str(i), "name": name} for i, name in learning.categories(session)
        ]
        if self.editing and self.editing != "new":
            self._outline(learning.course_outline(session, actor, row_id(self.editing)))

    def _outline(self, outline: learning.CourseOutline) -> None:
        self.course = {
            "title": outline.title,
            "summary": outline.summary,
            "pass_mark": str(outline.pass_mark_pct),
            "attempts": str(outline.quiz_attempts),
            "video_pct": str(outline.video_done_pct),
        }
        self.yearly, self.status, self.cover = outline.yearly_renewal, outline.status, outline.cover
        self.category = str(outline.category_id) if outline.category_id else "none"
        titles = {row.id: row.title for row in outline.lessons}
        self.lessons = [
            {
                "id": str(row.id),
                "section": row.section,
                "title": row.title,
                "kind": t(f"course.kind.{row.kind}"),
                "video": ""
                if row.kind != "video"
                else t("course_desk.has_video" if row.has_video else "course_desk.no_video"),
                "material": row.material_name,
                "requires": titles.get(row.requires_lesson_id, "")
                if row.requires_lesson_id
                else "",
            }
            for row in outline.lessons
        ]
        self.questions = [
            {
                "id": str(q.id),
                "text": q.text,
                "options": " / ".join(
                    ("✓" if i in q.answer else "") + o for i, o in enumerate(q.options)
                ),
            }
            for q in outline.questions
        ]

    def _load_table(self) -> list | None:
        _, events = self._guarded(self._show)
        return events

    @rx.event
    def load(self) -> list | None:
        self.editing = ""
        return self._load_table()

    def _act(self, action: Callable[[Session, Actor | None], object], done: str) -> list:
        return self._run(action, done, self._load_table)

    @rx.event
    def new_course(self) -> None:
        self.editing, self.course, self.yearly = "new", dict(EMPTY_COURSE), False
        self.status, self.cover, self.lessons, self.questions = "", "", [], []
        self.category = "none"
        self.form_key += 1

    @rx.event
    def edit(self, course_id: str) -> list | None:
        self.editing = str(row_id(course_id))
        self.form_key += 1
        return self._load_table()

    @rx.event
    def close(self) -> None:
        self.editing = ""

    @rx.event
    def choose_category(self, value: str) -> None:
        self.category = str(row_id(value)) if value != "none" and row_id(value) else "none"

    @rx.event
    def set_yearly(self, value: bool) -> None:
        self.yearly = bool(value)

    @rx.event
    def save_course(self, form: dict) -> list:
        form = form if isinstance(form, dict) else {}
        draft = learning.CourseDraft(
            str(form.get("title", "")),
            str(form.get("summary", "")),
            None if self.category == "none" else row_id(self.category),
            small_number(form.get("pass_mark")) or 0,
            small_number(form.get("attempts")) or 0,
            small_number(form.get("video_pct")) or 0,
            self.yearly,
        )
        existing = None if self.editing in ("", "new") else row_id(self.editing)
        saved: list[int] = []

        def save(s: Session, a: Actor | None) -> None:
            saved.append(learning.save_course(s, a, existing, draft))

        events = self._run(save, "course_desk.saved")
        if saved:
            self.editing = str(saved[0])
            return [*events, *(self._load_table() or [])]
        return events

    @rx.event
    def set_status(self, status: str) -> list:
        course = row_id(self.editing)
        return self._act(
            lambda s, a: learning.set_course_status(s, a, course, str(status)),
            "course_desk.status_set",
        )

    @rx.event
    def choose_kind(self, kind: str) -> None:
        if kind in ("text", "video"):
            self.lesson_kind = kind

    @rx.event
    def choose_requires(self, lesson: str) -> None:
        self.requires = str(lesson)

    @rx.event
    def add_lesson(self, form: dict) -> list:
        form = form if isinstance(form, dict) else {}
        required = None if self.requires == "none" else row_id(self.requires)
        draft = learning.LessonDraft(
            str(form.get("title", "")),
            self.lesson_kind,
            str(form.get("section", "")),
            str(form.get("body", "")),
            small_number(form.get("seconds")) or 0,
            required,
        )
        course = row_id(self.editing)

        def cleared() -> None:
            self.requires, self.form_key = "none", self.form_key + 1

        return self._run(
            lambda s, a: learning.save_lesson(s, a, course, None, draft),
            "course_desk.lesson_saved",
            cleared,
            self._load_table,
        )

    @rx.event
    def move_lesson(self, lesson: str, step: int) -> list:
        wanted, by = row_id(lesson), 1 if step == 1 else -1
        return self._act(
            lambda s, a: learning.move_lesson(s, a, wanted, by), "course_desk.lesson_moved"
        )

    @rx.event
    def remove_lesson(self, lesson: str) -> list:
        wanted = row_id(lesson)
        return self._act(
            lambda s, a: learning.remove_lesson(s, a, wanted), "course_desk.lesson_removed"
        )

    @rx.event
    def add_question(self, form: dict) -> list:
        form = form if isinstance(form, dict) else {}
        lines = [x.strip() for x in str(form.get("options", "")).splitlines() if x.strip()]
        options = [x.lstrip("*").strip() for x in lines]
        answer = [i for i, x in enumerate(lines) if x.startswith("*")]
        course, text = row_id(self.editing), str(form.get("question", ""))
        return self._run(
            lambda s, a: learning.save_question(s, a, course, None, text, options, answer),
            "course_desk.question_saved",
            lambda: setattr(self, "form_key", self.form_key + 1),
            self._load_table,
        )

    @rx.event
    def remove_question(self, question: str) -> list:
        wanted = row_id(question)
        return self._act(
            lambda s, a: learning.remove_question(s, a, wanted), "course_desk.question_removed"
        )

    @rx.event
    def choose_file_lesson(self, lesson: str) -> None:
        self.file_lesson = str(row_id(lesson))

    async def _upload(self, action: Callable[[Session, Actor | None], object], done: str) -> list:
        """One slow service call (Pillow, file writes) in a worker thread, as this login."""
        token = self.auth_token

        def run() -> None:
            with session_scope() as session:
                action(session, auth.resolve(session, token))

        try:
            await asyncio.to_thread(run)
        except DomainError as err:
            return [error_toast(err)]
        self._load_table()
        return [rx.toast.success(t(done))]

    @rx.event
    async def upload_cover(self, files: list[rx.UploadFile]) -> list:
        if files and (refused := upload_refused(self, files)):
            return refused
        data = await files[0].read(PICTURE_MAX_BYTES + 1) if files else b""
        course = row_id(self.editing)
        return await self._upload(
            lambda s, a: learning.set_course_cover(s, a, course, data), "course_desk.cover_set"
        )

    @rx.event
    async def upload_video(self, files: list[rx.UploadFile]) -> list:
        if not files:
            return [error_toast(DomainError("upload.empty"))]
        if refused := upload_refused(self, files, MEDIA):
            return refused
        upload, lesson = files[0], row_id(self.file_lesson)
        return await self._upload(
            lambda s, a: learning.attach_video(s, a, lesson, upload.file, upload.size),
            "course_desk.video_added",
        )

    @rx.event
    async def upload_material(self, files: list[rx.UploadFile]) -> list:
        if not files:
            return [error_toast(DomainError("upload.empty"))]
        if refused := upload_refused(self, files, MEDIA):
            return refused
        upload, lesson = files[0], row_id(self.file_lesson)
        name = (upload.filename or "material.pdf").rsplit("/", 1)[-1]
        return await self._upload(
            lambda s, a: learning.attach_material(s, a, lesson, upload.file, name, upload.size),
            "course_desk.material_added",
        )

    @rx.event
    def file_rejected(self) -> list:
        return [rx.toast.error(t("course_desk.file_rejected"), id="error-toast")]
