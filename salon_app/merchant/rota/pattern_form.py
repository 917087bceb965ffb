"""The rota page's pattern form: a new pattern for one or more technicians (ApplyPattern), or
one pattern edited (SavePattern with its id). Mixed into RotaState, whose _propose previews and
applies the change like every other rota edit."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from salon_app.auth.session_state import error_toast
from salon_app.components.browser_input import row_id, small_number
from salon_app.components.format import local_today
from salon_app.core.errors import DomainError
from salon_app.core.services import rota
from salon_app.merchant.rota import views

WEEKS = range(1, 5)
SLOT_KEYS = [f"{w}-{d}" for w in WEEKS for d in range(7)]
NO_SLOTS = dict.fromkeys(SLOT_KEYS, "")


class PatternForm(rx.State, mixin=True):
    # The pattern form: a new pattern for one or more technicians, or (pattern_id) one edited.
    pattern_id: str = ""
    pattern_technician: str = ""  # the edited pattern's technician, by name
    form_techs: list[str] = []
    form_cycle: str = "1"
    form_starts: str = ""
    form_ends: str = ""
    form_slots: dict[str, str] = NO_SLOTS

    @rx.var
    def cycle_weeks(self) -> int:
        return min(small_number(self.form_cycle) or 0, WEEKS[-1])

    @rx.event
    def set_cycle(self, value: str) -> None:
        self.form_cycle = str(value)[:3]

    @rx.event
    def set_starts(self, value: str) -> None:
        self.form_starts = str(value)[:10]

    @rx.event
    def set_ends(self, value: str) -> None:
        self.form_ends = str(value)[:10]

    @rx.event
    def set_slot(self, key: str, value: str) -> None:
        if key in SLOT_KEYS:
            self.form_slots = {**self.form_slots, key: str(value)[: views.MAX_SHIFT_TEXT + 1]}

    @rx.event
    def toggle_tech(self, tech_id: str) -> None:
        if tech_id in self.form_techs:
            self.form_techs = [x for x in self.form_techs if x != tech_id]
        elif any(x["id"] == tech_id for x in self.technicians):
            self.form_techs = [*self.form_techs, tech_id]

    @rx.event
    def fill_week(self, week: int) -> None:
        """Tuesday to Friday of one week of the cycle get Monday's shifts (a quick start)."""
        if isinstance(week, int) and week in WEEKS:
            slots = dict(self.form_slots)
            for weekday in range(1, 5):
                slots[f"{week}-{weekday}"] = slots[f"{week}-0"]
            self.form_slots = slots

    @rx.event
    def new_pattern(self) -> None:
        self._clear_pattern_form()

    def _clear_pattern_form(self) -> None:
        self.pattern_id, self.pattern_technician, self.form_techs = "", "", []
        self.form_cycle, self.form_ends, self.form_slots = "1", "", dict(NO_SLOTS)
        self.form_starts = (local_today() + timedelta(days=1)).isoformat()

    @rx.event
    def edit_pattern(self, pattern_id: str) -> list | None:
        wanted = row_id(pattern_id)
        found, events = self._guarded(
            lambda s, a: next((p for p in rota.list_patterns(s, a) if p.id == wanted), None)
        )
        if found is None:
            return events or [error_toast(DomainError("rota.pattern_not_found"))]
        self.pattern_id, self.pattern_technician = str(found.id), found.technician_name
        self.form_techs = [str(found.technician_id)]
        self.form_cycle = str(found.cycle_weeks)
        self.form_starts = found.starts_on.isoformat()
        self.form_ends = found.ends_on.isoformat() if found.ends_on else ""
        slots = dict(NO_SLOTS)
        for shift in found.shifts:
            key = f"{shift.week}-{shift.weekday}"
            slots[key] = ", ".join(x for x in (slots[key], f"{shift.start}-{shift.end}") if x)
        self.form_slots = slots
        self.tab = "patterns"
        return None

    def _pattern_change(self) -> rota.RotaChange:
        cycle = small_number(self.form_cycle)
        cycle = 0 if cycle is None else cycle
        starts = views.parse_day(self.form_starts, "rota.field.starts")
        ends = views.parse_day(self.form_ends, "rota.field.ends") if self.form_ends else None
        shifts = tuple(
            rota.PatternShift(week, weekday, s.start, s.end)
            for week in WEEKS
            if week <= cycle
            for weekday in range(7)
            for s in views.shift_times(self.form_slots.get(f"{week}-{weekday}", ""))
        )
        techs = tuple(row_id(x) for x in self.form_techs)
        if not techs:
            raise DomainError("rota.pick_technician")
        if self.pattern_id:
            return rota.SavePattern(techs[0], cycle, starts, ends, shifts, row_id(self.pattern_id))
        return rota.ApplyPattern(techs, cycle, starts, ends, shifts)

    @rx.event
    def save_pattern(self) -> list | None:
        try:
            change = self._pattern_change()
        except DomainError as err:
            return [error_toast(err)]
        return self._propose(change)

    @rx.event
    def end_pattern(self, pattern_id: str) -> list | None:
        return self._propose(rota.EndPattern(row_id(pattern_id)))
