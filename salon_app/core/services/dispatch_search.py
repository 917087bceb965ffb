"""How rank_candidates finds the best technicians without scoring everyone: best first.

Every technician gets an upper bound on their score from what is cheap, and one heap holds
them all, highest bound first; only the top of the heap is ever looked at more closely:

1. a ring of grid cells around the order (dispatch_index), nearest ring first: the cells'
   nearest points give the distance part, their best entry the rating and skill part, and
   the load part is taken as full;
2. a cell yields its entries (area centres or shops), best static part first: the
   tangent-plane distance (availability_geo, to 0.1 m) tightens the bound;
3. a technician is read from the database, FRESH_BATCH at a time in one query: status,
   offered service, rating, skills, areas or shop, and load. Not eligible: dropped;
4. availability at the order's time, for a batch, with the availability engine's loaders
   (one query per table) and its rules; not free: dropped;
5. the exact geodesic distance gives the score itself. When a technician with a known score
   is at the top of the heap, no one left can beat them: they are the next best.
The heap orders by (-bound, technician id), with cells before technicians, so equal scores
come out by id, as in the rules. Bounds carry a 1e-6 slack for rounding.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from datetime import timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, exists, func, select
from sqlmodel import Session, col

from salon_app.core.models import Merchant, Order, ServiceArea, Technician, TechnicianService
from salon_app.core.services.availability_data import Profile, load_calendars, profile_of
from salon_app.core.services.availability_engine import Request, booking_limits, refusal
from salon_app.core.services.availability_geo import (
    KM_PER_DEGREE_LAT,
    KM_PER_DEGREE_LNG_EQUATOR,
    distance_km,
    geodesic_km,
)
from salon_app.core.services.dispatch_index import CELL_DEG, Grid, cell_of
from salon_app.core.services.dispatch_ranking import (
    LOAD_DAYS,
    WEIGHTS,
    Candidate,
    Job,
    has_skill,
    score_of,
)
from salon_app.core.settings import get_settings

FIRST_READ = 48  # technicians read by the first query; each next one reads as many as all before
CHECK_EXTRA = 4  # availability is checked for more than still needed: as many more as the
# share found busy so far suggests, and this many on top
TOLERANCE_KM = 0.001  # distance_km is within 0.1 m of the geodesic; closer calls use geopy
SLACK = 1e-6  # scores are rounded to 6 decimals
RING, CELL, TECH, READ, FREE, EXACT = range(6)  # what a heap item is, in search order
_IDS = bindparam("ids", expanding=True)


@dataclass
class _Read:
    """A technician as read: score parts, profile, and the places that cover the order."""

    id: int
    rating: float | None
    skill: bool
    load: int
    profile: Profile
    places: list[tuple[float, float, float]]  # (tangent-plane km, lat, lng) within reach


def _read_query(at_home: bool) -> Any:
    now, week = bindparam("now"), bindparam("week")
    load = (
        select(func.count(Order.id))
        .where(
            col(Order.technician_id) == Technician.id,
            col(Order.holds_slot).is_(True),
            col(Order.block_start) >= now,  # block_start is the service start: the index range
            col(Order.block_start) < week,
            col(Order.starts_at) >= now,
            col(Order.starts_at) < week,
        )
        .scalar_subquery()
    )
    offers = exists().where(
        col(TechnicianService.technician_id) == Technician.id,
        col(TechnicianService.service_id) == bindparam("service"),
    )
    query = (
        select(
            Technician.id,
            Technician.rating_sum,
            Technician.rating_count,
            Technician.skills,
            Merchant.timezone,
            Merchant.lat,
            Merchant.lng,
            load,
        )
        .outerjoin(Merchant, col(Merchant.id) == Technician.merchant_id)
        .where(col(Technician.id).in_(_IDS), Technician.status == "active", offers)
    )
    if at_home:
        query = query.add_columns(
            ServiceArea.center_lat, ServiceArea.center_lng, ServiceArea.radius_km
        ).join(ServiceArea, col(ServiceArea.technician_id) == Technician.id)
    return query


_READ = {True: _read_query(True), False: _read_query(False)}


def _gap_km(lat: float, d_lat: float, d_lng: float) -> float:
    """A lower bound of the distance across d_lat, d_lng degrees near latitude `lat`."""
    widest = math.radians(min(89.0, abs(lat) + 0.5))  # a geodesic bulges a little poleward
    return math.hypot(
        d_lat * KM_PER_DEGREE_LAT, d_lng * KM_PER_DEGREE_LNG_EQUATOR * math.cos(widest)
    )


class Search:
    """One ranking: the heap and what has been read so far."""

    def __init__(
        self, session: Session, job: Job, service_name: str, grid: Grid, radius: float, now: Any
    ) -> None:
        self.session, self.job, self.name, self.grid = session, job, service_name, grid
        self.radius, self.now = radius, now
        self.lat, self.lng = job.at
        self.centre = cell_of(self.lat, self.lng)
        self.reach = grid.max_reach if job.at_home else radius
        self.heap: list[tuple] = []
        self.seq = count()
        self.read_count = 0
        self.checked = self.free_count = 0
        self.skip: set[int] = set()  # excluded, or read already

    def _push(self, bound: float, tech_id: int, kind: int, payload: Any) -> None:
        heapq.heappush(self.heap, (-bound, tech_id, next(self.seq), kind, payload))

    def _bound(self, km: float, part: float, load_part: float = WEIGHTS["load"]) -> float:
        distance = max(0.0, 1 - min(km, self.radius) / self.radius)
        return WEIGHTS["distance"] * distance + part + load_part + SLACK

    def run(self, limit: int, exclude: frozenset[int]) -> list[Candidate]:
        self.skip = set(exclude)
        self._push(self._bound(0.0, self.grid.best_part), -1, RING, 0)
        found: list[Candidate] = []
        while self.heap and len(found) < limit:
            kind = self.heap[0][3]
            if kind in (RING, CELL):
                self._cheap(heapq.heappop(self.heap))
            elif kind == TECH:
                self._read(self._take_technicians())
            elif kind == READ:
                self._check(self._take_read(self._check_size(limit - len(found))))
            elif kind == FREE:
                self._measure(heapq.heappop(self.heap))
            else:
                found.append(heapq.heappop(self.heap)[4])
        return found

    def _take_technicians(self) -> list[int]:
        """The next unread technicians in bound order (FIRST_READ, then as many as read so
        far), expanding cells met on the
        way; read technicians above them wait (reading a few too many costs less than one
        more query)."""
        taken: list[int] = []
        waiting: list[tuple] = []
        size = max(FIRST_READ, self.read_count)
        while self.heap and len(taken) < size:
            top = self.heap[0][3]
            if top in (RING, CELL):
                self._cheap(heapq.heappop(self.heap))
            elif top == TECH:
                tech_id = heapq.heappop(self.heap)[4]
                if tech_id not in self.skip:  # else another of their areas came first
                    self.skip.add(tech_id)
                    taken.append(tech_id)
            else:
                waiting.append(heapq.heappop(self.heap))
        for item in waiting:
            heapq.heappush(self.heap, item)
        return taken

    def _take_read(self, n: int) -> list[tuple]:
        """The n best read technicians, for one availability batch. Should an unread
        technician come first, they and the next ones are read first (the batch is kept
        whole rather than checked in small pieces)."""
        taken: list[tuple] = []
        while self.heap and len(taken) < n:
            top = self.heap[0][3]
            if top in (RING, CELL):
                self._cheap(heapq.heappop(self.heap))
            elif top == FREE:
                self._measure(heapq.heappop(self.heap))
            elif top == READ:
                taken.append(heapq.heappop(self.heap))
            elif top == TECH:
                self._read(self._take_technicians())
                for item in taken:
                    heapq.heappush(self.heap, item)
                return []
            else:
                break
        return taken

    def _cheap(self, item: tuple) -> None:
        if item[3] == RING:
            self._ring(item[4])
        else:
            self._cell(*item[4])

    def _ring(self, j: int) -> None:
        """Push the non-empty cells at Chebyshev distance j, and the next ring if in reach."""
        ci, cj = self.centre
        cells = self.grid.cells
        for di in range(-j, j + 1):
            steps = range(-j, j + 1) if abs(di) == j else (-j, j)
            for dj in steps:
                entries = cells.get((ci + di, cj + dj))
                if entries:
                    self._cell_push(ci + di, cj + dj, entries, 0)
        lat_span = abs(self.lat) + (j + 2) * CELL_DEG
        gap = _gap_km(lat_span, j * CELL_DEG, 0.0)
        gap = min(gap, _gap_km(lat_span, 0.0, j * CELL_DEG))  # ring j + 1 is j cells away
        if gap <= self.reach:
            self._push(self._bound(gap, self.grid.best_part), -1, RING, j + 1)

    def _cell_push(self, i: int, j: int, entries: list, at: int) -> None:
        lat0, lng0 = i * CELL_DEG, j * CELL_DEG
        d_lat = max(lat0 - self.lat, 0.0, self.lat - lat0 - CELL_DEG)
        d_lng = max(lng0 - self.lng, 0.0, self.lng - lng0 - CELL_DEG)
        gap = _gap_km(max(abs(self.lat), abs(lat0), abs(lat0 + CELL_DEG)), d_lat, d_lng)
        if gap <= self.reach:
            self._push(self._bound(gap, -entries[at][0]), -1, CELL, (i, j, entries, at, gap))

    def _cell(self, i: int, j: int, entries: list, at: int, gap: float) -> None:
        """The cell's next entry becomes a technician with a bound; the cell waits again."""
        part, tech_id, lat, lng, reach = entries[at]
        if at + 1 < len(entries):
            self._push(
                self._bound(gap, -entries[at + 1][0]), -1, CELL, (i, j, entries, at + 1, gap)
            )
        if tech_id in self.skip:
            return
        km = distance_km((lat, lng), self.job.at)
        if km - TOLERANCE_KM > min(reach, self.reach):
            return
        self._push(self._bound(max(0.0, km - TOLERANCE_KM), -part), tech_id, TECH, tech_id)

    def _read(self, ids: list[int]) -> None:
        """Read the technicians fresh; push the eligible with their true parts and load."""
        if not ids:
            return
        self.read_count += len(ids)
        job = self.job
        params = {
            "ids": ids,
            "service": job.service_id,
            "now": self.now,
            "week": self.now + timedelta(days=LOAD_DAYS),
        }
        read: dict[int, _Read] = {}
        for row in self.session.connection().execute(_READ[job.at_home], params):
            tech_id, total, n, skills, tz, shop_lat, shop_lng, load = row[:8]
            if tech_id not in read:
                rating = total / n / 100 if n else None
                profile = profile_of(tz, shop_lat, shop_lng)
                read[tech_id] = _Read(
                    tech_id, rating, has_skill(skills, self.name), load, profile, []
                )
            if job.at_home:
                lat, lng, reach = row[8:]
            elif shop_lat is None or shop_lng is None:
                continue  # independent: no shop to serve in
            else:
                lat, lng, reach = shop_lat, shop_lng, self.radius
            km = distance_km((lat, lng), job.at)
            if km - TOLERANCE_KM > reach:
                continue
            if km + TOLERANCE_KM > reach and geodesic_km((lat, lng), job.at) > reach:
                continue
            read[tech_id].places.append((km, lat, lng))
        for r in read.values():
            if r.places:
                nearest = min(km for km, _, _ in r.places)
                best = score_of(
                    max(0.0, nearest - TOLERANCE_KM), self.radius, r.rating, r.skill, r.load
                )
                self._push(best.score + SLACK, r.id, READ, r)

    def _check_size(self, needed: int) -> int:
        """How many to check so that `needed` are likely free: at least half are assumed
        free until some have been checked."""
        share = max(self.free_count / self.checked if self.checked else 0.5, 0.2)
        return math.ceil(needed / share) + CHECK_EXTRA

    def _check(self, items: list[tuple]) -> None:
        """Availability for a batch (as availability.check_slot decides it, one query per
        table); the free go on with the same bound."""
        settings = get_settings()
        job = self.job
        zones: dict[ZoneInfo, dict[int, Profile]] = {}
        for item in items:
            zones.setdefault(item[4].profile.tz, {})[item[4].id] = item[4].profile
        free: set[int] = set()
        for tz, profiles in zones.items():
            day = job.starts_at.astimezone(tz).date()
            calendars = load_calendars(
                self.session, profiles, day - timedelta(days=1), day, job.order_id
            )
            limits = booking_limits(self.now, tz, settings)
            duration = timedelta(minutes=job.duration_min)
            for tech_id, calendar in calendars.items():
                place = job.at if job.at_home else calendar.profile.shop
                request = Request(duration, job.at_home, place)
                why = refusal(
                    job.starts_at, calendar.windows, calendar.jobs, request, limits, settings
                )
                if why is None:
                    free.add(tech_id)
        self.checked += len(items)
        self.free_count += len(free)
        for item in items:
            if item[4].id in free:
                heapq.heappush(self.heap, (*item[:3], FREE, item[4]))

    def _measure(self, item: tuple) -> None:
        """The exact score of a free technician: geodesic to the nearest covering place."""
        r: _Read = item[4]
        nearest = min(km for km, _, _ in r.places)
        km = min(
            geodesic_km((lat, lng), self.job.at)
            for plane, lat, lng in r.places
            if plane <= nearest + 2 * TOLERANCE_KM
        )
        c = score_of(km, self.radius, r.rating, r.skill, r.load)
        cand = Candidate(r.id, c.score, {**c.components, "distance_km": round(km, 2)})
        self._push(c.score, r.id, EXACT, cand)
