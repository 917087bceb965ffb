"""Where technicians work, as a grid that dispatch can walk from an order outwards.

A grid of CELL_DEG x CELL_DEG (latitude, longitude) cells, one per service and kind of job:
at home, an entry per service-area centre (its reach is the area's radius); in the shop, an
entry per technician at their shop. Each cell lists its entries best static score part first
(rating and skill, see dispatch_ranking), so a search can walk cells nearest first and stop.
Entries are built from TechInfo, what dispatch keeps in memory of each technician
(dispatch_index says how it is kept fresh).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import String, bindparam, select, type_coerce
from sqlmodel import Session, col

from salon_app.core.models import (
    Merchant,
    ServiceArea,
    Shift,
    Technician,
    TechnicianService,
    WorkingHours,
)
from salon_app.core.services.geo import KM_PER_DEGREE_LAT, KM_PER_DEGREE_LNG_EQUATOR

CELL_DEG = 0.01  # about 1 km: tens to hundreds of entries a cell in the densest districts
_IDS = bindparam("ids", expanding=True)

DAY_END = 2 * 24 * 60  # later than any weekly range can start
Cell = tuple[int, int]
Minutes = tuple[int, int]
# (-static part, technician id, latitude, longitude, reach km); sorted: best part first
Entry = tuple[float, int, float, float, float]


@dataclass(frozen=True)
class TechInfo:
    """What dispatch keeps of a technician: places, offers, score parts, working week."""

    id: int
    rating: float | None  # stars, None when unrated
    skills: tuple[str, ...]
    services: frozenset[int]
    areas: tuple[tuple[float, float, float], ...]  # (lat, lng, radius km)
    shop: tuple[float, float] | None  # their shop's place, None when independent
    shop_tz: str | None  # their shop's time zone name, None when independent
    week: tuple[tuple[Minutes, ...], ...]  # weekly working ranges, Monday first; equal
    # weeks are one object (searches remember per week whether it can hold a job)
    rota: bool  # has rota shifts from yesterday on (they replace the weekly ranges)


@dataclass(frozen=True)
class Week:
    """The hull of the working weeks of a cell's technicians: enough to tell that none of
    them can work at some time (dispatch_candidates.may_work_week)."""

    first: tuple[int, ...]  # by weekday: the earliest start of any range (DAY_END if none)
    last: tuple[int, ...]  # by weekday: the latest end of any range (-1 if none)
    zones: frozenset[str | None]  # shop time zones met (None: independent)
    rota: bool  # someone has rota shifts

    @classmethod
    def of(cls, infos: Iterable[TechInfo]) -> Week:
        first, last = [DAY_END] * 7, [-1] * 7
        zones, rota = set(), False
        for info in infos:
            zones.add(info.shop_tz)
            rota = rota or info.rota
            for day, ranges in enumerate(info.week):
                for start, end in ranges:
                    first[day], last[day] = min(first[day], start), max(last[day], end)
        return cls(tuple(first), tuple(last), frozenset(zones), rota)


@dataclass
class Grid:
    """The entries of one service for one kind of job (at home or in the shop), by cell,
    each cell with the hull of its technicians' weeks."""

    service_id: int
    at_home: bool
    part: Callable[[TechInfo], float]  # the static score part (rating, skill) of a technician
    techs: dict[int, TechInfo]  # everyone, as the index knows them
    cell_deg: float = CELL_DEG
    cells: dict[Cell, tuple[list[Entry], Week]] = field(default_factory=dict)
    max_reach: float = 0.0  # the longest area radius (at home); never shrinks
    best_part: float = 0.0  # the best static part of any entry; never shrinks
    free_share: float = 0.75  # of those checked for availability, the share found free lately

    def cell_of(self, lat: float, lng: float) -> Cell:
        return math.floor(lat / self.cell_deg), math.floor(lng / self.cell_deg)

    def ring(self, lat: float, lng: float, j: int) -> Iterator[tuple[list[Entry], Week, float]]:
        """The non-empty cells at Chebyshev distance j from the cell of (lat, lng), each with
        a lower bound of the distance (km) from there to any point in it: to its nearest
        edge, in km per degree rounded down (of longitude at the ring's latitude furthest
        from the equator, as meridians converge)."""
        size = self.cell_deg
        ci, cj = self.cell_of(lat, lng)
        per_lng = _km_per_degree_lng(lat, j, size)
        north = [_axis_gap(lat, ci + d, size) * KM_PER_DEGREE_LAT for d in range(-j, j + 1)]
        east = [_axis_gap(lng, cj + d, size) * per_lng for d in range(-j, j + 1)]
        for di in range(-j, j + 1):
            for dj in range(-j, j + 1) if abs(di) == j else (-j, j):
                found = self.cells.get((ci + di, cj + dj))
                if found is not None:
                    yield found[0], found[1], math.hypot(north[di + j], east[dj + j])

    def ring_gap_km(self, lat: float, j: int) -> float:
        """A lower bound of the distance (km) from (lat, any) to any cell of ring j: it is
        j - 1 cells away, north-south or east-west."""
        size = self.cell_deg
        return max(0, j - 1) * size * min(KM_PER_DEGREE_LAT, _km_per_degree_lng(lat, j, size))

    def entries(self, info: TechInfo) -> list[Entry]:
        if self.service_id not in info.services:
            return []
        part = self.part(info)
        if self.at_home:
            return [(-part, info.id, lat, lng, reach) for lat, lng, reach in info.areas]
        return [(-part, info.id, *info.shop, math.inf)] if info.shop else []

    def _set(self, cell: Cell, entries: list[Entry]) -> None:
        """Replace a cell (never change it: a search may be walking the old one)."""
        if entries:
            entries.sort()
            self.cells[cell] = (entries, Week.of(self.techs[e[1]] for e in entries))
        else:
            self.cells.pop(cell, None)

    def place(self, infos: Iterable[TechInfo]) -> None:
        """Add the technicians' entries (they are in `techs` already)."""
        added: dict[Cell, list[Entry]] = {}
        for info in infos:
            for entry in self.entries(info):
                added.setdefault(self.cell_of(entry[2], entry[3]), []).append(entry)
                self.best_part = max(self.best_part, -entry[0])
                if entry[4] != math.inf:
                    self.max_reach = max(self.max_reach, entry[4])
        for cell, entries in added.items():
            self._set(cell, [*self.cells.get(cell, ((), None))[0], *entries])

    def remove(self, infos: Iterable[TechInfo]) -> None:
        """Take out the entries these (former) TechInfo gave."""
        gone: dict[Cell, set[int]] = {}
        for info in infos:
            for entry in self.entries(info):
                gone.setdefault(self.cell_of(entry[2], entry[3]), set()).add(info.id)
        for cell, ids in gone.items():
            self._set(cell, [e for e in self.cells.get(cell, ((), None))[0] if e[1] not in ids])


def _km_per_degree_lng(lat: float, j: int, size: float) -> float:
    """Km per degree of longitude, rounded down, anywhere within j + 1 cells of latitude lat
    (and half a degree more: a geodesic bulges a little towards the pole)."""
    furthest = min(89.0, abs(lat) + (j + 1) * size + 0.5)
    return KM_PER_DEGREE_LNG_EQUATOR * math.cos(math.radians(furthest))


def _axis_gap(x: float, cell: int, size: float) -> float:
    """Degrees from x to the nearest edge of cell number `cell` along one axis (0 inside)."""
    low = cell * size
    return max(low - x, 0.0, x - low - size)


def _one(value: Any, shared: dict[Any, Any]) -> Any:
    """The object equal to `value` met before, else `value`: many technicians share a week,
    a list of skills, a set of services."""
    return shared.setdefault(value, value)


def _rows(session: Session, query: Any, ids: list[int] | None) -> Any:
    return session.connection().execute(query, {"ids": ids} if ids is not None else {})


def load_techs(session: Session, today: date, ids: list[int] | None = None) -> dict[int, TechInfo]:
    """TechInfo of these technicians (None: of everyone), one query per table."""

    def only(query: Any, column: Any) -> Any:
        return query if ids is None else query.where(col(column).in_(_IDS))

    areas: dict[int, list[tuple[float, float, float]]] = {}
    area_q = select(
        ServiceArea.technician_id,
        ServiceArea.center_lat,
        ServiceArea.center_lng,
        ServiceArea.radius_km,
    )
    for tech_id, lat, lng, reach in _rows(session, only(area_q, ServiceArea.technician_id), ids):
        areas.setdefault(tech_id, []).append((lat, lng, reach))
    offers: dict[int, set[int]] = {}
    offer_q = select(TechnicianService.technician_id, TechnicianService.service_id)
    for tech_id, service_id in _rows(session, only(offer_q, TechnicianService.technician_id), ids):
        offers.setdefault(tech_id, set()).add(service_id)
    week: dict[int, dict[int, list[Minutes]]] = {}
    hours_q = select(
        WorkingHours.technician_id,
        WorkingHours.weekday,
        WorkingHours.start_minute,
        WorkingHours.end_minute,
    )
    for tech_id, day, start, end in _rows(session, only(hours_q, WorkingHours.technician_id), ids):
        week.setdefault(tech_id, {}).setdefault(day, []).append((start, end))
    rota_q = select(Shift.technician_id).where(col(Shift.day) >= today - timedelta(days=1))
    rota = {t for (t,) in _rows(session, only(rota_q.distinct(), Shift.technician_id), ids)}
    base = select(
        Technician.id,
        Technician.rating_sum,
        Technician.rating_count,
        type_coerce(Technician.skills, String),  # JSON text: decoded once per distinct list
        Merchant.lat,
        Merchant.lng,
        Merchant.timezone,
    ).outerjoin(Merchant, col(Merchant.id) == Technician.merchant_id)
    infos = {}
    shared: dict[Any, Any] = {}  # equal weeks, skills and offers are one object
    for tech_id, total, count, skills, lat, lng, tz in _rows(
        session, only(base, Technician.id), ids
    ):
        if isinstance(skills, str):
            skills = json.loads(skills)
        infos[tech_id] = TechInfo(
            tech_id,
            total / count / 100 if count else None,
            _one(tuple(skills or ()), shared),
            _one(frozenset(offers.get(tech_id, ())), shared),
            tuple(areas.get(tech_id, ())),
            (lat, lng) if lat is not None and lng is not None else None,
            tz if lat is not None else None,
            _one(tuple(tuple(sorted(week.get(tech_id, {}).get(d, ()))) for d in range(7)), shared),
            tech_id in rota,
        )
    return infos
