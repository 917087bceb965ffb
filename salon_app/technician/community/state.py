"""The community (/tech/community): the boards as tabs, a board's posts (search, category,
pages) and the new post form with its pictures.

Pictures are checked the moment they are chosen (off the event loop) and wait as clean JPEGs
in a backend-only var until the post is sent; the service checks the bytes again."""

from __future__ import annotations

import asyncio

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text, error_toast
from salon_app.components.format import local_datetime
from salon_app.components.photos import data_url, read_uploads
from salon_app.components.uploads import upload_refused
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import auth, community, photos
from salon_app.i18n import t

CATEGORY_TABS = ("all", *community.CATEGORIES)


def post_card(r: community.PostRow) -> dict[str, str]:
    """A post as the lists show it."""
    return {
        "id": str(r.id),
        "href": routes.tech_post(r.id),
        "title": r.title,
        "excerpt": r.excerpt,
        "by": t("community.by", name=r.author, at=local_datetime(r.created_at)),
        "category": t(f"community.category.{r.category}"),
        "status": r.status,
        "status_text": t(f"community.status.{r.status}"),
        "likes": t("community.likes", count=r.likes),
        "comments": t("community.comments", count=r.comments),
        "answered": "1" if r.answered else "",
        "cover": r.cover,
    }


def _check(chosen: list[bytes]) -> list[tuple[bytes, bytes]]:
    return [photos.preview(data) for data in chosen]


def _create(token: str, board: str, form: dict, images: list[bytes]) -> community.Written:
    with session_scope() as session:
        actor = auth.resolve(session, token)
        return community.create_post(
            session,
            actor,
            board,
            str(form.get("title", "")),
            str(form.get("body", "")),
            str(form.get("category", "")),
            images,
        )


class CommunityState(SessionState):
    boards: list[str] = []
    board: str = community.PLATFORM
    category: str = "all"
    search: str = ""
    rows: list[dict[str, str]] = []
    page: int = 1
    pages: int = 1
    composing: bool = False
    previews: list[str] = []
    form_error: str = ""
    _images: list[bytes] = []

    @rx.event
    def load(self) -> list | None:
        self.composing, self.form_error = False, ""
        self._images, self.previews = [], []
        return self._reload()

    def _reload(self) -> list | None:
        category = "" if self.category == "all" else self.category

        def load(s, a):  # noqa: ANN001, ANN202 - (Session, Actor)
            boards = community.my_boards(s, a)
            board = self.board if self.board in boards else (boards or [""])[0]
            found = community.list_posts(s, a, board, self.search, category, self.page)
            return boards, board, found

        data, events = self._guarded(load)
        if data is not None:
            self.boards, self.board, found = data
            self.rows = [post_card(r) for r in found.rows]
            self.page, self.pages = found.page, found.pages
        return events

    @rx.event
    def choose_board(self, board: str) -> list | None:
        if board in community.BOARDS:
            self.board, self.page = board, 1
            return self._reload()
        return None

    @rx.event
    def choose_category(self, category: str) -> list | None:
        if category in CATEGORY_TABS:
            self.category, self.page = category, 1
            return self._reload()
        return None

    @rx.event
    def search_posts(self, form: dict) -> list | None:
        self.search, self.page = str(form.get("search", ""))[:50], 1
        return self._reload()

    @rx.event
    def next_page(self) -> list | None:
        if self.page < self.pages:
            self.page += 1
            return self._reload()
        return None

    @rx.event
    def previous_page(self) -> list | None:
        if self.page > 1:
            self.page -= 1
            return self._reload()
        return None

    @rx.event
    def toggle_compose(self) -> None:
        self.composing = not self.composing

    @rx.event
    async def add_images(self, files: list[rx.UploadFile]) -> list:
        if not files:
            return []
        if refused := upload_refused(self, files):
            return refused
        chosen = await read_uploads(files, community.IMAGES_MAX)
        try:
            if len(self._images) + len(chosen) > community.IMAGES_MAX:
                raise DomainError("community.too_many_images", max=community.IMAGES_MAX)
            checked = await asyncio.to_thread(_check, chosen)  # Pillow, off the event loop
        except DomainError as err:
            self.form_error = error_text(err)
            return [error_toast(err)]
        self._images = self._images + [jpeg for jpeg, _ in checked]
        self.previews = self.previews + [data_url(thumb) for _, thumb in checked]
        self.form_error = ""
        return []

    @rx.event
    def images_rejected(self) -> list:
        text = t("community.too_many_images", max=community.IMAGES_MAX)
        self.form_error = text
        return [rx.toast.error(text, id="error-toast")]

    @rx.event
    def remove_image(self, index: int) -> None:
        if isinstance(index, int) and 0 <= index < len(self._images):
            self._images = self._images[:index] + self._images[index + 1 :]
            self.previews = self.previews[:index] + self.previews[index + 1 :]

    @rx.event
    async def publish(self, form: dict) -> list:
        try:
            written = await asyncio.to_thread(
                _create, self.auth_token, self.board, form, list(self._images)
            )
        except DomainError as err:
            self.form_error = error_text(err)
            return [error_toast(err)]
        self._images, self.previews = [], []
        self.composing, self.form_error = False, ""
        self.page = 1
        events = self._reload() or []
        done = "community.published_ok" if written.status == "published" else "community.pending_ok"
        return [*events, rx.toast.success(t(done))]
