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
    # Booking rules (availability engine and booking service)
    hold_minutes: int  # an unpaid order keeps its slot this long
    lead_minutes: int  # earliest bookable start, from now
    horizon_days: int  # latest bookable day, from today
    slot_step_minutes: int  # offered start times are on this grid
    travel_speed_kmh: float  # straight-line speed between at-home jobs
    travel_min_buffer_min: int  # at least this gap around at-home jobs
    shop_buffer_min: int  # turnover gap after in-shop jobs


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
        hold_minutes=_int("SALON_HOLD_MINUTES", 10),
        lead_minutes=_int("SALON_LEAD_MINUTES", 60),
        horizon_days=_int("SALON_HORIZON_DAYS", 30),
        slot_step_minutes=_int("SALON_SLOT_STEP_MINUTES", 30),
        travel_speed_kmh=float(os.environ.get("SALON_TRAVEL_SPEED_KMH", 20)),
        travel_min_buffer_min=_int("SALON_TRAVEL_MIN_BUFFER_MIN", 15),
        shop_buffer_min=_int("SALON_SHOP_BUFFER_MIN", 10),
    )
