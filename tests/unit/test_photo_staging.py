"""A photo chosen on a page is decoded only for someone allowed to send it: who is asking is
checked first (decoding is the costly, risky part of an upload)."""

from __future__ import annotations

import asyncio
import io

import pytest
from PIL import Image
from reflex.state import BaseState, State

from salon_app.core.errors import PermissionDenied
from salon_app.core.integrations import storage
from salon_app.core.services.technicians import own_profile as tp
from salon_app.customer.orders.state import OrderState
from salon_app.technician.profile.state import TechProfileState


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 80, 120)).save(out, "PNG")
    return out.getvalue()


class ChosenFile:
    """What the page's upload handler gets for one chosen file."""

    filename = "photo.png"

    async def read(self, size: int = -1) -> bytes:
        return _png()


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every image the pipeline is asked to decode."""
    seen: list[bytes] = []
    real = storage.prepare_image

    def spy(data: bytes, *args, **kwargs) -> bytes:
        seen.append(data)
        return real(data, *args, **kwargs)

    monkeypatch.setattr(storage, "prepare_image", spy)
    return seen


def _page(cls: type[BaseState]) -> BaseState:
    """The page's state in a fresh browser tab where nobody is logged in."""
    return State(_reflex_internal_init=True).get_substate(cls.get_full_name().split("."))


def test_a_technician_photo_is_not_decoded_without_a_login(decoded):
    page = _page(TechProfileState)
    asyncio.run(page._stage([ChosenFile()], "case_before"))
    assert decoded == [] and page._case_before == b"" and page.case_before_name == ""


def test_a_review_photo_is_not_decoded_without_a_login(decoded):
    page = _page(OrderState)
    page.code = "AB12CD34"
    asyncio.run(page._add_photos("review", [ChosenFile()]))
    assert decoded == [] and page._pending_photos("review") == []
    assert page.review_photo_error == "请先登录"


def test_only_the_technician_gets_a_staged_photo_decoded(demo_session, tech, customer, decoded):
    with pytest.raises(PermissionDenied):
        tp.prepare_upload(demo_session, customer, _png())
    assert decoded == []
    assert tp.prepare_upload(demo_session, tech, _png())[:2] == b"\xff\xd8"  # a clean JPEG
