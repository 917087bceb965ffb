"""Photos users upload with a record (a review, a complaint, a case study).

All of a record's photos are checked and re-encoded (storage.prepare_image) before any is
stored, and the stored files are removed again when the record is not saved: a refusal leaves
no file and no row behind.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlmodel import Session

from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.settings import get_settings

PREVIEW_SIDE = 160  # the thumbnail a page shows of a photo chosen but not yet sent


def photos_max() -> int:
    """How many photos one review or complaint may carry (setting SALON_FEEDBACK_PHOTOS_MAX)."""
    return get_settings().feedback_photos_max


def prepare_photos(
    photos: Sequence[bytes] | None, max_side: int = storage.PUBLIC_MAX_SIDE
) -> list[bytes]:
    """Clean JPEGs of every photo, or DomainError for too many or for the first bad one."""
    photos = list(photos or [])
    if len(photos) > photos_max():
        raise DomainError("review.too_many_photos", max=photos_max())
    return [storage.prepare_image(data, max_side) for data in photos]


def preview(data: bytes) -> tuple[bytes, bytes]:
    """Check a photo the moment it is chosen: (clean JPEG to keep until the form is sent,
    small thumbnail to show). The same rules the saving services apply, so a bad file is
    refused at once."""
    jpeg = storage.prepare_image(data)
    return jpeg, storage.prepare_image(jpeg, PREVIEW_SIDE)


@contextmanager
def discarded_on_failure(session: Session, public: list[str], private: list[str]) -> Iterator[None]:
    """Run the block that records these stored files; if it fails, roll back and remove them,
    so no orphan stays on disk."""
    try:
        yield
    except Exception:
        session.rollback()
        for url in public:
            storage.delete_public(url)
        for key in private:
            storage.delete_private(key)
        raise


def commit_or_discard(session: Session, public: list[str], private: list[str]) -> None:
    """Commit; if that fails, remove the files saved for it."""
    with discarded_on_failure(session, public, private):
        session.commit()
