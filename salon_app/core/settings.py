"""Settings read from the environment once; defaults give the embedded demo set-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    instance_dir: Path
    database_url: str
    locale: str
    timezone: str
    session_ttl_hours: int
    login_max_failures: int
    login_lock_minutes: int
    argon2_time_cost: int
    argon2_memory_kib: int


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    instance = Path(os.environ.get("SALON_INSTANCE_DIR", PROJECT_DIR / "instance")).resolve()
    default_db = f"sqlite:///{instance / 'salon.db'}"
    return Settings(
        instance_dir=instance,
        database_url=os.environ.get("DATABASE_URL", default_db),
        locale=os.environ.get("SALON_LOCALE", "zh_CN"),
        timezone=os.environ.get("SALON_TIMEZONE", "Asia/Shanghai"),
        session_ttl_hours=_int("SALON_SESSION_TTL_HOURS", 24 * 14),
        login_max_failures=_int("SALON_LOGIN_MAX_FAILURES", 5),
        login_lock_minutes=_int("SALON_LOGIN_LOCK_MINUTES", 15),
        argon2_time_cost=_int("SALON_ARGON2_TIME_COST", 3),
        argon2_memory_kib=_int("SALON_ARGON2_MEMORY_KIB", 65536),
    )
