"""Photos a customer chooses for a review or a complaint, before the form is sent.

Each is checked the moment it is chosen (a bad file is refused at once, in a toast and under
the form) and waits as a clean JPEG in a backend-only var, keyed by form and order, until its
form is sent; the browser only ever gets thumbnails. The services check the bytes again.
"""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import error_text, error_toast
from salon_app.components.photos import check_chosen
from salon_app.components.uploads import admit_uploads
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import orders, photos
from salon_app.i18n import t

PHOTO_FORMS = ("review", "complaint")  # upload ids: review-photos, complaint-photos


class FeedbackPhotos(rx.State, mixin=True):
    """Mixed into the order page's state, a SessionState, which provides `code` (the order
    shown) and `_actor`."""

    review_previews: list[str] = []  # thumbnails (data: URLs) of the photos waiting to be sent
    complaint_previews: list[str] = []
    review_photo_error: str = ""
    complaint_photo_error: str = ""
    _pending: dict[str, list[bytes]] = {}  # "<form>:<order code>" -> checked JPEGs

    def _forget_photos(self) -> None:
        self._pending = {}
        for form in PHOTO_FORMS:
            self._set_pending(form, [], [])

    def _set_pending(self, form: str, jpegs: list[bytes], previews: list[str]) -> None:
        self._pending = {**self._pending, f"{form}:{self.code}": jpegs}
        setattr(self, f"{form}_previews", previews)
        setattr(self, f"{form}_photo_error", "")

    def _pending_photos(self, form: str) -> list[bytes]:
        return list(self._pending.get(f"{form}:{self.code}", []))

    async def _add_photos(self, form: str, files: list[rx.UploadFile]) -> list:
        kept, shown = self._pending_photos(form), list(getattr(self, f"{form}_previews"))
        if not files:  # the browser refused them all (on_drop_rejected has said why)
            return []
        try:
            with session_scope() as session:  # whose order, before any photo is decoded
                orders.own_order(session, self._actor(session), self.code)
            admit_uploads(self, files)
            jpegs, previews = await check_chosen(files, len(kept))
        except DomainError as err:
            setattr(self, f"{form}_photo_error", error_text(err))
            return [error_toast(err)]
        self._set_pending(form, kept + jpegs, shown + previews)
        return []

    @rx.event
    async def add_review_photos(self, files: list[rx.UploadFile]) -> list:
        return await self._add_photos("review", files)

    @rx.event
    async def add_complaint_photos(self, files: list[rx.UploadFile]) -> list:
        return await self._add_photos("complaint", files)

    def _photos_rejected(self, form: str) -> list:
        text = t("feedback.photo_rejected", max=photos.photos_max())
        setattr(self, f"{form}_photo_error", text)
        return [rx.toast.error(text, id="error-toast")]

    @rx.event
    def review_photos_rejected(self) -> list:
        return self._photos_rejected("review")

    @rx.event
    def complaint_photos_rejected(self) -> list:
        return self._photos_rejected("complaint")

    @rx.event
    def remove_photo(self, form: str, index: int) -> None:
        kept = self._pending_photos(form) if form in PHOTO_FORMS else []
        if isinstance(index, int) and 0 <= index < len(kept):
            shown = list(getattr(self, f"{form}_previews"))
            del kept[index], shown[index]
            self._set_pending(form, kept, shown)
