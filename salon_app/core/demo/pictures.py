"""The demo city's pictures: a cover for every category and service, two gallery pictures per
service, a portrait for every technician, before/after pictures for every case study, and a
picture for every gift points buy.

They are drawn (demo/drawing.py) the first time and kept in a cache folder
(`<project>/.cache/demo-pictures/`, or SALON_DEMO_PICTURE_CACHE) with a manifest of which key
gave which files; each seed then only copies the files into the pictures folder, so loading
the demo stays fast. Nothing is downloaded. Bump VERSION when the drawings change.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from sqlmodel import Session, select

from salon_app.core.demo import drawing
from salon_app.core.integrations import storage
from salon_app.core.models import (
    CaseStudy,
    Gift,
    Service,
    ServiceCategory,
    ServicePicture,
    Technician,
)
from salon_app.core.settings import PROJECT_DIR

VERSION = "v1"
GALLERY_PER_SERVICE = 2
PORTRAIT_VARIANTS = 8  # per gender: technicians share them
CASE_VARIANTS = 2  # per service


def cache_dir() -> Path:
    configured = os.environ.get("SALON_DEMO_PICTURE_CACHE")
    base = Path(configured) if configured else PROJECT_DIR / ".cache" / "demo-pictures"
    return base / VERSION


def _single(image: Image.Image, size: tuple[int, int]) -> bytes:
    image = image.copy()
    image.thumbnail(size, Image.Resampling.LANCZOS)
    return storage.encode_webp(image)


class PictureCache:
    """key -> (large file name, thumbnail file name), drawn once and reused."""

    def __init__(self) -> None:
        self.folder = cache_dir()
        self.manifest_path = self.folder / "manifest.json"
        try:
            self.manifest: dict[str, list[str]] = json.loads(self.manifest_path.read_text())
        except (OSError, ValueError):
            self.manifest = {}
        self.dirty = False

    def _keep(self, data: bytes) -> str:
        """Store in the cache under the name the pictures folder will use."""
        url, _ = storage.save_picture(data, self.folder)
        return url.removeprefix(storage.MEDIA_URL_PREFIX)

    def get(self, key: str, draw: Callable[[], tuple[bytes, bytes]]) -> tuple[str, str]:
        """The two files drawn for `key` (large and thumbnail; for a case, before and after),
        installed in the pictures folder: their /media/ URLs."""
        names = self.manifest.get(key)
        if not names or not all((self.folder / n).is_file() for n in names):
            large, thumb = draw()
            names = [self._keep(large), self._keep(thumb)]
            self.manifest[key] = names
            self.dirty = True
        return _install(self.folder, names[0]), _install(self.folder, names[1])

    def save(self) -> None:
        if self.dirty:
            tmp = self.manifest_path.with_suffix(f".{os.getpid()}.part")
            tmp.write_text(json.dumps(self.manifest, sort_keys=True, indent=0))
            tmp.replace(self.manifest_path)


def _install(folder: Path, name: str) -> str:
    """Copy a cached file into the served pictures folder (once); its /media/ URL."""
    target = storage.pictures_dir() / name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.part")
        shutil.copyfile(folder / name, tmp)
        tmp.replace(target)
    return storage.MEDIA_URL_PREFIX + name


def _catalogue(image: Image.Image) -> tuple[bytes, bytes]:
    prepared = storage.encode_picture(image)
    return prepared.large, prepared.thumb


def _portrait(key: str, female: bool) -> tuple[bytes, bytes]:
    """Drawn once, kept in two sizes."""
    drawn = drawing.portrait(key, female)
    return _single(drawn, (480, 480)), _single(drawn, (240, 240))


def add_gift_pictures(session: Session, motifs: dict[str, tuple[str, str]]) -> None:
    """Each gift named in `motifs` (name -> category, motif) gets its picture (the thumbnail:
    gifts are shown as cards)."""
    cache = PictureCache()
    for gift in session.exec(select(Gift).order_by(Gift.id)).all():
        if gift.name in motifs:
            category, motif = motifs[gift.name]
            key = f"gift:{gift.name}"
            _, gift.picture = cache.get(
                key, lambda c=category, m=motif, k=key: _catalogue(drawing.scene(c, m, k))
            )
            session.add(gift)
    cache.save()


def add_demo_pictures(session: Session) -> None:
    """Give every category, service, technician and case study of the demo its pictures."""
    cache = PictureCache()
    categories = session.exec(select(ServiceCategory).order_by(ServiceCategory.id)).all()
    slugs = {c.id: c.slug for c in categories}
    for c in categories:
        c.image_url, c.thumb_url = cache.get(
            f"category:{c.slug}",
            lambda c=c: _catalogue(drawing.scene(c.slug, f"category:{c.slug}", c.slug)),
        )
        session.add(c)
    services = session.exec(select(Service).order_by(Service.id)).all()
    for s in services:
        category = slugs[s.category_id]
        s.image_url, s.thumb_url = cache.get(
            f"service:{s.slug}",
            lambda s=s, c=category: _catalogue(drawing.scene(c, s.slug, s.slug)),
        )
        session.add(s)
        for n in range(1, GALLERY_PER_SERVICE + 1):
            key = f"{s.slug}:gallery{n}"
            url, thumb = cache.get(
                key, lambda s=s, c=category, k=key: _catalogue(drawing.scene(c, s.slug, k))
            )
            session.add(
                ServicePicture(
                    service_id=s.id,
                    position=n - 1,
                    url=url,
                    thumb_url=thumb,
                    created_at=s.published_at,
                )
            )
    by_id = {s.id: (s.slug, slugs[s.category_id]) for s in services}
    for tech in session.exec(select(Technician).order_by(Technician.id)).all():
        female = tech.gender == "female"
        key = f"portrait:{'f' if female else 'm'}{tech.id % PORTRAIT_VARIANTS}"
        _, tech.photo_url = cache.get(
            key,
            lambda k=key, f=female: _portrait(k, f),
        )
        session.add(tech)
    cases = session.exec(select(CaseStudy).order_by(CaseStudy.id)).all()
    for case in cases:
        if case.service_id not in by_id:
            continue
        slug, category = by_id[case.service_id]
        key = f"case:{slug}:{case.id % CASE_VARIANTS}"
        before, after = cache.get(
            key,
            lambda k=key, s=slug, c=category: (
                _single(drawing.before(c, s, k), storage.THUMB_SIZE),
                _single(drawing.scene(c, s, k), storage.THUMB_SIZE),
            ),
        )
        case.before_url, case.after_url = before, after
        session.add(case)
    cache.save()
    session.flush()
