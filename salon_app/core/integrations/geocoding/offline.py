"""An offline geocoder for Shenzhen: matches a street, landmark or district named in the text."""

from __future__ import annotations

import re

from salon_app.core.demo.shenzhen import CITY, DISTRICTS, District, Street
from salon_app.core.integrations.geocoding.base import GeoPoint

_HOUSE_NUMBER = re.compile(r"\d+号$")


def _road(street: Street) -> str:
    """深南大道6008号 -> 深南大道: the road itself, for addresses with another house number."""
    return _HOUSE_NUMBER.sub("", street.name)


def _district_in(text: str) -> District | None:
    for district in DISTRICTS:
        short = district.name.removesuffix("区").removesuffix("新")
        if district.name in text or short in text:
            return district
    return None


class OfflineGeocoder:
    def geocode(self, address: str) -> GeoPoint | None:
        text = re.sub(r"\s+", "", address or "").removeprefix("广东省").removeprefix(CITY)
        if len(text) < 2:
            return None
        district = _district_in(text)
        candidates = [district] if district else DISTRICTS
        for matches in (
            lambda s: s.name in text,
            lambda s: bool(s.landmark) and s.landmark in text,
            lambda s: _road(s) in text,
        ):
            for d in candidates:
                for street in d.streets:
                    if matches(street):
                        return GeoPoint(street.lat, street.lng, d.name + street.name, "street")
        if district is not None:
            return GeoPoint(district.lat, district.lng, district.name, "district")
        return None
