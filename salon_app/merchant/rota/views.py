"""What the rota page shows, made from the rota services' answers (no state, no queries), and
the one piece of browser input the page reads itself: shifts typed as "09:00-12:00, 14:00-18:00"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from salon_app.components.format import money, weekday_name
from salon_app.core.errors import DomainError
from salon_app.core.services import rota
from salon_app.i18n import t

_SHIFT = re.compile(r"^(\d{1,2}:\d{2})\s*[-–~至]\s*(\d{1,2}:\d{2})$")
_SEPARATORS = re.compile(r"[,，;；、\s]+(?=\d)")
MAX_SHIFT_TEXT = 100


@dataclass
class CellView:
    cell_id: str  # cell-<technician>-<ISO day>
    technician_id: str
    day: str  # ISO
    text: str  # one shift a line; "休" when not working
    kind: str  # pattern | override | keep | weekly | off | time_off
    badge: str
    time_off_id: str = ""  # the time off covering the day, which the day dialog can remove


@dataclass
class RowView:
    technician_id: str
    name: str
    cells: list[CellView]


@dataclass
class DemandCellView:
    hour: str
    text: str  # the load as a percentage, "—" with nobody on shift
    colour: str
    flag: str  # "" | under | over
    title: str


@dataclass
class DemandRowView:
    day: str  # 周一 12-08
    cells: list[DemandCellView]


def shift_times(text: str) -> tuple[rota.ShiftTime, ...]:
    """ "09:00-12:00, 14:00-18:00" -> two ShiftTimes; "" -> () (a day off). The times
    themselves (format, order, overlaps) are checked by the rota service."""
    text = (text or "").strip()
    if len(text) > MAX_SHIFT_TEXT:
        raise DomainError("rota.shift_text_invalid", text=text[:20] + "…")
    shifts = []
    for piece in _SEPARATORS.split(text) if text else []:
        match = _SHIFT.match(piece.strip())
        if match is None:
            raise DomainError("rota.shift_text_invalid", text=piece)
        shifts.append(rota.ShiftTime(match[1], match[2]))
    return tuple(shifts)


def shifts_text(shifts: list) -> str:
    """ShiftViews or PatternShifts -> "09:00-12:00, 14:00-18:00"."""
    return ", ".join(f"{s.start}-{s.end}" for s in shifts)


def parse_day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(str(text or "").strip())
    except ValueError:
        raise DomainError("rota.date_invalid", field=field) from None


def _cell(tech_id: int, day: rota.RotaDay) -> CellView:
    if day.time_off:
        kind, badge = "time_off", t("rota.cell.time_off")
    elif not day.shifts:
        kind, badge = "off", ""
    elif any(s.kind == "keep" for s in day.shifts):
        kind, badge = "keep", t("rota.cell.keep")
    elif day.set_by_hand:
        kind, badge = "override", t("rota.cell.override")
    else:
        kind, badge = day.shifts[0].kind, ""  # the colour says pattern or weekly hours
    lines = "\n".join(f"{s.start}–{s.end}" for s in day.shifts) or t("rota.cell.off")
    return CellView(
        f"cell-{tech_id}-{day.day.isoformat()}",
        str(tech_id),
        day.day.isoformat(),
        lines,
        kind,
        badge,
        str(day.time_off_id or ""),
    )


def grid_rows(rows: list[rota.RotaRow]) -> list[RowView]:
    return [
        RowView(
            str(r.technician_id), r.technician_name, [_cell(r.technician_id, d) for d in r.days]
        )
        for r in rows
    ]


def pattern_row(p: rota.PatternView) -> dict[str, str]:
    ends = p.ends_on.isoformat() if p.ends_on else t("rota.pattern.open_ended")
    days = {(s.week, s.weekday) for s in p.shifts}
    return {
        "id": str(p.id),
        "technician": p.technician_name,
        "cycle": t("rota.pattern.cycle", weeks=p.cycle_weeks),
        "period": f"{p.starts_on.isoformat()} – {ends}",
        "summary": t("rota.pattern.summary", days=len(days), shifts=len(p.shifts)),
    }


def conflict_row(c: rota.Conflict, technicians: dict[int, str]) -> dict[str, str]:
    return {
        "id": str(c.order_id),
        "code": c.code,
        "when": f"{c.day.isoformat()} {weekday_name(c.day.weekday())} {c.start}–{c.end}",
        "service": c.service_name,
        "customer": c.customer_name,
        "technician": technicians.get(c.technician_id, ""),
        "technician_id": str(c.technician_id),
        "refund": money(c.refund_fen),
        "decision": "",
        "target": "",
    }


def outcome_text(result: rota.RotaResult, technicians: dict[int, str]) -> str:
    parts = [t("rota.saved")]
    for o in result.outcomes:
        if o.decision == "keep":
            parts.append(t("rota.outcome.keep", code=o.code))
        elif o.decision == "redispatch":
            parts.append(
                t("rota.outcome.redispatch", code=o.code, name=technicians.get(o.technician_id, ""))
            )
        else:
            parts.append(t("rota.outcome.cancel", code=o.code, amount=money(o.refund_fen)))
    return "；".join(parts)


def _colour(cell: rota.DemandCell, rule: dict[str, float]) -> str:
    """Blue: mostly idle; green: under the target load; amber: busy; red: beyond what the
    shop can take (or work and nobody on shift); grey: nothing either way."""
    if cell.load is None:
        busy = cell.past_per_week > 0 or cell.booked_ahead > 0
        return "var(--red-8)" if busy else "var(--gray-3)"
    if cell.load < rule.get("over_load", 0.25):
        return "var(--blue-5)"
    if cell.load < rule.get("target_load", 0.6):
        return "var(--green-6)"
    if cell.load <= rule.get("under_load", 0.85):
        return "var(--amber-7)"
    return "var(--red-8)"


def _demand_cell(cell: rota.DemandCell, rule: dict[str, float]) -> DemandCellView:
    expected = max(cell.past_per_week, cell.booked_ahead)
    title = t(
        "rota.demand.cell",
        day=weekday_name(cell.weekday),
        hour=f"{cell.hour:02d}:00",
        expected=f"{expected:.1f}",
        on_shift=f"{cell.on_shift:.1f}",
    )
    if cell.flag:
        title += " · " + t(f"rota.flag.{cell.flag}")
    text = "—" if cell.load is None else f"{round(cell.load * 100)}%"
    return DemandCellView(f"{cell.hour:02d}", text, _colour(cell, rule), cell.flag, title)


def demand_rows(grid: rota.DemandGrid) -> list[DemandRowView]:
    return [
        DemandRowView(
            f"{weekday_name(row[0].weekday)} {row[0].day:%m-%d}" if row else "",
            [_demand_cell(c, grid.rule) for c in row],
        )
        for row in grid.rows
    ]


def suggestion_row(s: rota.Suggestion) -> dict[str, str]:
    params = dict(s.params)
    params["day"] = weekday_name(params.pop("weekday"))
    return {"text": t(s.key, **params), "flag": s.flag}
