"""Private files (complaint evidence, licence scans, lesson videos) are readable only by the
app's own user: files 0600, folders 0700, whatever the umask. Public images stay 0644."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from PIL import Image

from salon_app.core.integrations import storage
from salon_app.core.integrations.storage import files


@pytest.fixture(autouse=True)
def folders(tmp_path, monkeypatch) -> tuple[Path, Path]:
    public, private = tmp_path / "uploaded_files", tmp_path / "instance" / "private"
    monkeypatch.setenv("REFLEX_UPLOADED_FILES_DIR", str(public))
    monkeypatch.setattr(files, "private_dir", lambda: private)
    old = os.umask(0o022)  # the usual umask, which made files 0644 before
    yield public, private
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(out, "JPEG")
    return storage.prepare_image(out.getvalue())


def test_private_pictures_are_0600_in_0700_folders(folders):
    _, private = folders
    key = storage.save_private(_jpeg(), "complaints")
    assert _mode(private / key) == 0o600
    assert _mode(private / "complaints") == 0o700
    assert _mode(private) == 0o700
    assert storage.read_private(key) is not None


def test_private_streams_are_0600_in_0700_folders(folders):
    _, private = folders
    key, size = storage.save_private_stream(b"%PDF-1.4 ", [b"x" * 10], "lesson_files", "pdf", 100)
    assert size == 19
    assert _mode(private / key) == 0o600
    assert _mode((private / key).parent) == 0o700


def test_a_refused_private_stream_leaves_no_file(folders):
    _, private = folders
    with pytest.raises(Exception):  # noqa: B017 - DomainError upload.file_too_large
        storage.save_private_stream(b"%PDF", [b"x" * 200], "lesson_files", "pdf", 100)
    assert [p for p in private.rglob("*") if p.is_file()] == []


def test_public_images_stay_readable_by_the_web_server(folders):
    public, _ = folders
    url = storage.save_public(_jpeg())
    assert _mode(public / url.removeprefix(storage.PUBLIC_URL_PREFIX)) == 0o644
