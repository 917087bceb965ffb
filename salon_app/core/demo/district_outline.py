"""The demo city's district outlines for the offline map, drawn from the district centres.

Each district is the part of the city box nearer to its centre (shenzhen.DISTRICTS, the
offline geocoder's data) than to any other centre: a Voronoi cell, distances measured with
longitude scaled by cos(latitude). Simple convex polygons, good enough to draw the city and
tell districts apart without a network; not the legal boundaries.

`python -m salon_app.core.demo.district_outline` writes shenzhen_districts.geojson next to
this file (committed; a test checks it matches).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from salon_app.core.demo.shenzhen import CITY, DISTRICTS

GEOJSON = Path(__file__).with_name("shenzhen_districts.geojson")
BOX = (22.44, 113.75, 22.86, 114.62)  # south, west, north, east: the city and its coast
SCALE = math.cos(math.radians((BOX[0] + BOX[2]) / 2))  # lng degrees to lat-degree lengths
DECIMALS = 4  # ~10 m

XY = tuple[float, float]


def _xy(lat: float, lng: float) -> XY:
    return lng * SCALE, lat


def _clip(polygon: list[XY], a: XY, b: XY) -> list[XY]:
    """The part of `polygon` nearer to a than to b (Sutherland-Hodgman, one half-plane)."""
    nx, ny = b[0] - a[0], b[1] - a[1]
    limit = (b[0] ** 2 + b[1] ** 2 - a[0] ** 2 - a[1] ** 2) / 2

    def inside(p: XY) -> float:
        return limit - (nx * p[0] + ny * p[1])  # >= 0 on a's side

    out: list[XY] = []
    for i, p in enumerate(polygon):
        q = polygon[(i + 1) % len(polygon)]
        fp, fq = inside(p), inside(q)
        if fp >= 0:
            out.append(p)
        if (fp >= 0) != (fq >= 0):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def build_outline() -> dict:
    """The outline as a GeoJSON FeatureCollection ([lng, lat] positions, rings closed)."""
    south, west, north, east = BOX
    box = [_xy(south, west), _xy(south, east), _xy(north, east), _xy(north, west)]
    centres = [_xy(d.lat, d.lng) for d in DISTRICTS]
    features = []
    for district, centre in zip(DISTRICTS, centres, strict=True):
        cell = box
        for other in centres:
            if other != centre:
                cell = _clip(cell, centre, other)
        ring = [[round(x / SCALE, DECIMALS), round(y, DECIMALS)] for x, y in cell]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": district.name, "centre": [district.lng, district.lat]},
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            }
        )
    return {
        "type": "FeatureCollection",
        "name": CITY,
        "bbox": [west, south, east, north],
        "features": features,
    }


def render() -> str:
    return json.dumps(build_outline(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    GEOJSON.write_text(render())
    print(f"wrote {GEOJSON}")
