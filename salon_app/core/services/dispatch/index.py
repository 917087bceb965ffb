"""What dispatch keeps in memory per process and database, and how it stays fresh.

A DispatchIndex holds every technician's TechInfo (dispatch_grid: places, offers, rating,
skills, working week), the grids built from them on demand, and the LoadBook
(dispatch_loads), so that a ranking never reads everyone.

Freshness. The index only bounds scores and sieves out the surely busy: dispatch re-reads
every technician it may return, so it never offers anyone inactive, outside their area, not
offering the service or not free, whatever the index says. For the ranking to stay exact:
- every search first runs one cheap probe: the newest row of technician, service_area,
  technician_service, review, working_hours, shift, orders and order_event (primary-key
  lookups). Newer rows there (a new technician, area, offer, review changing a rating,
  weekly hours, rota shift, order, order event) are taken in at once, for the technicians
  concerned only; a newest row gone, or changed under the same id, means a rebuild. The
  services replace areas and hours by deleting and inserting rows, so those are seen;
- edits in place that add no row (skills edited, a technician joining or leaving a shop, a
  shop moving or changing time zone) are seen at the next rebuild: the index is rebuilt in
  the background every REBUILD_SECONDS (5 min; a few seconds for 100,000 technicians).
  Until then such a technician may be ranked on their old skills or place (a returned
  score is always computed from fresh data), or be missed if the edit raised their score
  or opened their working time.
Status is not cached: an inactive technician stays in the grid and is dropped when read.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from salon_app.core.clock import local_today, utcnow
from salon_app.core.models import (
    Order,
    OrderEvent,
    Review,
    ServiceArea,
    Shift,
    Technician,
    TechnicianService,
    WorkingHours,
)
from salon_app.core.services.dispatch.grid import Grid, TechInfo, load_techs
from salon_app.core.services.dispatch.loads import LoadBook, catch_up
from salon_app.core.services.dispatch.loads import build as build_loads

REBUILD_SECONDS = 300.0  # the staleness bound for edits in place (see the docstring)
DATABASES = 4  # indexes kept per process (one per database URL; tests use many)
REFRESH_MAX = 5000  # more technicians touched than this: rebuild rather than refresh


class DispatchIndex:
    """Every technician's places, offers, rating and skills, and grids built on demand."""

    def __init__(self, techs: dict[int, TechInfo], loads: LoadBook, probe: tuple) -> None:
        self.techs = techs
        self.loads = loads
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
            with self.lock:  # not while a catch-up changes `techs`
                found = self.grids.get(key)
                if found is None:
                    found = Grid(service_id, at_home, part, self.techs)
                    found.place(self.techs.values())
                    self.grids[key] = found
        return found

    def update(self, fresh: dict[int, TechInfo]) -> None:
        """Replace what is known of these technicians, in every grid built so far."""
        old = [self.techs[t] for t in fresh if t in self.techs]
        self.techs.update(fresh)
        for grid in list(self.grids.values()):
            grid.remove(old)
            grid.place(fresh.values())


def _newest(model: Any, *columns: Any) -> list[Any]:
    """Scalar subqueries: these columns of the model's row with the highest id."""
    return [select(c).order_by(col(model.id).desc()).limit(1).scalar_subquery() for c in columns]


# The tables the probe watches: the newest row's columns (its id first), and the column
# naming the technician whose entry a newer row changes (None: orders, see dispatch_loads).
_WATCHED: tuple[tuple[Any, tuple[Any, ...], Any], ...] = (
    (Technician, (Technician.id, Technician.created_at), Technician.id),
    (
        ServiceArea,
        (
            ServiceArea.id,
            ServiceArea.technician_id,
            ServiceArea.center_lat,
            ServiceArea.center_lng,
            ServiceArea.radius_km,
        ),
        ServiceArea.technician_id,
    ),
    (
        TechnicianService,
        (TechnicianService.id, TechnicianService.technician_id, TechnicianService.service_id),
        TechnicianService.technician_id,
    ),
    (Review, (Review.id, Review.technician_id), Review.technician_id),
    (
        WorkingHours,
        (
            WorkingHours.id,
            WorkingHours.technician_id,
            WorkingHours.weekday,
            WorkingHours.start_minute,
            WorkingHours.end_minute,
        ),
        WorkingHours.technician_id,
    ),
    (
        Shift,
        (Shift.id, Shift.technician_id, Shift.day, Shift.start_minute, Shift.end_minute),
        Shift.technician_id,
    ),
    (Order, (Order.id,), None),
    (OrderEvent, (OrderEvent.id,), None),
)
_PROBE = select(*(q for model, columns, _ in _WATCHED for q in _newest(model, *columns)))


def probe(session: Session) -> tuple[tuple, ...]:
    """The newest row of every watched table, one statement of primary-key lookups."""
    row = tuple(session.connection().execute(_PROBE).one())
    out, at = [], 0
    for _, columns, _ in _WATCHED:
        out.append(row[at : at + len(columns)])
        at += len(columns)
    return tuple(out)


def _touched(session: Session, old: tuple, new: tuple) -> set[int] | None:
    """Technicians with rows newer than the old probe; None when only a rebuild will do."""
    ids: set[int] = set()
    for (model, _, tech_column), before, after in zip(_WATCHED, old, new, strict=True):
        if before == after:
            continue
        seen = before[0] or 0
        if after[0] is None or after[0] <= seen:
            return None  # rows deleted, or the newest row replaced under the same id
        if tech_column is not None:
            query = select(tech_column).where(col(model.id) > seen)
            ids.update(tech_id for (tech_id,) in session.connection().execute(query))
    return ids if len(ids) <= REFRESH_MAX else None


_INDEXES: OrderedDict[str, DispatchIndex] = OrderedDict()
_REBUILDING: set[str] = set()
_LOCK = threading.Lock()
log = logging.getLogger(__name__)


def _today() -> date:
    return local_today()


def _caught_up(session: Session, index: DispatchIndex, now: tuple) -> bool:
    """Bring the index from its probe to `now`; False when only a rebuild will do."""
    with index.lock:
        if index.probe == now:
            return True
        touched = _touched(session, index.probe, now)
        if touched is None:
            return False
        if touched:
            index.update(load_techs(session, _today(), sorted(touched)))
        orders, events = (index.probe[i][0] or 0 for i in (-2, -1))
        catch_up(session, index.loads, orders, events)
        index.probe = now
        return True


def _build(session: Session, like: DispatchIndex | None = None) -> DispatchIndex:
    """A new index from the database, with the grids `like` had built (so that swapping it
    in costs the next searches nothing)."""
    seen = probe(session)  # before the reads: what changes meanwhile is caught up again
    index = DispatchIndex(load_techs(session, _today()), build_loads(session, utcnow()), seen)
    for (service_id, name, at_home), grid in list(like.grids.items()) if like else ():
        index.grid(service_id, name, at_home, grid.part)
    return index


def _keep(key: str, index: DispatchIndex) -> None:
    with _LOCK:
        _INDEXES[key] = index
        _INDEXES.move_to_end(key)
        while len(_INDEXES) > DATABASES:
            _INDEXES.popitem(last=False)


def _rebuild_behind(engine: Engine, key: str, old: DispatchIndex) -> None:
    """Rebuild in a thread of its own while searches go on with the old index."""

    def rebuild() -> None:
        try:
            with Session(engine) as session:
                _keep(key, _build(session, old))
        except Exception:  # the old index stays, caught up by every probe; retried later
            log.exception("dispatch index rebuild failed")
            old.built_at = time.monotonic()
        finally:
            with _LOCK:
                _REBUILDING.discard(key)

    with _LOCK:
        if key in _REBUILDING:
            return
        _REBUILDING.add(key)
    threading.Thread(target=rebuild, name="dispatch-index", daemon=True).start()


def index_for(session: Session) -> DispatchIndex:
    """The index of the session's database, brought up to date (see the module docstring).
    Built on first use; rebuilt every REBUILD_SECONDS in the background."""
    key = str(session.get_bind().url)
    now = probe(session)
    with _LOCK:
        index = _INDEXES.get(key)
    if index is not None and _caught_up(session, index, now):
        if time.monotonic() - index.built_at > REBUILD_SECONDS:
            _rebuild_behind(session.get_bind(), key, index)
        return index
    index = _build(session, index)
    _keep(key, index)
    return index


def wait_for_rebuilds(timeout: float = 30.0) -> None:
    """Until no background rebuild runs (for tests)."""
    deadline = time.monotonic() + timeout
    while _REBUILDING and time.monotonic() < deadline:
        time.sleep(0.01)


def forget() -> None:
    """Drop every index (the next search rebuilds)."""
    with _LOCK:
        _INDEXES.clear()
