"""Upload floods: files and bytes per user per hour, on every upload path."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import RateCounter
from salon_app.core.services import upload_limits
from salon_app.core.services.upload_limits import BYTES, FILES, MEDIA, PICTURES
from salon_app.i18n import t
from tests.support import journeys

MB = 1024 * 1024
APP = Path(__file__).resolve().parents[2] / "salon_app"


def _refused(call) -> DomainError:
    with pytest.raises(DomainError) as err:
        call()
    return err.value


def test_the_file_after_the_hourly_count_is_refused_and_says_how_long_to_wait(
    demo_session, customer
):
    now = utcnow()
    most = FILES[PICTURES].count
    for _ in range(most // 6):
        upload_limits.admit(demo_session, customer, [200_000] * 6, PICTURES, now)
    err = _refused(lambda: upload_limits.admit(demo_session, customer, [1000], PICTURES, now))
    assert err.key == "upload.hourly_files"
    assert 1 <= err.params["minutes"] <= 60
    assert t(err.key, **err.params).startswith(f"上传太频繁：每小时最多 {most} 个文件")
    # the next hour starts afresh
    upload_limits.admit(demo_session, customer, [1000], PICTURES, now + timedelta(hours=1))


def test_bytes_over_the_hourly_budget_are_refused(demo_session, customer):
    now = utcnow()
    budget_mb = BYTES[PICTURES].count // 1024
    upload_limits.admit(demo_session, customer, [5 * MB] * 6, PICTURES, now)  # 30 MB
    err = _refused(
        lambda: upload_limits.admit(
            demo_session, customer, [5 * MB] * 6 * 3, PICTURES, now
        )  # 90 MB more
    )
    assert err.key == "upload.hourly_bytes" and err.params["mb"] == budget_mb == 100
    assert "每小时最多 100 MB" in t(err.key, **err.params)


def test_limits_are_per_user_and_per_kind(demo_session, customer):
    now = utcnow()
    most = FILES[PICTURES].count
    upload_limits.admit(demo_session, customer, [1000] * most, PICTURES, now)
    other = journeys.sign_up(demo_session, "17600000041", "hello2026", "别的顾客")
    upload_limits.admit(demo_session, other, [1000], PICTURES, now)
    upload_limits.admit(demo_session, customer, [150 * MB], MEDIA, now)  # a lesson video
    _refused(lambda: upload_limits.admit(demo_session, customer, [1000], PICTURES, now))


def test_visitors_cannot_upload_and_counters_hold_no_user_id(demo_session, customer):
    with pytest.raises(PermissionDenied):
        upload_limits.admit(demo_session, None, [1000], PICTURES, utcnow())
    upload_limits.admit(demo_session, customer, [3000], PICTURES, utcnow())
    rows = demo_session.exec(
        select(RateCounter.bucket, RateCounter.count, RateCounter.key_hash)
        .where(RateCounter.bucket.startswith("upload."))
        .order_by(RateCounter.bucket)
    ).all()
    assert [(b, c) for b, c, _ in rows] == [("upload.picture_files", 1), ("upload.picture_kib", 3)]
    assert all(str(customer.user_id) != h for _, _, h in rows)


def _upload_handlers() -> dict[str, ast.AsyncFunctionDef]:
    """Every state method that receives uploaded files (a list[rx.UploadFile] parameter)."""
    found = {}
    for path in APP.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for fn in cls.body:
                if isinstance(fn, ast.AsyncFunctionDef) and any(
                    "UploadFile" in ast.unparse(a.annotation or ast.Constant(""))
                    for a in fn.args.args
                ):
                    found[f"{path.relative_to(APP)}:{cls.name}.{fn.name}"] = fn
    return found


def test_every_upload_handler_counts_its_files_first():
    handlers = _upload_handlers()
    assert len(handlers) >= 15  # photos, scans, covers, pictures, videos, materials

    def counts(fn: ast.AsyncFunctionDef) -> bool:
        source = ast.unparse(fn)
        if "upload_refused(" in source or "admit_uploads(" in source:
            return True
        helpers = [k for k in handlers if k.split(".")[-1] in source and handlers[k] is not fn]
        return any(counts(handlers[h]) for h in helpers if f"self.{h.split('.')[-1]}(" in source)

    assert [name for name, fn in sorted(handlers.items()) if not counts(fn)] == []
