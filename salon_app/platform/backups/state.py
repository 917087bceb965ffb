"""数据备份 (/admin/backups): what is kept, how old the newest backup is against the RPO, the
sizes over time, the backups' table, the drills and one drill's per-table comparison.

"Back up now" and "drill now" are background events: the service runs in a worker thread
(`as_operator`, a session of its own) while the page counts the seconds; the tab stays usable
and the page reloads itself when the work is done. Refusals (not allowed, too often, nothing
to drill) come back as a toast.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from salon_app.auth.session_state import SessionState, error_toast
from salon_app.components.browser_input import row_id
from salon_app.components.data_table import TableMixin
from salon_app.components.format import local_datetime
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.services import backups
from salon_app.core.services.access import Actor
from salon_app.i18n import t
from salon_app.platform.calls import as_operator

MIB = 1024 * 1024


def size_text(size: int) -> str:
    """Bytes as people read them: 812 KB, 14.2 MB, 3.10 GB."""
    if size >= 1024 * MIB:
        return f"{size / 1024 / MIB:.2f} GB"
    if size >= MIB:
        return f"{size / MIB:.1f} MB"
    return f"{max(size, 0) / 1024:.0f} KB"


def _backup(r: backups.BackupRow) -> dict[str, str]:
    return {
        "id": str(r.id),
        "started": local_datetime(r.started_at),
        "location": t(f"backup.location.{r.location}"),
        "kind": r.kind,
        "size": size_text(r.size) if r.size else "",
        "status": r.status,
        "status_text": t(f"backup.status.{r.status}"),
        "trigger": t(f"backup.trigger.{r.trigger}"),
        "tables": f"{r.tables} / {r.rows:,}" if r.tables else "",
        "key": r.object_key,
        "checksum": r.sha256[:12],
        "error": r.error,
    }


def _drill(d: backups.DrillRow) -> dict[str, str]:
    return {
        "id": str(d.id),
        "backup": str(d.backup_id or ""),
        "started": local_datetime(d.started_at),
        "status": d.status,
        "status_text": t(f"backup.drill.{d.status}"),
        "checked": t("backup.checked_value", tables=d.tables_checked, rows=f"{d.rows_checked:,}"),
        "mismatches": "、".join(d.mismatches),
        "error": d.error,
    }


def _check(c: backups.TableCheck) -> dict[str, str]:
    return {
        "table": c.table,
        "rows": f"{c.rows:,}",
        "checksum": c.sha256[:16],
        "same": "yes" if c.same else "",
        "result": t("backup.check.same" if c.same else "backup.check.differs"),
    }


def _age(o: backups.BackupOverview) -> tuple[str, bool]:
    """How long ago the newest good backup finished, and whether that is within the RPO."""
    if o.last_done_at is None:
        return t("backup.stat.never"), False
    minutes = max(0, int((utcnow() - o.last_done_at).total_seconds() // 60))
    return t("backup.stat.age", hours=minutes // 60, minutes=minutes % 60), (
        minutes <= o.every_hours * 60
    )


class BackupsState(TableMixin, SessionState):
    stats: dict[str, str] = {}
    within_rpo: bool = False
    drill_ok: bool = False
    sizes: list[dict[str, Any]] = []
    rows: list[dict[str, str]] = []
    drills: list[dict[str, str]] = []
    checks_title: str = ""  # "" = no drill opened
    checks: list[dict[str, str]] = []
    busy: str = ""  # "" | backup | drill: the work running for this tab
    elapsed: int = 0  # its seconds so far

    @rx.event
    def load(self) -> list | None:
        return self._load_table()

    def _load_table(self) -> list | None:
        query = self._table_query(backups.SORTABLE, "started_at", True)

        def read(session: Session, actor: Actor) -> tuple:
            return (
                backups.overview(session, actor),
                backups.backup_table(session, actor, query),
                backups.recent_drills(session, actor),
            )

        found, events = self._guarded(read)
        if found is not None:
            self._show(*found)
        return events

    def _show(self, o: backups.BackupOverview, page: Any, drills: list) -> None:
        age, self.within_rpo = _age(o)
        self.drill_ok = o.last_drill_status == "passed"
        last_size = o.sizes[-1][1] if o.sizes else 0
        self.stats = {
            "schedule": t("backup.stat.schedule_value", hours=o.every_hours),
            "last": local_datetime(o.last_done_at) if o.last_done_at else t("backup.stat.never"),
            "age": age,
            "rpo": t("backup.stat.within_rpo" if self.within_rpo else "backup.stat.over_rpo"),
            "kept": t("backup.stat.kept_value", count=o.kept, size=size_text(o.kept_bytes)),
            "last_size": size_text(last_size) if last_size else "—",
            "drill": t(f"backup.drill.{o.last_drill_status}")
            if o.last_drill_status
            else t("backup.stat.never"),
            "drill_at": local_datetime(o.last_drill_at) if o.last_drill_at else "",
            "locations": "、".join(t(f"backup.location.{name}") for name in o.locations),
        }
        self.sizes = [
            {"at": local_datetime(at)[5:], "mb": round(size / MIB, 2)} for at, size in o.sizes
        ]
        self.rows = [_backup(r) for r in page.rows]
        self._show_page(page)
        self.drills = [_drill(d) for d in drills]

    @rx.event
    def open_drill(self, drill_id: str) -> list | None:
        """One drill's per-table comparison under the drills."""
        wanted = row_id(drill_id)
        drill = next((d for d in self.drills if d["id"] == str(wanted)), None)
        if drill is None:
            return None
        found, events = self._guarded(lambda s, a: backups.drill_checks(s, a, wanted))
        if found is not None:
            self.checks_title = t(
                "backup.drill.checks_title", drill=drill["id"], backup=drill["backup"] or "—"
            )
            self.checks = [_check(c) for c in found]
        return events

    @rx.event
    def close_drill(self) -> None:
        self.checks_title, self.checks = "", []

    @rx.event(background=True)
    async def back_up(self) -> AsyncIterator[rx.event.EventSpec | None]:
        """立即备份: a backup of the database, files and key file to every location."""
        async for event in self._work("backup", backups.back_up_now, "backup.done_toast"):
            yield event

    @rx.event(background=True)
    async def drill(self) -> AsyncIterator[rx.event.EventSpec | None]:
        """立即演练恢复: the newest backup restored into scratch and compared."""
        async for event in self._work("drill", backups.drill_now, "backup.drill_done_toast"):
            yield event

    async def _work(
        self, name: str, service: Callable[[Session, Actor | None], object], done: str
    ) -> AsyncIterator[rx.event.EventSpec | None]:
        async with self:
            if self.busy:
                return
            self.busy, self.elapsed, token = name, 0, self.auth_token
        started = time.monotonic()
        task = asyncio.ensure_future(asyncio.to_thread(as_operator, token, service))
        while not task.done():
            await asyncio.wait({task}, timeout=1)
            async with self:
                self.elapsed = int(time.monotonic() - started)
        async with self:
            self.busy = ""
            try:
                outcome = _outcome(task.result(), done)
            except DomainError as err:
                outcome = error_toast(err)
            events = self._load_table()
        for event in events or []:
            yield event
        yield outcome


def _outcome(result: object, done: str) -> rx.event.EventSpec:
    """The toast after the work: done, or failed (the row on the page says why)."""
    if isinstance(result, backups.BackupResult) and "failed" in result.statuses.values():
        return rx.toast.error(t("backup.status.failed"), id="error-toast")
    if isinstance(result, backups.DrillRow) and result.status != "passed":
        return rx.toast.error(t("backup.drill.failed"), id="error-toast")
    return rx.toast.success(t(done))
