"""How the profile page shows a technician's data, and reads the forms back into it."""

from __future__ import annotations

from datetime import date

import reflex as rx

from salon_app.components import browser_input
from salon_app.components.format import money, price_range, weekday_name
from salon_app.core.errors import DomainError
from salon_app.core.services.technicians import RADIUS_MAX_KM, RADIUS_MIN_KM
from salon_app.core.services.technicians import own_profile as tp
from salon_app.i18n import fen_to_yuan, t

DEFAULT_START, DEFAULT_END = "09:00", "18:00"
SKILL_SEPARATORS = str.maketrans(dict.fromkeys("，、;；\n", ","))


def skills_from_form(text: object) -> list[str]:
    """'剪发、烫发, 染发' -> ['剪发', '烫发', '染发'] (the service drops blanks and repeats)."""
    return str(text or "").translate(SKILL_SEPARATORS).split(",")


def hours_rows(hours: list[tp.HoursRange]) -> list[dict[str, str]]:
    rows = []
    for day in range(7):
        ranges = [h for h in hours if h.weekday == day] + [None, None]
        first, second = ranges[0], ranges[1]
        rows.append(
            {
                "weekday": str(day),
                "label": weekday_name(day),
                "rest": "" if first else "1",
                "start": first.start if first else DEFAULT_START,
                "end": first.end if first else DEFAULT_END,
                "start2": second.start if second else "",
                "end2": second.end if second else "",
            }
        )
    return rows


def certificate_row(c: tp.CertificateItem) -> dict[str, str]:
    status = "tech_profile.cert_verified" if c.verified else "tech_profile.cert_unverified"
    return {
        "id": str(c.id),
        "name": c.name,
        "issuer": c.issuer,
        "issued_on": c.issued_on.isoformat() if c.issued_on else "",
        "status": t(status),
        "has_scan": "1" if c.has_scan else "",
    }


def case_row(c: tp.CaseItem) -> dict[str, str]:
    return {
        "id": str(c.id),
        "title": c.title,
        "service": c.service_name,
        "before": c.before_url,
        "after": c.after_url,
    }


def price_row(o: tp.PriceItem) -> dict[str, str]:
    allowed = price_range(o.price_min_fen, o.price_max_fen)
    offered = o.price_fen is not None
    return {
        "service_id": str(o.service_id),
        "slug": o.slug,
        "name": o.name,
        "category": o.category,
        "range": t("tech_profile.price_allowed", range=allowed),
        "price": fen_to_yuan(o.price_fen) if offered else "",
        "shown": money(o.price_fen) if offered else t("tech_profile.price_off"),
    }


ID_MAX = 10**9 - 1  # ids and counts: nine digits, well inside PostgreSQL's integer


def whole_number(text: object) -> int:
    """An id or a count as the browser sent it (components/browser_input.whole)."""
    return browser_input.whole(text, minimum=0, maximum=ID_MAX, error="tech_profile.number_invalid")


def radius_km(text: object) -> float:
    """A service radius as typed ('5' or '7.5' km, one decimal at most) within the service's
    range, else tech_profile.radius_out_of_range (inf, NaN, 1e20 and -0 included)."""
    return browser_input.radius_km(
        text,
        minimum=RADIUS_MIN_KM,
        maximum=RADIUS_MAX_KM,
        error="tech_profile.radius_out_of_range",
    )


def optional_date(text: object) -> date | None:
    raw = str(text or "").strip()
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError as exc:
        raise DomainError("tech_profile.date_invalid") from exc


def hours_from_form(rows: list[dict[str, str]], form: dict) -> list[tp.HoursRange]:
    """The week as typed: up to two ranges per working day; rest days have none."""
    ranges: list[tp.HoursRange] = []
    for row in rows:
        if row["rest"]:
            continue
        day = int(row["weekday"])
        start, end, start2, end2 = (
            str(form.get(f"{field}_{day}") or "").strip()
            for field in ("start", "end", "start2", "end2")
        )
        if not start or not end:
            raise DomainError("tech_profile.hours_missing", weekday=day)
        ranges.append(tp.HoursRange(day, start, end))
        if start2 or end2:
            ranges.append(tp.HoursRange(day, start2, end2))
    return ranges


async def read_upload(files: list[rx.UploadFile]) -> bytes:
    """The first file, never more than one byte over the limit (the service refuses it)."""
    if not files:
        return b""
    return await files[0].read(tp.UPLOAD_MAX_BYTES + 1)
