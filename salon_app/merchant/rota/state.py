"""The rota page (排班): the shop's two-week grid, its patterns, single days and time off, the
conflict dialog, and the demand heat map.

Every edit is previewed first (rota.preview_change): without conflicts it is applied at once;
with conflicts the dialog lists the booked orders and the manager decides per order (keep,
re-dispatch, cancel with a full refund) before rota.apply_change. The change waiting for those
decisions is kept server-side (`_pending`); the browser sends only the decisions. Which shop,
and whether the technicians and patterns are its own, is decided by the services from the
session on every call.
"""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from salon_app.auth.session_state import SessionState, error_toast, in_worker_thread
from salon_app.components.browser_input import row_id
from salon_app.components.format import day_label, local_today, weekday_name
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import rota
from salon_app.i18n import t
from salon_app.merchant.rota import views
from salon_app.merchant.rota.pattern_form import PatternForm

GRID_DAYS = 14
TABS = ("grid", "patterns", "demand")


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class RotaState(PatternForm, SessionState):
    tab: str = "grid"
    week_start: str = ""  # ISO Monday of the grid's first week
    day_heads: list[dict[str, str]] = []
    grid: list[views.RowView] = []
    technicians: list[dict[str, str]] = []
    patterns: list[dict[str, str]] = []
    # One day set by hand (a dialog opened from a grid cell).
    day_open: bool = False
    day_tech: str = ""
    day_tech_name: str = ""
    day_date: str = ""
    day_shifts: str = ""
    day_off: bool = False
    day_by_hand: bool = False
    day_time_off: str = ""  # id of the time off covering the day ("" = none)
    # Time off.
    off_tech: str = ""
    off_first: str = ""
    off_last: str = ""
    off_reason: str = ""
    # Booked orders the edit waiting in `_pending` would leave uncovered.
    conflicts: list[dict[str, str]] = []
    conflicts_open: bool = False
    # The demand heat map.
    demand_hours: list[str] = []
    demand_rows: list[views.DemandRowView] = []
    suggestions: list[dict[str, str]] = []
    demand_week: str = ""
    _pending: object = None

    # --- loading -------------------------------------------------------------------------
    @rx.event
    def load(self) -> list | None:
        today = local_today()
        self.week_start = _monday(today).isoformat()
        if not self.form_starts:
            self._clear_pattern_form()
        self.conflicts, self.conflicts_open, self.day_open = [], False, False
        self._pending = None
        return self._reload()

    def _reload(self) -> list | None:
        first = views.parse_day(self.week_start, "rota.field.week")
        data, events = self._guarded(
            lambda s, a: (rota.rota_days(s, a, first, GRID_DAYS), rota.list_patterns(s, a))
        )
        if data is None:
            return events
        rows, patterns = data
        self.grid = views.grid_rows(rows)
        self.technicians = [{"id": str(r.technician_id), "name": r.technician_name} for r in rows]
        self.patterns = [views.pattern_row(p) for p in patterns]
        days = [first + timedelta(days=i) for i in range(GRID_DAYS)]
        self.day_heads = [
            {
                "iso": d.isoformat(),
                "label": f"{d:%m-%d}",
                "weekday": weekday_name(d.weekday()),
                "weekend": "1" if d.weekday() >= 5 else "",
            }
            for d in days
        ]
        if self.tab == "demand":
            return self._load_demand()
        return None

    def _load_demand(self) -> list | None:
        grid, events = self._guarded(rota.demand_view)
        if grid is not None:
            self.demand_hours = [f"{h:02d}" for h in grid.hours]
            self.demand_rows = views.demand_rows(grid)
            self.suggestions = [views.suggestion_row(s) for s in grid.suggestions]
            self.demand_week = t(
                "rota.demand.week",
                first=day_label(grid.first_day),
                last=day_label(grid.first_day + timedelta(days=6)),
            )
        return events

    @rx.event
    def choose_tab(self, tab: str) -> list | None:
        if tab not in TABS:
            return None
        self.tab = tab
        return self._load_demand() if tab == "demand" else self._reload()

    @rx.event
    def move_weeks(self, weeks: int) -> list | None:
        step = weeks if isinstance(weeks, int) and abs(weeks) <= 52 else 0
        start = views.parse_day(self.week_start, "rota.field.week")
        self.week_start = (start + timedelta(weeks=step)).isoformat()
        return self._reload()

    @rx.event
    def this_week(self) -> list | None:
        self.week_start = _monday(local_today()).isoformat()
        return self._reload()

    @rx.event
    def pick_week(self, value: str) -> list | None:
        try:
            self.week_start = _monday(views.parse_day(value, "rota.field.week")).isoformat()
        except DomainError as err:
            return [error_toast(err)]
        return self._reload()

    # --- one day, time off -----------------------------------------------------------------
    @rx.event
    def open_day(self, tech_id: str, day: str) -> None:
        for row in self.grid:
            if row.technician_id != tech_id:
                continue
            for cell in row.cells:
                if cell.day == day:
                    self.day_tech, self.day_tech_name, self.day_date = tech_id, row.name, day
                    working = cell.kind not in ("off", "time_off")
                    self.day_shifts = (
                        cell.text.replace("–", "-").replace("\n", ", ") if working else ""
                    )
                    self.day_off = not working
                    self.day_by_hand = cell.kind in ("override", "keep")
                    self.day_time_off = cell.time_off_id
                    self.day_open = True
                    return

    @rx.event
    def close_day(self) -> None:
        self.day_open = False

    @rx.event
    def day_dialog_change(self, is_open: bool) -> None:
        if not is_open:
            self.day_open = False

    @rx.event
    def set_day_shifts(self, value: str) -> None:
        self.day_shifts = str(value)[: views.MAX_SHIFT_TEXT + 1]

    @rx.event
    def set_day_off(self, value: bool) -> None:
        self.day_off = bool(value)

    @rx.event
    @in_worker_thread
    def save_day(self) -> list | None:
        try:
            day = views.parse_day(self.day_date, "rota.field.day")
            shifts = () if self.day_off else views.shift_times(self.day_shifts)
            if not self.day_off and not shifts:
                raise DomainError("rota.shifts_missing")
        except DomainError as err:
            return [error_toast(err)]
        return self._propose(rota.SetDay(row_id(self.day_tech), day, shifts))

    @rx.event
    @in_worker_thread
    def clear_day(self) -> list | None:
        try:
            day = views.parse_day(self.day_date, "rota.field.day")
        except DomainError as err:
            return [error_toast(err)]
        return self._propose(rota.ClearDay(row_id(self.day_tech), day))

    @rx.event
    @in_worker_thread
    def remove_time_off(self) -> list | None:
        """Cancel the time off covering the open day (the technician works again as rostered);
        the service checks it belongs to this shop."""
        return self._propose(rota.RemoveTimeOff(row_id(self.day_time_off)))

    @rx.event
    def set_off_field(self, field: str, value: str) -> None:
        if field in ("off_tech", "off_first", "off_last"):
            setattr(self, field, str(value)[:12])
        elif field == "off_reason":
            self.off_reason = str(value)[:400]

    @rx.event
    @in_worker_thread
    def add_time_off(self) -> list | None:
        try:
            if not self.off_tech:
                raise DomainError("rota.pick_technician")
            first = views.parse_day(self.off_first, "rota.field.first_day")
            last = views.parse_day(self.off_last or self.off_first, "rota.field.last_day")
        except DomainError as err:
            return [error_toast(err)]
        return self._propose(rota.AddTimeOff(row_id(self.off_tech), first, last, self.off_reason))

    # --- preview, conflicts, apply ---------------------------------------------------------
    def _names(self) -> dict[int, str]:
        return {int(x["id"]): x["name"] for x in self.technicians}

    def _propose(self, change: rota.RotaChange) -> list | None:
        """Preview `change`: applied at once without conflicts, else the dialog asks."""
        try:
            with session_scope() as session:
                actor = self._actor(session)
                preview = rota.preview_change(session, actor, change)
        except DomainError as err:
            return [error_toast(err)]
        if not preview.conflicts:
            return self._apply(change, {}, {})
        self._pending = change
        self.conflicts = [views.conflict_row(c, self._names()) for c in preview.conflicts]
        self.conflicts_open, self.day_open = True, False  # the conflict dialog takes over
        return None

    def _apply(
        self, change: rota.RotaChange, decisions: dict[int, str], targets: dict[int, int]
    ) -> list | None:
        try:
            with session_scope() as session:
                actor = self._actor(session)
                result = rota.apply_change(session, actor, change, decisions, targets)
        except DomainError as err:
            if err.key in ("rota.undecided", "rota.changed_meanwhile") and self.conflicts_open:
                refreshed = self._propose(change)  # list what is there now
                return [error_toast(err), *(refreshed or [])]
            return [error_toast(err)]
        self._pending, self.conflicts, self.conflicts_open = None, [], False
        self.day_open = False
        if isinstance(change, rota.SavePattern | rota.ApplyPattern):
            self.pattern_id, self.pattern_technician = "", ""
        if isinstance(change, rota.AddTimeOff):
            self.off_first, self.off_last, self.off_reason = "", "", ""
        done = views.outcome_text(result, self._names())
        return [*(self._reload() or []), rx.toast.success(done, id="rota-toast")]

    @rx.event
    def decide(self, order_id: str, decision: str) -> None:
        if decision in rota.CHOICES:
            self.conflicts = [
                {**c, "decision": decision} if c["id"] == order_id else c for c in self.conflicts
            ]

    @rx.event
    def choose_target(self, order_id: str, tech_id: str) -> None:
        self.conflicts = [
            {**c, "target": str(tech_id)[:12]} if c["id"] == order_id else c for c in self.conflicts
        ]

    @rx.event
    @in_worker_thread
    def confirm(self) -> list | None:
        if self._pending is None:
            self.conflicts_open = False
            return None
        if any(not c["decision"] for c in self.conflicts):
            return [error_toast(DomainError("rota.decision_invalid"))]
        decisions = {int(c["id"]): c["decision"] for c in self.conflicts}
        targets = {
            int(c["id"]): row_id(c["target"])
            for c in self.conflicts
            if c["decision"] == "redispatch" and c["target"]
        }
        return self._apply(self._pending, decisions, targets)

    @rx.event
    def drop_change(self) -> None:
        """The manager closed the dialog: nothing is changed."""
        self._drop_change()

    def _drop_change(self) -> None:
        self._pending, self.conflicts, self.conflicts_open = None, [], False

    @rx.event
    def conflict_dialog_change(self, is_open: bool) -> None:
        if not is_open:
            self._drop_change()
