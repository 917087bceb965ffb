"""Where technicians work, kept in memory per process so that dispatch never reads everyone.

A grid of CELL_DEG x CELL_DEG (latitude, longitude) cells, one per service and kind of job:
at home, an entry per service-area centre (its reach is the area's radius); in the shop, an
entry per technician at their shop. Each cell lists its entries best static score part first
(rating and skill, see dispatch_ranking), so a search can walk cells nearest first and stop.

Freshness (the index is a hint, never the truth: dispatch re-reads every technician it may
return, so it never offers someone inactive, outside their area or not offering the service):
- every search first runs one cheap probe (the newest row of technician, service_area,
  technician_service and review: a few primary-key lookups); new rows there (a new
  technician, a new area or offer, a new review changing a rating) are loaded at once, for
  those technicians only; a newest row that vanished or changed means a full rebuild;
- edits in place that add no row (skills edited, a technician joining or leaving a shop, a
  shop moving) reach dispatch within REBUILD_SECONDS, when the index is rebuilt anyway. Until
  then such a technician may be ranked on their old skills or place (their returned score is
  always computed from fresh data), or be missed if the edit raised their score.
Status is not cached at all: an inactive technician stays in the grid and is dropped when read.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, select
from sqlmodel import Session, col

from salon_app.core.models import Merchant, Review, ServiceArea, Technician, TechnicianService

CELL_DEG = 0.005  # about 0.5 km: a few dozen technicians a cell in the densest districts
REBUILD_SECONDS = 300.0  # the staleness bound for edits in place (see the docstring)
DATABASES = 4  # indexes kept per process (one per database URL; tests use many)
_IDS = bindparam("ids", expanding=True)

Cell = tuple[int, int]
# (-static part, technician id, latitude, longitude, reach km); sorted: best part first
Entry = tuple[float, int, float, float, float]


@dataclass(frozen=True)
class TechInfo:
    """What the index knows of a technician: enough for a place and an upper bound."""

    id: int
    rating: float | None  # stars, None when unrated
    skills: tuple[str, ...]
    services: frozenset[int]
    areas: tuple[tuple[float, float, float], ...]  # (lat, lng, radius km)
    shop: tuple[float, float] | None  # their shop's place, None when independent


def cell_of(lat: float, lng: float) -> Cell:
    return math.floor(lat / CELL_DEG), math.floor(lng / CELL_DEG)


@dataclass
class Grid:
    """The entries of one service for one kind of job (at home or in the shop)."""

    service_id: int
    at_home: bool
    part: Callable[[TechInfo], float]  # the static score part (rating, skill) of a technician
    cells: dict[Cell, list[Entry]] = field(default_factory=dict)
    max_reach: float = 0.0  # the longest area radius (at home); never shrinks
    best_part: float = 0.0  # the best static part of any entry; never shrinks

    def entries(self, info: TechInfo) -> list[Entry]:
        if self.service_id not in info.services:
            return []
        part = self.part(info)
        if self.at_home:
            return [(-part, info.id, lat, lng, reach) for lat, lng, reach in info.areas]
        return [(-part, info.id, *info.shop, math.inf)] if info.shop else []

    def place(self, infos: Iterable[TechInfo]) -> None:
        """Add the technicians' entries; each touched cell is replaced, not changed, so a
        search walking the old list meanwhile sees a consistent one."""
        added: dict[Cell, list[Entry]] = {}
        for info in infos:
            for entry in self.entries(info):
                added.setdefault(cell_of(entry[2], entry[3]), []).append(entry)
                self.best_part = max(self.best_part, -entry[0])
                if entry[4] != math.inf:
                    self.max_reach = max(self.max_reach, entry[4])
        for cell, entries in added.items():
            self.cells[cell] = sorted([*self.cells.get(cell, ()), *entries])

    def remove(self, infos: Iterable[TechInfo]) -> None:
        gone: dict[Cell, set[int]] = {}
        for info in infos:
            for entry in self.entries(info):
                gone.setdefault(cell_of(entry[2], entry[3]), set()).add(info.id)
        for cell, ids in gone.items():
            kept = [e for e in self.cells.get(cell, ()) if e[1] not in ids]
            if kept:
                self.cells[cell] = kept
            else:
                self.cells.pop(cell, None)


class DispatchIndex:
    """Every technician's places, offers, rating and skills, and grids built on demand."""

    def __init__(self, techs: dict[int, TechInfo], probe: tuple) -> None:
        self.techs = techs
        self.probe = probe
        self.built_at = time.monotonic()
        self.grids: dict[tuple[int, str, bool], Grid] = {}
        self.lock = threading.Lock()

    def grid(
        self, service_id: int, name: str, at_home: bool, part: Callable[[TechInfo], float]
    ) -> Grid:
        """The grid of a service (its name decides skills), built on first use."""
        key = (service_id, name, at_home)
        found = self.grids.get(key)
        if found is None:
            found = Grid(service_id, at_home, part)
            found.place(self.techs.values())
            self.grids[key] = found
        return found

    def update(self, fresh: dict[int, TechInfo]) -> None:
        """Replace what is known of these technicians, in every grid built so far."""
        old = [self.techs[t] for t in fresh if t in self.techs]
        for grid in list(self.grids.values()):
            grid.remove(old)
            grid.place(fresh.values())
        self.techs.update(fresh)


def _newest(model: Any, *columns: Any) -> list[Any]:
    """Scalar subqueries: these columns of the model's row with the highest id."""
    return [select(c).order_by(col(model.id).desc()).limit(1).scalar_subquery() for c in columns]


_PROBE = select(
    *_newest(Technician, Technician.id, Technician.created_at),
    *_newest(
        ServiceArea,
        ServiceArea.id,
        ServiceArea.technician_id,
        ServiceArea.center_lat,
        ServiceArea.center_lng,
        ServiceArea.radius_km,
    ),
    *_newest(
        TechnicianService,
        TechnicianService.id,
        TechnicianService.technician_id,
        TechnicianService.service_id,
    ),
    *_newest(Review, Review.id, Review.technician_id),
)
# Where each table's newest id sits in the probe, with the model and its technician column.
_TABLES = (
    (0, Technician, Technician.id),
    (2, ServiceArea, ServiceArea.technician_id),
    (7, TechnicianService, TechnicianService.technician_id),
    (10, Review, Review.technician_id),
)


def probe(session: Session) -> tuple:
    return tuple(session.connection().execute(_PROBE).one())


def _rows(session: Session, query: Any, ids: list[int] | None) -> Any:
    return session.connection().execute(query, {"ids": ids} if ids is not None else {})


def load(session: Session, ids: list[int] | None = None) -> dict[int, TechInfo]:
    """TechInfo of these technicians (None: of everyone), four queries."""

    def only(query: Any, column: Any) -> Any:
        return query if ids is None else query.where(col(column).in_(_IDS))

    base = only(
        select(
            Technician.id,
            Technician.rating_sum,
            Technician.rating_count,
            Technician.skills,
            Merchant.lat,
            Merchant.lng,
        ).outerjoin(Merchant, col(Merchant.id) == Technician.merchant_id),
        Technician.id,
    )
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
    infos = {}
    for tech_id, total, count, skills, shop_lat, shop_lng in _rows(session, base, ids):
        if isinstance(skills, str):
            skills = json.loads(skills)
        infos[tech_id] = TechInfo(
            tech_id,
            total / count / 100 if count else None,
            tuple(skills or ()),
            frozenset(offers.get(tech_id, ())),
            tuple(areas.get(tech_id, ())),
            (shop_lat, shop_lng) if shop_lat is not None and shop_lng is not None else None,
        )
    return infos


def _touched(session: Session, old: tuple, new: tuple) -> set[int] | None:
    """Technicians with rows newer than the old probe; None when only a rebuild will do."""
    ids: set[int] = set()
    width = {0: 2, 2: 5, 7: 3, 10: 2}
    for at, model, tech_column in _TABLES:
        before, after = old[at : at + width[at]], new[at : at + width[at]]
        if before == after:
            continue
        if before[0] is None:
            before = (0,)
        if after[0] is None or after[0] < before[0] or after[0] == before[0]:
            return None  # rows deleted, or the newest row replaced under the same id
        query = select(tech_column).where(col(model.id) > before[0])
        ids.update(tech_id for (tech_id,) in _rows(session, query, None))
    return ids


_INDEXES: OrderedDict[str, DispatchIndex] = OrderedDict()
_LOCK = threading.Lock()


def index_for(session: Session) -> DispatchIndex:
    """The index of the session's database, brought up to date (see the module docstring)."""
    key = str(session.get_bind().url)
    now = probe(session)
    with _LOCK:
        index = _INDEXES.get(key)
        if index is not None:
            _INDEXES.move_to_end(key)
    if index is not None and time.monotonic() - index.built_at < REBUILD_SECONDS:
        if index.probe == now:
            return index
        with index.lock:
            if index.probe != now:
                touched = _touched(session, index.probe, now)
                if touched is not None:
                    index.update(load(session, sorted(touched)) if touched else {})
                    index.probe = now
                    return index
            else:
                return index
    index = DispatchIndex(load(session), now)
    with _LOCK:
        _INDEXES[key] = index
        while len(_INDEXES) > DATABASES:
            _INDEXES.popitem(last=False)
    return index


def forget() -> None:
    """Drop every index (the next search rebuilds)."""
    with _LOCK:
        _INDEXES.clear()
