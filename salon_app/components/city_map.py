"""The city map: the districts shipped in the repo drawn as SVG (works with no network), over
map tiles when a tile server is configured (settings.map_tile_url, {z}/{x}/{y}), with a page's
own markers on top (the shop's live map, a shop's location on its public page).

Coordinates: `Projection` fits (south, west, north, east) bounds into a box WIDTH units wide,
equirectangular with longitude scaled by cos(latitude) (a city is small enough to keep shapes).
"""

from __future__ import annotations

import math

import reflex as rx

WIDTH = 1000.0
PAD = 0.04  # of each side, so markers on the edge stay whole
TILES_ACROSS = 6  # about this many tiles span the map's width (picks the zoom level)
MAX_ZOOM = 18
svg = rx.el.svg


class Projection:
    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        south, west, north, east = bounds
        lat_pad, lng_pad = (north - south) * PAD or 0.01, (east - west) * PAD or 0.01
        self.south, self.north = south - lat_pad, north + lat_pad
        self.west, self.east = west - lng_pad, east + lng_pad
        self.squash = math.cos(math.radians((self.south + self.north) / 2))
        self.scale = WIDTH / ((self.east - self.west) * self.squash)
        self.height = (self.north - self.south) * self.scale

    def xy(self, point: tuple[float, float]) -> tuple[float, float]:
        lat, lng = point
        return (
            round((lng - self.west) * self.squash * self.scale, 1),
            round((self.north - lat) * self.scale, 1),
        )

    @property
    def view_box(self) -> str:
        return f"0 0 {WIDTH:.0f} {self.height:.0f}"


def _tile_x(lng: float, zoom: int) -> float:
    return (lng + 180.0) / 360.0 * 2**zoom


def _tile_y(lat: float, zoom: int) -> float:
    rad = math.radians(lat)
    return (1.0 - math.log(math.tan(rad) + 1.0 / math.cos(rad)) / math.pi) / 2.0 * 2**zoom


def _tile_lng(x: float, zoom: int) -> float:
    return x / 2**zoom * 360.0 - 180.0


def _tile_lat(y: float, zoom: int) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y / 2**zoom))))


def tile_rows(projection: Projection, tile_url: str) -> list[dict[str, str]]:
    """The web-map tiles (slippy-map numbering, {z}/{x}/{y} in `tile_url`) covering the map,
    each placed where its corners fall in `projection`; none when no tile server is set."""
    if not tile_url:
        return []
    span = projection.east - projection.west
    zoom = max(0, min(MAX_ZOOM, math.floor(math.log2(TILES_ACROSS * 360.0 / span))))
    first_x, last_x = (int(_tile_x(lng, zoom)) for lng in (projection.west, projection.east))
    first_y, last_y = (int(_tile_y(lat, zoom)) for lat in (projection.north, projection.south))
    rows = []
    for ty in range(first_y, last_y + 1):
        for tx in range(first_x, last_x + 1):
            left, top = projection.xy((_tile_lat(ty, zoom), _tile_lng(tx, zoom)))
            right, bottom = projection.xy((_tile_lat(ty + 1, zoom), _tile_lng(tx + 1, zoom)))
            rows.append(
                {
                    "href": tile_url.format(z=zoom, x=tx, y=ty),
                    "x": str(left),
                    "y": str(top),
                    "width": str(round(right - left, 1)),
                    "height": str(round(bottom - top, 1)),
                }
            )
    return rows


def _tile(tile: rx.Var) -> rx.Component:
    return svg.image(
        href=tile["href"],
        x=tile["x"],
        y=tile["y"],
        width=tile["width"],
        height=tile["height"],
        preserve_aspect_ratio="none",
        class_name="map-tile",
    )


def district_rows(projection: Projection, shapes: tuple) -> list[dict[str, str]]:
    """Each district (live_map.DistrictShape) as the SVG polygon and label `district` draws."""
    rows = []
    for shape in shapes:
        ring = " ".join(f"{x},{y}" for x, y in (projection.xy(p) for p in shape.ring))
        x, y = projection.xy(shape.centre)
        rows.append({"points": ring, "name": shape.name, "x": str(x), "y": str(y)})
    return rows


def district(d: rx.Var, on_tiles: rx.Var | bool = False) -> rx.Component:
    return svg.g(
        svg.polygon(
            svg.title(d["name"]),
            points=d["points"],
            fill=rx.cond(on_tiles, "transparent", "var(--gray-a3)"),
            stroke="var(--gray-a8)",
            stroke_width="1.5",
        ),
        svg.text(
            d["name"],
            x=d["x"],
            y=d["y"],
            text_anchor="middle",
            font_size="22px",
            fill="var(--gray-10)",
            pointer_events="none",
        ),
        class_name="map-district",
    )


def city_map(
    districts: rx.Var,
    view_box: rx.Var | str,
    *markers: rx.Component,
    map_id: str,
    label: str,
    tiles: rx.Var | None = None,
) -> rx.Component:
    """The tiles (if any), the districts (outlined only, over tiles), then `markers` (SVG
    elements in the same coordinates) above them."""
    on_tiles = tiles.length() > 0 if tiles is not None else False
    return rx.box(
        svg(
            *([rx.foreach(tiles, _tile)] if tiles is not None else []),
            rx.foreach(districts, lambda d: district(d, on_tiles)),
            *markers,
            view_box=view_box,
            preserve_aspect_ratio="xMidYMid meet",
            width="100%",
            height="auto",
            role="img",
            aria_label=label,
            id=map_id,
        ),
        border="1px solid var(--gray-a5)",
        border_radius="12px",
        background="var(--gray-a2)",
        overflow="hidden",
        width="100%",
    )
