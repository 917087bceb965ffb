"""Geocoding: turn an address a customer typed into coordinates.

The default is an offline geocoder over the demo city's districts and streets, so booking works
with no network; SALON_GEOCODER=nominatim uses OpenStreetMap's Nominatim through geopy.
"""

from __future__ import annotations

from functools import lru_cache

from salon_app.core.event_loop import refuse_on_event_loop
from salon_app.core.integrations.geocoding.base import Geocoder, GeoPoint
from salon_app.core.settings import get_settings

__all__ = ["GeoPoint", "Geocoder", "get_geocoder"]


def get_geocoder() -> Geocoder:
    """The configured geocoder, asked for only to geocode at once (network I/O with geopy):
    refused on the event loop (core/event_loop.py), whichever geocoder is configured."""
    refuse_on_event_loop("geocoder")
    return _configured()


@lru_cache(maxsize=1)
def _configured() -> Geocoder:
    if get_settings().geocoder == "nominatim":
        from salon_app.core.integrations.geocoding.nominatim import NominatimGeocoder

        return NominatimGeocoder()
    from salon_app.core.integrations.geocoding.offline import OfflineGeocoder

    return OfflineGeocoder()
