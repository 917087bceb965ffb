"""Lesson videos and materials over HTTP: signed links bound to a login, range requests."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta

import httpx
import pytest

from salon_app.api import learning as api
from salon_app.core.clock import utcnow
from salon_app.core.db import session_scope
from salon_app.core.demo.logins import DEMO_PASSWORD, TECHNICIAN_PHONE
from salon_app.core.errors import DomainError
from salon_app.core.services import auth, learning
from salon_app.core.services.learning import lesson_media
from tests.support.courses import FAKE_WEBM, build_course


@pytest.fixture
def world(demo_session, demo_engine, operations, monkeypatch):
    monkeypatch.setattr(api, "session_scope", lambda: session_scope(demo_engine))
    built = build_course(demo_session, operations)
    login = auth.log_in(demo_session, TECHNICIAN_PHONE, DEMO_PASSWORD)
    learning.open_lesson(demo_session, login.actor, built.text_id)
    learning.mark_read(demo_session, login.actor, built.text_id)
    return built, login


def _get(path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=api.learning_api())
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            return await client.get(path, headers=headers or {})

    return asyncio.run(fetch())


def test_a_range_request_gets_206_with_exactly_those_bytes(demo_session, world):
    built, login = world
    url = learning.media_link(demo_session, login.actor, built.video_id, "video", login.token)
    whole = _get(url)
    assert whole.status_code == 200 and whole.content == FAKE_WEBM
    assert whole.headers["accept-ranges"] == "bytes"
    assert whole.headers["content-type"] == "video/webm"
    part = _get(url, {"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.content == FAKE_WEBM[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(FAKE_WEBM)}"
    beyond = _get(url, {"Range": f"bytes={len(FAKE_WEBM) + 10}-"})
    assert beyond.status_code == 416


def test_a_material_downloads_as_an_attachment(demo_session, operations, world):
    built, login = world
    learning.attach_material(
        demo_session, operations, built.text_id, io.BytesIO(b"%PDF-1.4 checklist"), "清单"
    )
    url = learning.media_link(demo_session, login.actor, built.text_id, "material", login.token)
    answer = _get(url)
    assert answer.status_code == 200 and answer.content == b"%PDF-1.4 checklist"
    assert answer.headers["content-disposition"].startswith("attachment")


def test_without_the_right_signature_or_login_nothing_is_served(demo_session, world):
    built, login = world
    url = learning.media_link(demo_session, login.actor, built.video_id, "video", login.token)
    assert _get(url.split("?")[0]).status_code == 403
    assert _get(url.replace("sig=", "sig=0")).status_code == 403
    other_lesson = url.replace(f"/{built.video_id}/", f"/{built.text_id}/")
    assert _get(other_lesson).status_code == 403
    auth.log_out(demo_session, login.token)
    assert _get(url).status_code == 403  # the login it was made for has ended


def test_an_expired_link_is_refused(demo_session, world, monkeypatch):
    built, login = world
    url = learning.media_link(demo_session, login.actor, built.video_id, "video", login.token)
    later = utcnow() + timedelta(hours=lesson_media.LINK_HOURS, minutes=1)
    monkeypatch.setattr(lesson_media, "utcnow", lambda: later)
    assert _get(url).status_code == 403


def test_no_link_for_a_locked_lesson_or_another_login(demo_session, operations, world):
    built, login = world
    locked = build_course(demo_session, operations, title="另一门课")
    with pytest.raises(DomainError, match=r"learning\.lesson_locked"):
        learning.media_link(demo_session, login.actor, locked.video_id, "video", login.token)
    with pytest.raises(DomainError, match=r"auth\.forbidden"):
        learning.media_link(demo_session, login.actor, built.video_id, "video", "not-my-login")
