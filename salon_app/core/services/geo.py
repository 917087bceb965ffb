"""Distances for availability and search: the geodesic, fast, and cheap bounds around it.

`distance_km` is the WGS-84 geodesic. geopy computes it in ~40 µs a pair, too slow for a
search that measures hundreds of technicians, so below SHORT_KM it uses the plane tangent to
the ellipsoid at the pair's mid-latitude (meridian and prime-vertical radii of curvature),
which agrees with geopy to within 0.1 m there (checked in the tests); further apart, geopy.
`rough_km` (great circle) and the bounding box only ever err on the generous side; they spare
the exact figure when the answer is already certain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from geopy.distance import geodesic
from sqlalchemy import ColumnElement, and_

Place = tuple[float, float]

WGS84_A_KM = 6378.137
WGS84_F = 1 / 298.257223563
WGS84_E2 = WGS84_F * (2 - WGS84_F)
SHORT_KM = 30.0  # the tangent plane is within 0.1 m of the geodesic up to here (|lat| < 80)
EARTH_MEAN_RADIUS_KM = 6371.0088
# A great circle on the mean sphere is within 0.6 % of the geodesic on WGS-84 (checked in the
# tests on random pairs); 1 % leaves room.
ROUGH_ERROR = 0.01
# Kilometres per degree, rounded down so boxes come out a little too big, never too small.
KM_PER_DEGREE_LAT = 110.5  # 110.57 at the equator, more towards the poles
KM_PER_DEGREE_LNG_EQUATOR = 111.2  # times cos(latitude)

_GEODESIC = geodesic()  # reused: .measure() skips building a Distance per pair


def geodesic_km(a: Place, b: Place) -> float:
    """The WGS-84 geodesic as geopy computes it (Karney's algorithm), in km."""
    return _GEODESIC.measure(a, b)


def _tangent_plane_km(a: Place, b: Place) -> float:
    phi = math.radians((a[0] + b[0]) / 2)
    w = 1 - WGS84_E2 * math.sin(phi) ** 2
    prime_vertical = WGS84_A_KM / math.sqrt(w)
    meridian = WGS84_A_KM * (1 - WGS84_E2) / (w * math.sqrt(w))
    dlng = (b[1] - a[1] + 540) % 360 - 180
    dx = prime_vertical * math.cos(phi) * math.radians(dlng)
    dy = meridian * math.radians(b[0] - a[0])
    return math.hypot(dx, dy)


def distance_km(a: Place, b: Place) -> float:
    """The WGS-84 geodesic distance in km (to 0.1 m when short, exactly geopy's when long)."""
    if abs(a[0]) < 80 and abs(b[0]) < 80:
        km = _tangent_plane_km(a, b)
        if km < SHORT_KM:
            return km
    return geodesic_km(a, b)


def within(a: Place, b: Place, radius_km: float) -> float | None:
    """The distance when b is within radius_km of a, else None; geopy decides close calls."""
    km = distance_km(a, b)
    if abs(km - radius_km) < 0.001:
        km = geodesic_km(a, b)
    return km if km <= radius_km else None


def rough_km(a: Place, b: Place) -> float:
    """Great-circle distance on a sphere: within ROUGH_ERROR of distance_km, 40x cheaper."""
    lat1, lng1, lat2, lng2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_MEAN_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _degrees_lng(km: float, lat: float, dlat: float) -> float:
    widest = min(89.0, abs(lat) + dlat)  # the box's edge nearest a pole is its narrowest
    return min(180.0, km / (KM_PER_DEGREE_LNG_EQUATOR * math.cos(math.radians(widest))))


@dataclass(frozen=True)
class BoundingBox:
    """Latitude/longitude limits that contain every point within a radius of a centre."""

    lat_min: float
    lat_max: float
    lng_min: float
    lng_max: float

    @classmethod
    def around(cls, centre: Place, radius_km: float) -> BoundingBox:
        lat, lng = centre
        dlat = radius_km / KM_PER_DEGREE_LAT
        dlng = _degrees_lng(radius_km, lat, dlat)
        return cls(lat - dlat, lat + dlat, lng - dlng, lng + dlng)

    def widened(self, degrees: float) -> BoundingBox:
        """The box grown by `degrees` on every side (to search coarse, rounded places)."""
        return BoundingBox(
            self.lat_min - degrees,
            self.lat_max + degrees,
            self.lng_min - degrees,
            self.lng_max + degrees,
        )

    def holds(
        self, model: Any, lat: str = "center_lat", lng: str = "center_lng"
    ) -> ColumnElement[bool]:
        """SQL: the model's lat/lng columns lie in the box (lat first, for its index)."""
        lat_col, lng_col = getattr(model, lat), getattr(model, lng)
        return and_(
            lat_col.between(self.lat_min, self.lat_max),
            lng_col.between(self.lng_min, self.lng_max),
        )
