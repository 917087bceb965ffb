"""The demo city's first backup and restore drill, so the backups page has something true to
show on `make run`: a real backup of the freshly seeded database (files and key file too) in
the configured locations (by default `<instance>/backups`), then a real drill of it.

Taken by the seed command only (`python -m salon_app.core.demo seed`), right after the city is
loaded; the tests' demo city (seed_demo) takes none. The scheduled backup of the running app
adds the next one in its first upkeep round.
"""

from __future__ import annotations

from sqlmodel import Session

from salon_app.core.services import backups


def seed_backup(session: Session) -> tuple[backups.BackupResult, str]:
    """One backup of the demo database and one drill of it: (the backup, the drill's status)."""
    config = backups.BackupConfig.from_env()
    result = backups.take_backup(session, trigger="command", config=config)
    drill = backups.run_drill(session, config=config)
    return result, drill.status
