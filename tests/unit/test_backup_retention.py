"""Retention: after 60 simulated days of backups every 6 hours, each location keeps exactly the
newest backup of the last 7 days, of the last 4 ISO weeks and of the last 6 months."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.models import Backup
from salon_app.core.services import backups
from salon_app.core.services.backups.retention import to_keep

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _expected(taken: list[tuple[int, datetime]]) -> set[int]:
    """The rule written out another way: the newest per bucket, the newest N buckets."""
    kept: set[int] = set()
    for bucket, count in (
        (lambda d: d.isoformat(), 7),
        (lambda d: f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}", 4),
        (lambda d: f"{d.year}-{d.month:02d}", 6),
    ):
        newest: dict[str, tuple[datetime, int]] = {}
        for backup_id, at in taken:
            key = bucket(at.astimezone(SHANGHAI).date())
            newest[key] = max(newest.get(key, (at, backup_id)), (at, backup_id))
        for key in sorted(newest, reverse=True)[:count]:
            kept.add(newest[key][1])
    return kept


def test_sixty_days_every_six_hours_keeps_the_expected_set(session, tmp_path: Path):
    config = backups.BackupConfig(
        tmp_path / "backups", 6, 7, 4, 6, "", "", "", "", "us-east-1", tmp_path / "k"
    )
    store = config.store("local")
    start = utcnow().replace(minute=0, second=0, microsecond=0) - timedelta(days=60)
    taken: list[tuple[int, datetime]] = []
    for step in range(60 * 4):
        at = start + timedelta(hours=6 * step)
        key = f"salon/{step:04d}.bk"
        source = tmp_path / "object"
        source.write_bytes(b"x")
        store.put(key, source)
        store.put(key + ".sha256", source)
        row = Backup(snapshot=f"s{step}", kind="sqlite", location="local", object_key=key,
                     status="done", started_at=at, finished_at=at, size=1)  # fmt: skip
        session.add(row)
        session.commit()
        taken.append((row.id, at))
        backups.prune(session, config)  # what every run does after storing
    expected = _expected(taken)
    kept = session.exec(select(Backup.id).where(Backup.status == "done")).all()
    assert set(kept) == expected
    assert 7 + 1 <= len(expected) <= 7 + 4 + 6  # days, then older weeks and months
    on_disk = {k for k in store.list_keys() if not k.endswith(".sha256")}
    keys = {b.id: b.object_key for b in session.exec(select(Backup)).all()}
    assert on_disk == {keys[i] for i in expected}
    pruned = session.exec(select(Backup).where(Backup.status == "pruned")).all()
    assert len(pruned) == 240 - len(expected) and all(b.pruned_at for b in pruned)


def test_the_newest_of_a_day_is_kept_and_the_others_of_that_day_go():
    day = datetime(2026, 12, 6, 0, 0, tzinfo=UTC)  # 08:00 in Shanghai
    taken = [(1, day), (2, day + timedelta(hours=6)), (3, day + timedelta(hours=12))]
    assert to_keep(taken, 7, 4, 6) == {3}
    assert to_keep(taken, 0, 0, 0) == set()
