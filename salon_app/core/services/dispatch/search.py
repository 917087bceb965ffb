"""How rank_candidates finds the best technicians without scoring everyone: best first.

Every technician gets an upper bound on their score from what is cheap, and one heap holds
them all, highest bound first; only the top of the heap is ever looked at more closely:

1. a ring of grid cells around the order (dispatch_grid), nearest ring first: a cell's
   nearest edge gives the distance part, its best entry the rating and skill part, and the
   load part is taken as full. A cell where nobody works at that time is skipped;
2. a cell yields its entries (area centres or shops), best static part first: those of
   technicians surely not working then are dropped (dispatch_candidates.may_work), the
   others' bound takes the lower bound of their load (dispatch_loads);
3. a place is measured (tangent plane, availability_geo, to 0.1 m): out of reach, or a
   bound with its own distance;
4. technicians are read from the database in one query (as many as the first availability
   batch needs and a few, then as many again as read so far): status, offered service,
   rating, skills, areas or shop, load. Not eligible: dropped; else a bound with everything
   but the exact distance;
5. availability at the order's time, for the best read ones at once (as many as are likely
   needed), with the availability engine's loaders and rules; not free: dropped;
6. the exact geodesic distance (geopy) gives the score itself. When a technician with a
   known score is at the top of the heap, no one left can beat them: they are the next.
The heap orders by (-bound, technician id), with cells before technicians, so equal scores
come out by id, as in the rules. Bounds carry a 1e-6 slack for rounding. Reading and
checking a few more than strictly needed costs less than another round of queries.
"""

from __future__ import annotations

import heapq
import math
from datetime import datetime, timedelta
from itertools import count
from typing import Any

from sqlmodel import Session

from salon_app.core.services.dispatch import candidates
from salon_app.core.services.dispatch.candidates import TOLERANCE_KM
from salon_app.core.services.dispatch.grid import Grid, TechInfo
from salon_app.core.services.dispatch.loads import LoadBook
from salon_app.core.services.dispatch.scoring import (
    LOAD_DAYS,
    WEIGHTS,
    Candidate,
    Job,
    score_of,
    static_part,
)
from salon_app.core.services.geo import distance_km

FIRST_READ = 16  # technicians read by the first query; each next one reads as many as all before
EXTRA_READ = 4  # the first read takes as many as the first availability batch needs, and these
SLACK = 1e-6  # scores are rounded to 6 decimals
RING, CELL, PLACE, TECH, READ, FREE, EXACT = range(7)  # what a heap item is, in search order
CHEAP = (RING, CELL, PLACE)  # handled in memory


class Search:
    """One ranking: the heap and what has been read so far."""

    def __init__(
        self,
        session: Session,
        job: Job,
        service_name: str,
        required: str,
        grid: Grid,
        loads: LoadBook,
        techs: dict[int, TechInfo],
        radius: float,
        now: datetime,
    ) -> None:
        self.session, self.job, self.name, self.grid = session, job, service_name, grid
        self.required = required  # the certificate type the service's category requires
        self.courses = self.skill_courses = False  # course requirements (category, skill tag)
        self.loads, self.techs = loads, techs
        self.sieve = candidates.sieve_params(job.starts_at, job.duration_min)
        self.load_window = (now.timestamp(), (now + timedelta(days=LOAD_DAYS)).timestamp())
        self.radius, self.now = radius, now
        self.lat, self.lng = job.at
        self.reach = grid.max_reach if job.at_home else radius
        self.heap: list[tuple] = []
        self.seq = count()
        self.read_count = 0
        self.limit = 0
        self.checked = self.free_count = 0
        self.skip: set[int] = set()  # excluded, or read already
        self.weeks: dict[int, bool] = {}  # id(week) -> may_work for this job

    def _push(self, bound: float, tech_id: int, kind: int, payload: Any) -> None:
        heapq.heappush(self.heap, (-bound, tech_id, next(self.seq), kind, payload))

    def _bound(self, km: float, part: float, load_part: float = WEIGHTS["load"]) -> float:
        distance = max(0.0, 1 - min(max(km, 0.0), self.radius) / self.radius)
        return WEIGHTS["distance"] * distance + part + load_part + SLACK

    def run(self, limit: int, exclude: frozenset[int]) -> list[Candidate]:
        self.skip = set(exclude)
        self.limit = limit
        self._push(self._bound(0.0, self.grid.best_part), -1, RING, 0)
        found: list[Candidate] = []
        while self.heap and len(found) < limit:
            kind = self.heap[0][3]
            if kind in CHEAP:
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
        """The next unread technicians in bound order: at first as many as the first
        availability batch needs and EXTRA_READ more (at least FIRST_READ), then as many
        as read so far; reading a few more than needed costs less than one more query.
        Read ones above them wait; cells and rings met on the way are walked."""
        taken: list[int] = []
        waiting: list[tuple] = []
        size = max(FIRST_READ, self._check_size(self.limit) + EXTRA_READ, self.read_count)
        while self.heap and len(taken) < size:
            top = self.heap[0][3]
            if top in CHEAP:
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
            if top in CHEAP:
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
        elif item[3] == CELL:
            self._cell(*item[4])
        else:
            self._place(item[1], *item[4])

    def _ring(self, j: int) -> None:
        """Push the non-empty cells at Chebyshev distance j, and the next ring if in reach."""
        for entries, week, gap in self.grid.ring(self.lat, self.lng, j):
            if gap > self.reach:
                continue
            if self.sieve is not None and not candidates.may_work_week(week, self.sieve):
                continue  # nobody there works at that time
            self._push(self._bound(gap, -entries[0][0]), -1, CELL, (entries, 0, gap))
        gap = self.grid.ring_gap_km(self.lat, j + 1)
        if gap <= self.reach:
            self._push(self._bound(gap, self.grid.best_part), -1, RING, j + 1)

    def _cell(self, entries: list, at: int, gap: float) -> None:
        """Turn the cell's entries into places with bounds, best first, for as long as the
        next one's bound is still the highest; then the cell waits in the heap again. An
        entry is dropped when its technician was read already or surely does not work at
        that time; else its bound takes their load's lower bound. Its own distance is only
        measured (_place) once that bound reaches the top of the heap."""
        heap, radius, skip = self.heap, self.radius, self.skip
        near = WEIGHTS["distance"] * max(0.0, 1 - min(gap, radius) / radius) + SLACK
        while at < len(entries):
            part, tech_id, lat, lng, reach = entries[at]
            at += 1
            if tech_id not in skip and self._works(tech_id):
                busy = self.loads.at_least(tech_id, *self.load_window)
                load = WEIGHTS["load"] / (1 + busy)
                place = (lat, lng, min(reach, self.reach), -part, load)
                if heap and near - part + load < -heap[0][0]:
                    self._push(near - part + load, tech_id, PLACE, place)
                else:
                    self._place(tech_id, *place)
            if at < len(entries):
                bound = near + WEIGHTS["load"] - entries[at][0]
                if heap and bound < -heap[0][0]:
                    self._push(bound, -1, CELL, (entries, at, gap))
                    return

    def _place(
        self, tech_id: int, lat: float, lng: float, reach: float, part: float, load: float
    ) -> None:
        """A technician's place, measured: out of reach, or a bound with its own distance."""
        km = distance_km((lat, lng), self.job.at) - TOLERANCE_KM
        if km <= reach:
            self._push(self._bound(km, part, load), tech_id, TECH, tech_id)

    def _works(self, tech_id: int) -> bool:
        """The working-time sieve, remembered per distinct week for this search."""
        if self.sieve is None:
            return True
        info = self.techs[tech_id]
        if not candidates.sieved(info, self.sieve):
            return True
        known = self.weeks.get(id(info.week))
        if known is None:
            known = self.weeks[id(info.week)] = candidates.week_may_work(info.week, self.sieve)
        return known

    def _read(self, ids: list[int]) -> None:
        """Read the technicians fresh; push the eligible with their true parts and load."""
        if not ids:
            return
        self.read_count += len(ids)
        found = candidates.read(
            self.session,
            self.job,
            self.name,
            ids,
            self.now,
            self.radius,
            self.required,
            courses=self.courses,
            skill_courses=self.skill_courses,
        )
        for r in found:
            part = static_part(r.rating, r.skill)
            load = WEIGHTS["load"] / (1 + r.load)
            self._push(self._bound(r.nearest_km - TOLERANCE_KM, part, load), r.id, READ, r)

    def _check_size(self, needed: int) -> int:
        """How many to check so that `needed` are free but for bad luck: with the share
        found free so far in this search, or else in recent searches of the grid, as many
        as that share needs plus two standard deviations and one (one more round of
        availability costs more than a few more technicians in this one)."""
        share = self.free_count / self.checked if self.checked else self.grid.free_share
        share = min(max(share, 0.2), 1.0)
        expected = needed / share
        return math.ceil(expected + 2 * math.sqrt(expected * (1 - share))) + 1

    def _check(self, items: list[tuple]) -> None:
        """Availability for a batch; the free go on with the same bound."""
        ok = candidates.free(self.session, self.job, [item[4] for item in items], self.now)
        self.checked += len(items)
        self.free_count += len(ok)
        if items:  # a running estimate for the next searches
            self.grid.free_share += (len(ok) / len(items) - self.grid.free_share) / 8
        for item in items:
            if item[4].id in ok:
                heapq.heappush(self.heap, (*item[:3], FREE, item[4]))

    def _measure(self, item: tuple) -> None:
        """The exact score of a free technician: geodesic to the nearest place."""
        r: candidates.Reading = item[4]
        km = r.exact_km(self.job.at)
        c = score_of(km, self.radius, r.rating, r.skill, r.load)
        cand = Candidate(r.id, c.score, {**c.components, "distance_km": round(km, 2)})
        self._push(c.score, r.id, EXACT, cand)
