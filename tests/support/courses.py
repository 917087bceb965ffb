"""A course built through the services, for learning tests: a text lesson, a video lesson that
requires it, and a two-question quiz (pass mark 100 %, two attempts)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from sqlmodel import Session

from salon_app.core.services import learning
from salon_app.core.services.access import Actor

# Not a playable video: enough for the services, which recognise a WebM by its first bytes.
FAKE_WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 8 + b"webm" + bytes(range(256)) * 40


@dataclass(frozen=True)
class BuiltCourse:
    course_id: int
    text_id: int
    video_id: int
    questions: list[int]

    def right_answers(self) -> dict[str, list[int]]:
        return {str(self.questions[0]): [1], str(self.questions[1]): [0, 2]}

    def wrong_answers(self) -> dict[str, list[int]]:
        return {str(self.questions[0]): [0], str(self.questions[1]): [0, 2]}


def build_course(
    session: Session,
    author: Actor,
    *,
    title: str = "上门服务礼仪",
    yearly: bool = False,
    video: bytes = FAKE_WEBM,
    video_seconds: int = 60,
    publish: bool = True,
) -> BuiltCourse:
    draft = learning.CourseDraft(
        title, "礼仪与沟通", pass_mark_pct=100, quiz_attempts=2, video_done_pct=90,
        yearly_renewal=yearly,
    )  # fmt: skip
    course_id = learning.save_course(session, author, None, draft)
    text_id = learning.save_lesson(
        session,
        author,
        course_id,
        None,
        learning.LessonDraft("进门之前", "text", "第一章", "敲门三下"),
    )
    video_id = learning.save_lesson(
        session,
        author,
        course_id,
        None,
        learning.LessonDraft(
            "示范视频", "video", "第一章", "", video_seconds, requires_lesson_id=text_id
        ),
    )
    learning.attach_video(session, author, video_id, io.BytesIO(video), len(video))
    q1 = learning.save_question(
        session, author, course_id, None, "进门前先做什么？", ["直接进", "敲门"], [1]
    )
    q2 = learning.save_question(
        session,
        author,
        course_id,
        None,
        "哪些是对的？",
        ["穿鞋套", "大声喧哗", "确认服务项目"],
        [0, 2],
    )
    if publish:
        learning.set_course_status(session, author, course_id, "published")
    return BuiltCourse(course_id, text_id, video_id, [q1, q2])
