"""The shop's live map (实时地图): where its technicians are and what they do, and today's
orders, drawn offline from the demo city's outline shipped in the repo (salon_app/core/demo/
shenzhen_districts.geojson) or on tiles from settings.map_tile_url in production.

Owns what a shop may see of places on that map (privacy: coarse customer homes and
technician positions) and the city outline. A page calls map_view once per refresh, and map_version
(cheap) to know when to refresh.
"""

from salon_app.core.services.live_map.city import (
    DistrictShape,
    city_around,
    district_of,
    districts,
    tile_url,
)
from salon_app.core.services.live_map.privacy import GRID_DEGREES, coarse
from salon_app.core.services.live_map.version import map_version
from salon_app.core.services.live_map.view import (
    OrderMarker,
    ShopMap,
    TechnicianMarker,
    map_view,
)

__all__ = [
    "GRID_DEGREES",
    "DistrictShape",
    "OrderMarker",
    "ShopMap",
    "TechnicianMarker",
    "city_around",
    "coarse",
    "district_of",
    "districts",
    "map_version",
    "map_view",
    "tile_url",
]
