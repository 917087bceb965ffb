"""One post (/tech/community/<id>): its pictures, likes, comments, the accepted answer, a
flag, and the moderators' decisions. A post the viewer may not see is "not found"."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState
from salon_app.components.browser_input import row_id
from salon_app.components.format import local_datetime
from salon_app.core.services import community
from salon_app.i18n import t


def _comment(c: community.CommentView) -> dict[str, str]:
    return {
        "id": str(c.id),
        "author": c.author,
        "body": c.body,
        "at": local_datetime(c.created_at),
        "accepted": "1" if c.accepted else "",
        "mine": "1" if c.mine else "",
    }


class PostState(SessionState):
    post: dict[str, str] = {}
    images: list[str] = []
    comments: list[dict[str, str]] = []
    liked: bool = False
    flagged: bool = False
    mine: bool = False
    can_moderate: bool = False
    flagging: bool = False

    def _post_id(self) -> int:
        return row_id(getattr(self, "post_id", ""))

    @rx.event
    def load(self) -> list | None:
        self.flagging = False
        return self._reload()

    def _reload(self) -> list | None:
        wanted = self._post_id()
        detail, events = self._guarded(lambda s, a: community.post_detail(s, a, wanted))
        if detail is not None:
            self.post = {
                "id": str(detail.id),
                "title": detail.title,
                "body": detail.body,
                "board": detail.board or t("community.board.platform"),
                "category": t(f"community.category.{detail.category}"),
                "status": detail.status,
                "status_text": t(f"community.status.{detail.status}"),
                "by": t("community.by", name=detail.author, at=local_datetime(detail.created_at)),
                "likes": t("community.likes", count=detail.likes),
            }
            self.images = detail.images
            self.comments = [_comment(c) for c in detail.comments]
            self.liked, self.flagged = detail.liked, detail.flagged
            self.mine, self.can_moderate = detail.mine, detail.can_moderate
        return events

    @rx.event
    def toggle_like(self) -> list:
        wanted, liked = self._post_id(), self.liked
        call = community.unlike if liked else community.like
        return self._run(lambda s, a: call(s, a, wanted), "", self._reload)

    @rx.event
    def open_flag(self) -> None:
        self.flagging = not self.flagging

    @rx.event
    def flag(self, form: dict) -> list:
        wanted, reason = self._post_id(), str(form.get("reason", ""))[:200]
        hidden: list[bool] = []
        events = self._run(lambda s, a: hidden.append(community.flag(s, a, wanted, reason)))
        if not hidden:
            return events
        self.flagging = False
        if hidden[0]:  # gone from the board: back to the list
            done = rx.toast.success(t("community.flag_hidden"))
            return [done, rx.redirect(routes.TECH_COMMUNITY)]
        self._reload()
        return [rx.toast.success(t("community.flag_ok"))]

    @rx.event
    def comment(self, form: dict) -> list:
        wanted, body = self._post_id(), str(form.get("body", ""))
        return self._run(
            lambda s, a: community.add_comment(s, a, wanted, body),
            "community.comment_ok",
            self._reload,
        )

    @rx.event
    def accept(self, comment_id: str) -> list:
        wanted, chosen = self._post_id(), row_id(comment_id)
        return self._run(
            lambda s, a: community.accept_answer(s, a, wanted, chosen),
            "community.accepted_ok",
            self._reload,
        )

    @rx.event
    def moderate(self, decision: str) -> list:
        if decision not in community.DECISIONS:
            return []
        wanted = self._post_id()
        return self._run(
            lambda s, a: community.decide(s, a, wanted, decision),
            f"community.decided.{decision}",
            self._reload,
        )

    @rx.event
    def delete_comment(self, comment_id: str) -> list:
        chosen = row_id(comment_id)
        return self._run(
            lambda s, a: community.delete_comment(s, a, chosen),
            "community.comment_deleted",
            self._reload,
        )
