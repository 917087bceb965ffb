"""What a shop's map may show of a place: a customer's home never, a technician's spot roughly.

A shop sees where its at-home orders are only to the nearest grid cell of GRID_DEGREES
(0.01 degrees, about 1.1 km north-south and 1 km east-west here) and by district: the point
shown is the cell's centre, so it says nothing of where in the cell the home is. The shop's
own address is public and shown exactly (in-shop orders). Technicians' positions are
snapped to the same grid: they are recorded at progress steps, and "arrived" and "started"
are taken at the customer's door.
"""

from __future__ import annotations

import math

from salon_app.core.services.live_map.city import LatLng

GRID_DEGREES = 0.01


def coarse(point: LatLng) -> LatLng:
    """The centre of the grid cell holding `point`."""

    def snap(value: float) -> float:
        cell = math.floor(round(value / GRID_DEGREES, 6))  # 22.54 / 0.01 is 2253.999...
        return round((cell + 0.5) * GRID_DEGREES, 4)

    return snap(point[0]), snap(point[1])
