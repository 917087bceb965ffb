"""The shop's live map as SVG coordinates: districts, technicians, today's orders and the shop,
projected onto a box of WIDTH units fitted to the bounds the map service returns.

The projection is equirectangular with longitude scaled by cos(latitude): a city is small
enough for it to keep shapes. Several markers on one coarse grid cell are fanned out around it
so each stays visible.
"""

from __future__ import annotations

import math
from collections import Counter

from salon_app.components.city_map import Projection, district_rows, tile_rows
from salon_app.components.format import local_time
from salon_app.core.services import live_map
from salon_app.i18n import t

FAN = 14.0  # units between markers sharing one place
STATUS_COLOURS = {
    "working": "var(--green-9)",
    "booked": "var(--blue-9)",
    "idle": "var(--amber-9)",
    "off": "var(--gray-8)",
}
STALE_COLOUR = "var(--gray-7)"
STATUSES = ("idle", "working", "booked", "off")


def _fanned(points: list[tuple[float, float] | None]) -> list[tuple[float, float] | None]:
    """Markers on the same spot spread on a small circle around it, in list order."""
    seen: Counter = Counter(p for p in points if p)
    placed: Counter = Counter()
    out = []
    for p in points:
        if p is None or seen[p] == 1:
            out.append(p)
            continue
        angle = 2 * math.pi * placed[p] / seen[p]
        placed[p] += 1
        radius = FAN * max(1.0, seen[p] / 6)
        out.append(
            (round(p[0] + radius * math.cos(angle), 1), round(p[1] + radius * math.sin(angle), 1))
        )
    return out


def technicians(projection: Projection, markers: list) -> list[dict[str, str]]:
    spots = _fanned([projection.xy(m.position) if m.position else None for m in markers])
    rows = []
    for m, spot in zip(markers, spots, strict=True):
        rows.append(
            {
                "id": str(m.technician_id),
                "name": m.name,
                "status": m.status,
                "status_label": t(m.status_key),
                "colour": STATUS_COLOURS.get(m.status, STALE_COLOUR),
                "fill": STALE_COLOUR if m.stale else STATUS_COLOURS.get(m.status, STALE_COLOUR),
                "on_map": "1" if spot else "",
                "x": str(spot[0]) if spot else "0",
                "y": str(spot[1]) if spot else "0",
                "stale": "1" if m.stale else "",
                "seen": local_time(m.position_at) if m.position_at else "—",
                "district": m.district or "—",
                "title": f"{m.name} · {t(m.status_key)}"
                + (f" · {t('live.stale')}" if m.stale else ""),
            }
        )
    return rows


def orders(projection: Projection, markers: list) -> list[dict[str, str]]:
    spots = _fanned([projection.xy(o.position) if o.position else None for o in markers])
    return [
        {
            "code": o.code,
            "x": str(spot[0] - 5),
            "y": str(spot[1] - 5),
            "title": f"{o.code} · {o.start} · {o.technician_name or '—'} · "
            + (o.district or t("common.at_home") if o.at_home else t("common.in_shop")),
        }
        for o, spot in zip(markers, spots, strict=True)
        if spot
    ]


def status_counts(markers: list) -> list[dict[str, str]]:
    counts = Counter(m.status for m in markers)
    return [
        {
            "status": s,
            "label": t(f"tech.live.{s}"),
            "colour": STATUS_COLOURS[s],
            "count": str(counts.get(s, 0)),
        }
        for s in STATUSES
    ]


def drawn(shop_map: live_map.ShopMap) -> dict:
    """Everything the page draws, from one map_view answer."""
    projection = Projection(shop_map.bounds)
    shop_x, shop_y = projection.xy(shop_map.shop_position)
    return {
        "view_box": projection.view_box,
        "districts": district_rows(projection, shop_map.districts),
        "tiles": tile_rows(projection, shop_map.tile_url),
        "techs": technicians(projection, shop_map.technicians),
        "orders": orders(projection, shop_map.orders),
        "counts": status_counts(shop_map.technicians),
        "shop": {
            "name": shop_map.shop_name,
            "x": str(shop_x),
            "corner_x": str(shop_x - 11),
            "corner_y": str(shop_y - 11),
            "text_y": str(shop_y + 6),
        },
        "updated": local_time(shop_map.generated_at),
    }
