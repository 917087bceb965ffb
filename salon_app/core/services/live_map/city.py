"""The demo city's districts as the offline map draws them (shipped GeoJSON, no network).

Points are (lat, lng). A place's district is the one whose centre is nearest (longitude
scaled by cos(latitude)): the same rule that drew the outline, so a point and the polygon it
is drawn in always agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from salon_app.core.demo.district_outline import GEOJSON, SCALE
from salon_app.core.settings import get_settings

LatLng = tuple[float, float]


@dataclass(frozen=True)
class DistrictShape:
    name: str
    centre: LatLng
    ring: tuple[LatLng, ...]  # closed: the last point is the first


@lru_cache(maxsize=1)
def districts() -> tuple[DistrictShape, ...]:
    """The shipped outline, read once per process."""
    data = json.loads(GEOJSON.read_text())
    shapes = []
    for feature in data["features"]:
        lng, lat = feature["properties"]["centre"]
        ring = feature["geometry"]["coordinates"][0]
        shapes.append(
            DistrictShape(feature["properties"]["name"], (lat, lng), tuple((b, a) for a, b in ring))
        )
    return tuple(shapes)


def district_of(point: LatLng) -> str:
    """The name of the district a point is drawn in."""
    lat, lng = point

    def distance(shape: DistrictShape) -> float:
        return ((shape.centre[1] - lng) * SCALE) ** 2 + (shape.centre[0] - lat) ** 2

    return min(districts(), key=distance).name


def bounds(points: list[LatLng]) -> tuple[float, float, float, float]:
    """(south, west, north, east) holding every district and every point given."""
    every = [p for shape in districts() for p in shape.ring] + points
    lats, lngs = [p[0] for p in every], [p[1] for p in every]
    return min(lats), min(lngs), max(lats), max(lngs)


def city_around(
    point: LatLng,
) -> tuple[tuple[DistrictShape, ...], tuple[float, float, float, float]]:
    """The city's districts and the bounds holding them and `point` (a shop's location map)."""
    return districts(), bounds([point])


def tile_url() -> str:
    """The tile server's URL template ({z}/{x}/{y}); "" draws the shipped outline alone."""
    return get_settings().map_tile_url
