"""OpenStreetMap Nominatim through geopy (needs network; opt in with SALON_GEOCODER=nominatim)."""

from __future__ import annotations

import logging

from geopy.exc import GeopyError
from geopy.geocoders import Nominatim

from salon_app.core.integrations.geocoding.base import GeoPoint

log = logging.getLogger(__name__)


class NominatimGeocoder:
    def __init__(self, user_agent: str = "salon-app", timeout: float = 5.0) -> None:
        self._client = Nominatim(user_agent=user_agent, timeout=timeout)

    def geocode(self, address: str) -> GeoPoint | None:
        try:
            found = self._client.geocode(address, country_codes="cn", language="zh")
        except GeopyError:
            log.warning("Nominatim could not be reached", exc_info=True)
            return None
        if found is None:
            return None
        return GeoPoint(found.latitude, found.longitude, found.address, "street")
