"""Shop photos and short videos: checked by content, limited in size, a huge video never
read whole, each shop touching only its own."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlmodel import func, select

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.integrations import storage
from salon_app.core.models import ShopMedia
from salon_app.core.services.merchants import (
    add_shop_photo,
    add_shop_video,
    move_shop_media,
    remove_shop_media,
    set_media_caption,
    shop_settings,
)
from salon_app.core.services.merchants.media import VIDEO_MAX_BYTES
from tests.support.shops import FRONT_DESK, OTHER_OWNER, OWNER, login

MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
WEBM_HEAD = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm"


@pytest.fixture(autouse=True)
def _uploads(tmp_path, monkeypatch):
    monkeypatch.setenv("REFLEX_UPLOADED_FILES_DIR", str(tmp_path / "uploads"))


def _png(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "pink").save(out, "PNG")
    return out.getvalue()


class EndlessZeros:
    """A stream of `total` bytes after `head`, counting what is read (never materialised)."""

    def __init__(self, head: bytes, total: int) -> None:
        self.head, self.left, self.read_bytes = head, total, 0

    def read(self, n: int = -1) -> bytes:
        if self.head:
            chunk, self.head = self.head[:n], self.head[n:]
        else:
            chunk = b"\0" * min(n, self.left)
            self.left -= len(chunk)
        self.read_bytes += len(chunk)
        return chunk


def _media(session) -> int:
    return session.exec(select(func.count()).select_from(ShopMedia)).one()


def _files() -> list:
    folder = storage.public_dir()
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_photo_is_stored_as_a_clean_jpeg_at_the_end(demo_session):
    owner = login(demo_session, OWNER)
    first = add_shop_photo(demo_session, owner, _png(), "门头")
    second = add_shop_photo(demo_session, owner, _png((10, 10)))
    assert (first.kind, first.content_type, first.caption) == ("photo", "image/jpeg", "门头")
    assert (first.position, second.position) == (0, 1)
    assert len(_files()) == 2 and all(f.suffix == ".jpg" for f in _files())
    assert [m.id for m in shop_settings(demo_session, owner).media] == [first.id, second.id]


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"%PDF-1.4 not a picture", "upload.not_an_image"),
        (MP4_HEAD + b"\0" * 100, "upload.not_an_image"),
        (b"", "upload.empty"),
    ],
)
def test_a_non_image_photo_is_refused_and_nothing_is_kept(demo_session, data, key):
    with pytest.raises(DomainError) as err:
        add_shop_photo(demo_session, login(demo_session, OWNER), data)
    assert err.value.key == key
    assert _media(demo_session) == 0 and _files() == []


def test_a_photo_over_ten_megabytes_is_refused(demo_session):
    with pytest.raises(DomainError) as err:
        add_shop_photo(demo_session, login(demo_session, OWNER), b"\xff\xd8" + b"\0" * (10 << 20))
    assert err.value.key == "upload.too_large" and err.value.params == {"mb": 10}


@pytest.mark.parametrize(("head", "suffix"), [(MP4_HEAD, ".mp4"), (WEBM_HEAD, ".webm")])
def test_mp4_and_webm_videos_are_recognised_by_their_first_bytes(demo_session, head, suffix):
    video = add_shop_video(demo_session, login(demo_session, OWNER), EndlessZeros(head, 3 << 20))
    assert video.kind == "video" and video.url.endswith(suffix)
    assert [f.suffix for f in _files()] == [suffix]
    assert demo_session.get(ShopMedia, video.id).size_bytes == len(head) + (3 << 20)


def test_a_video_of_another_format_is_refused(demo_session):
    stream = io.BytesIO(b"RIFF\0\0\0\0AVI LIST" + b"\0" * 1000)
    with pytest.raises(DomainError) as err:
        add_shop_video(demo_session, login(demo_session, OWNER), stream)
    assert err.value.key == "shop.video_format"
    assert _media(demo_session) == 0 and _files() == []


def test_a_declared_two_gigabyte_video_is_refused_before_a_byte_is_read(demo_session):
    stream = EndlessZeros(MP4_HEAD, 2 << 30)
    with pytest.raises(DomainError) as err:
        add_shop_video(demo_session, login(demo_session, OWNER), stream, declared_size=2 << 30)
    assert err.value.key == "upload.file_too_large" and err.value.params == {"mb": 100}
    assert stream.read_bytes == 0 and _media(demo_session) == 0


def test_a_two_gigabyte_stream_is_given_up_just_past_the_limit(demo_session):
    stream = EndlessZeros(MP4_HEAD, 2 << 30)  # the browser did not say how big
    with pytest.raises(DomainError) as err:
        add_shop_video(demo_session, login(demo_session, OWNER), stream)
    assert err.value.key == "upload.file_too_large"
    assert stream.read_bytes <= VIDEO_MAX_BYTES + (2 << 20)  # a chunk past the limit at most
    assert _media(demo_session) == 0 and _files() == []


def test_media_are_reordered_captioned_and_removed(demo_session):
    owner = login(demo_session, OWNER)
    a, b, c = (add_shop_photo(demo_session, owner, _png()) for _ in range(3))
    moved = move_shop_media(demo_session, owner, c.id, 0)
    assert [m.id for m in moved] == [c.id, a.id, b.id]
    assert [m.position for m in moved] == [0, 1, 2]
    assert set_media_caption(demo_session, owner, a.id, "洗发区").caption == "洗发区"
    remove_shop_media(demo_session, owner, b.id)
    assert [m.id for m in shop_settings(demo_session, owner).media] == [c.id, a.id]
    assert len(_files()) == 2


def test_another_shop_and_the_front_desk_cannot_touch_the_media(demo_session):
    owner = login(demo_session, OWNER)
    photo = add_shop_photo(demo_session, owner, _png())
    other = login(demo_session, OTHER_OWNER)
    for call in (
        lambda: remove_shop_media(demo_session, other, photo.id),
        lambda: move_shop_media(demo_session, other, photo.id, 3),
        lambda: set_media_caption(demo_session, other, photo.id, "别人的"),
    ):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.key == "shop.media_not_found"
    with pytest.raises(PermissionDenied):
        add_shop_photo(demo_session, login(demo_session, FRONT_DESK), _png())
    assert shop_settings(demo_session, other).media == []
    assert [m.id for m in shop_settings(demo_session, owner).media] == [photo.id]
