"""The geocoder interface."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class GeoPoint:
    lat: float
    lng: float
    label: str  # what was matched, e.g. 福田区深南大道6008号
    precision: str  # "street" or "district"


class Geocoder(Protocol):
    def geocode(self, address: str) -> GeoPoint | None:
        """Coordinates of `address`, or None when it cannot be found."""
        ...
