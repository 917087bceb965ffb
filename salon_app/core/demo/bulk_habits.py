"""Habits of the bulk city's customers, so a recommender has something real to find.

Each customer has a trade they come back for (weighted like the technicians' trades) and a
home district; at-home visits go to one home of theirs. A technician's next customer is, in
turn: one of their regulars (half of the time, once they have some), someone of their trade
living in their district (35%), or anyone (15%, the draw the generator made anyway). All of
it comes from its own seeded RNG: the rest of the city (technicians, times, services, prices)
is exactly what the generator made before habits existed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Protocol

from salon_app.core.demo.shenzhen import DISTRICTS

SEED = 1010
TRADE_WEIGHTS = {"hair": 35, "beauty": 20, "nails": 20, "housekeeping": 25}
REGULAR_SHARE, NEIGHBOUR_SHARE = 0.5, 0.35
REGULARS_MAX = 40  # customers a technician keeps coming back


class _Technician(Protocol):
    id: int
    category: str
    lat: float
    lng: float


class Habits:
    def __init__(self, places: list[tuple[int, str, float, float]]) -> None:
        self.rng = random.Random(SEED)
        self.homes_in: dict[int, list[tuple[str, float, float]]] = defaultdict(list)
        for district, address, lat, lng in places:
            self.homes_in[district].append((address, lat, lng))
        self.trade: dict[int, str] = {}
        self.district: dict[int, int] = {}
        self.pools: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.regulars: dict[int, list[int]] = defaultdict(list)
        self.tech_district: dict[int, int] = {}

    def _know(self, customer_ids: list[int]) -> None:
        trades, weights = list(TRADE_WEIGHTS), list(TRADE_WEIGHTS.values())
        for customer in customer_ids:
            trade = self.rng.choices(trades, weights)[0]
            district = self.rng.randrange(len(DISTRICTS))
            self.trade[customer], self.district[customer] = trade, district
            self.pools[(trade, district)].append(customer)

    def customer(self, tech: _Technician, customer_ids: list[int], anyone: int) -> int:
        """Who books `tech` next (see the module rule)."""
        if not self.trade:
            self._know(customer_ids)
        roll = self.rng.random()
        regulars = self.regulars[tech.id]
        if roll < REGULAR_SHARE and regulars:
            return self.rng.choice(regulars)
        if roll < REGULAR_SHARE + NEIGHBOUR_SHARE:
            pool = self.pools.get((tech.category, self._district_of(tech))) or []
            if pool:
                chosen = self.rng.choice(pool)
                if len(regulars) < REGULARS_MAX:
                    regulars.append(chosen)
                return chosen
        return anyone

    def home(self, customer: int) -> tuple[str, float, float] | None:
        """The customer's home (one address of the pool in their district), if known."""
        homes = self.homes_in.get(self.district.get(customer, -1), [])
        return homes[customer % len(homes)] if homes else None

    def _district_of(self, tech: _Technician) -> int:
        if tech.id not in self.tech_district:
            self.tech_district[tech.id] = min(
                range(len(DISTRICTS)),
                key=lambda i: (
                    (DISTRICTS[i].lat - tech.lat) ** 2 + (DISTRICTS[i].lng - tech.lng) ** 2
                ),
            )
        return self.tech_district[tech.id]
