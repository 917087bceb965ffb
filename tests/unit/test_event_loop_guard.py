"""Slow work refuses to run on the event loop (core/event_loop.py), and runs in a thread."""

from __future__ import annotations

import asyncio
import io
import logging

import pytest
from PIL import Image

from salon_app.core.errors import DomainError
from salon_app.core.event_loop import SlowWorkOnEventLoop, refuse_on_event_loop
from salon_app.core.integrations import payments, storage
from salon_app.core.integrations.geocoding import get_geocoder
from salon_app.core.services import auth


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "tomato").save(out, "PNG")
    return out.getvalue()


def test_slow_work_on_the_event_loop_is_refused() -> None:
    async def handler() -> None:
        refuse_on_event_loop("test work")

    with pytest.raises(SlowWorkOnEventLoop, match="test work"):
        asyncio.run(handler())


def test_slow_work_in_a_thread_of_the_loop_runs() -> None:
    async def handler() -> str:
        return await asyncio.to_thread(lambda: refuse_on_event_loop("test work") or "done")

    assert asyncio.run(handler()) == "done"
    refuse_on_event_loop("test work")  # no loop at all (a job, a command): fine too


def test_outside_tests_it_is_logged_not_raised(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SALON_STRICT_LOOP", "0")

    async def handler() -> None:
        refuse_on_event_loop("a gateway call")

    with caplog.at_level(logging.ERROR, logger="salon_app.core.event_loop"):
        asyncio.run(handler())
    assert "a gateway call ran on the event loop" in caplog.text


def test_password_hashing_runs_only_off_the_loop() -> None:
    async def on_loop() -> str:
        return auth.hash_password("Secret123x")

    with pytest.raises(SlowWorkOnEventLoop, match="argon2"):
        asyncio.run(on_loop())

    async def in_thread() -> str:
        return await asyncio.to_thread(auth.hash_password, "Secret123x")

    assert asyncio.run(in_thread()).startswith("$argon2id$")


def test_password_hashes_use_one_lane_so_one_hash_takes_one_core() -> None:
    assert ",p=1$" in auth.hash_password("Secret123x")


def test_photo_decoding_runs_only_off_the_loop() -> None:
    photo = png_bytes()

    async def on_loop() -> bytes:
        return storage.prepare_image(photo)

    with pytest.raises(SlowWorkOnEventLoop, match="Pillow"):
        asyncio.run(on_loop())

    async def in_thread() -> bytes:
        return await asyncio.to_thread(storage.prepare_image, photo)

    assert asyncio.run(in_thread()).startswith(b"\xff\xd8")  # a JPEG


class _Gateway:
    name = "card"

    def query_payment(self, out_trade_no: str) -> str:
        return f"queried {out_trade_no}"


def test_gateway_calls_run_only_off_the_loop() -> None:
    payments.install_providers({"card": _Gateway()})  # type: ignore[dict-item]
    try:
        card = payments.get_provider("card")

        async def on_loop() -> str:
            assert card.name == "card"  # reading the adapter is fine
            return card.query_payment("T1")  # type: ignore[return-value]

        with pytest.raises(SlowWorkOnEventLoop, match="query_payment"):
            asyncio.run(on_loop())

        async def in_thread() -> str:
            return await asyncio.to_thread(card.query_payment, "T1")  # type: ignore[arg-type]

        assert asyncio.run(in_thread()) == "queried T1"
    finally:
        payments.install_providers(None)


def test_geocoding_runs_only_off_the_loop() -> None:
    async def on_loop() -> object:
        return get_geocoder().geocode("福田区深南大道6008号")

    with pytest.raises(SlowWorkOnEventLoop, match="geocoder"):
        asyncio.run(on_loop())
    assert get_geocoder().geocode("福田区深南大道6008号") is not None


def test_a_refused_upload_is_still_a_clear_message_in_a_thread() -> None:
    with pytest.raises(DomainError) as refused:
        asyncio.run(asyncio.to_thread(storage.prepare_image, b"not a picture"))
    assert refused.value.key == "upload.not_an_image"
