"""Rota (排班): who of a shop works when, and whether the shop has enough hands.

Owns repeating patterns (ShiftPattern: every 1-4 weeks, several shifts a day, a start and an
optional end) and the Shift rows they generate (generation), days set by hand and time off
that win over a pattern (staging), the orders a change would leave outside working time and
the manager's decision on each (conflicts, decisions, editing), the demand view (demand) and
the job that keeps open-ended patterns generated ahead (upkeep).

Shifts are the technician's working time for their day (availability_engine), so customers'
free times follow a rota change as soon as it is committed; nothing is cached.

A page calls: list_patterns and rota_days to show the rota; preview_change, then
apply_change with a decision per conflict, for every edit; demand_view for the heat map.
"""

from salon_app.core.services.rota.conflicts import CHOICES, Conflict
from salon_app.core.services.rota.demand import DemandCell, DemandGrid, Suggestion, demand_view
from salon_app.core.services.rota.editing import (
    Outcome,
    RotaPreview,
    RotaResult,
    apply_change,
    preview_change,
)
from salon_app.core.services.rota.generation import generate_until, regenerate
from salon_app.core.services.rota.inputs import (
    AddTimeOff,
    ApplyPattern,
    ClearDay,
    EndPattern,
    PatternShift,
    RemoveTimeOff,
    RotaChange,
    SavePattern,
    SetDay,
    ShiftTime,
)
from salon_app.core.services.rota.upkeep import extend_rotas
from salon_app.core.services.rota.views import (
    PatternView,
    RotaDay,
    RotaRow,
    ShiftView,
    list_patterns,
    rota_days,
)

__all__ = [
    "CHOICES",
    "AddTimeOff",
    "ApplyPattern",
    "ClearDay",
    "Conflict",
    "DemandCell",
    "DemandGrid",
    "EndPattern",
    "Outcome",
    "PatternShift",
    "PatternView",
    "RemoveTimeOff",
    "RotaChange",
    "RotaDay",
    "RotaPreview",
    "RotaResult",
    "RotaRow",
    "SavePattern",
    "SetDay",
    "ShiftTime",
    "ShiftView",
    "Suggestion",
    "apply_change",
    "demand_view",
    "extend_rotas",
    "generate_until",
    "list_patterns",
    "preview_change",
    "regenerate",
    "rota_days",
]
