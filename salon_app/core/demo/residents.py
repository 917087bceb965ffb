"""The people the demo seed creates, as the order history reads them back (its own module so
seed and order_history need not import each other)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from salon_app.core.demo.shenzhen import District, Street
from salon_app.core.models import Technician, User


@dataclass
class DemoTechnician:
    row: Technician
    user: User
    category: str
    week: dict[int, tuple[int, int]]  # weekday -> (start minute, end minute), local
    prices: dict[str, int] = field(default_factory=dict)  # service slug -> fen
    busy: list[tuple[datetime, datetime]] = field(default_factory=list)


@dataclass
class DemoCustomer:
    user: User
    district: District
    street: Street
    unit: str
