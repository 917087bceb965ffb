"""Kill -9 of a process in the middle of 100 bookings leaves the SQLite database intact and no
half-written order: every order has its items and its creation event, and holds its slot."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    os.environ.get("SALON_TEST_DATABASE") == "postgres", reason="the SQLite file is the subject"
)
def test_kill_9_during_100_bookings_leaves_no_half_written_order(demo_engine):
    url = demo_engine.url.render_as_string(hide_password=False)
    demo_engine.dispose()
    path = url.removeprefix("sqlite:///")
    before = sqlite3.connect(path).execute("SELECT max(id) FROM orders").fetchone()[0] or 0
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.support.booking_worker", url, "100"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout is not None
    for _ in range(30):  # 30 bookings committed: then kill it in the middle of the next ones
        assert worker.stdout.readline().strip(), "the worker stopped before 30 bookings"
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    assert worker.returncode == -signal.SIGKILL
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    new = db.execute("SELECT count(*) FROM orders WHERE id > ?", (before,)).fetchone()[0]
    assert 30 <= new < 100
    half_written = db.execute(
        """SELECT o.id FROM orders o WHERE o.id > ? AND (
               NOT EXISTS (SELECT 1 FROM order_item i WHERE i.order_id = o.id)
            OR NOT EXISTS (SELECT 1 FROM order_event e WHERE e.order_id = o.id)
            OR o.holds_slot = 0 OR o.block_start IS NULL OR o.block_end IS NULL)""",
        (before,),
    ).fetchall()
    assert half_written == []
