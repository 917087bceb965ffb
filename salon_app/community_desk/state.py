"""The moderation desk: /admin/community (every board, the word filter, the figures) and
/merchant/community (the shop's private board; its owner and manager moderate it, the rest of
the staff read and write). One state, two pages; the services decide who sees what."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.auth.session_state import SessionState, in_worker_thread
from salon_app.components.browser_input import row_id
from salon_app.components.data_table import TableMixin
from salon_app.components.format import local_datetime
from salon_app.core.services import admin_roles, community, merchants
from salon_app.core.services.access import Actor
from salon_app.i18n import t

FIGURES = ("pending", "flagged", "hidden", "published")


def _row(r: community.QueueRow) -> dict[str, str]:
    p = r.post
    return {
        "id": str(p.id),
        "href": routes.tech_post(p.id),
        "title": p.title,
        "board": r.board or t("community.board.platform"),
        "author": p.author,
        "category": t(f"community.category.{p.category}"),
        "status": p.status,
        "status_text": t(f"community.status.{p.status}"),
        "flags": str(p.flags),
        "activity": f"{p.likes} / {p.comments}",
        "created": local_datetime(p.created_at),
    }


class CommunityDeskState(TableMixin, SessionState):
    queue: str = "pending"
    rows: list[dict[str, str]] = []
    can_moderate: bool = False
    figures: list[dict[str, str]] = []
    chart: list[dict[str, str | int]] = []
    words: list[dict[str, str]] = []
    composing: bool = False
    _scope: str = "admin"

    @rx.event
    def load_admin(self) -> list | None:
        self._scope, self.queue = "admin", "pending"
        return self._load_table()

    @rx.event
    def load_merchant(self) -> list | None:
        self._scope, self.composing, self.queue = "merchant", False, "all"  # the whole board
        return self._load_table()

    def _page_load(self, s: Session, a: Actor) -> tuple:
        if self._scope == "admin":
            admin_roles.require_admin(s, a, admin_roles.Permission.moderate_community)
        else:
            merchants.require_shop(s, a, merchants.Capability.view_shop)
        member = community.member_of(s, a)
        query = self._table_query(community.SORTS, "created_at", True)
        page = community.moderation_queue(s, a, self.queue, query)
        extra = None
        if self._scope == "admin":
            extra = (community.community_figures(s, a), community.blocked_words(s, a))
        return member, page, extra

    def _load_table(self) -> list | None:
        data, events = self._guarded(self._page_load)
        if data is None:
            return events
        member, page, extra = data
        self.can_moderate = member.platform_moderator or member.moderates_shop
        self.rows = [_row(r) for r in page.rows]
        self._show_page(page)
        if extra is not None:
            figures, words = extra
            self.figures = [
                {"key": k, "label": t(f"community.figure.{k}"), "value": str(figures.by_status[k])}
                for k in FIGURES
            ]
            self.chart = [
                {"day": d.day.strftime("%m-%d"), "posts": d.posts, "comments": d.comments}
                for d in figures.days
            ]
            self.words = [{"id": str(w.id), "word": w.word} for w in words]
        return events

    @rx.event
    def choose_queue(self, queue: str) -> list | None:
        if queue in community.QUEUES:
            self.queue, self.table_page = queue, 1
            return self._load_table()
        return None

    @rx.event
    def moderate(self, post_id: str, decision: str) -> list:
        if decision not in community.DECISIONS:
            return []
        wanted = row_id(post_id)
        return self._run(
            lambda s, a: community.decide(s, a, wanted, decision),
            f"community.decided.{decision}",
            self._load_table,
        )

    @rx.event
    def add_word(self, form: dict) -> list:
        word = str(form.get("word", ""))[:100]
        return self._run(
            lambda s, a: community.add_blocked_word(s, a, word),
            "community.word_added",
            self._load_table,
        )

    @rx.event
    def remove_word(self, word_id: str) -> list:
        wanted = row_id(word_id)
        return self._run(
            lambda s, a: community.remove_blocked_word(s, a, wanted),
            "community.word_removed",
            self._load_table,
        )

    @rx.event
    def toggle_compose(self) -> None:
        self.composing = not self.composing

    @rx.event
    @in_worker_thread
    def publish(self, form: dict) -> list:
        title, body = str(form.get("title", "")), str(form.get("body", ""))
        category = str(form.get("category", ""))

        def close() -> None:
            self.composing = False

        return self._run(
            lambda s, a: community.create_post(s, a, "shop", title, body, category),
            "community.published_ok",
            close,
            self._load_table,
        )
