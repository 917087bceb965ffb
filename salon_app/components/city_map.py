"""The offline city map: the districts shipped in the repo drawn as SVG, with a page's own
markers on top (the shop's live map, a shop's location on its public page).

Coordinates: `Projection` fits (south, west, north, east) bounds into a box WIDTH units wide,
equirectangular with longitude scaled by cos(latitude) (a city is small enough to keep shapes).
"""

from __future__ import annotations

import math

import reflex as rx

WIDTH = 1000.0
PAD = 0.04  # of each side, so markers on the edge stay whole
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


def district_rows(projection: Projection, shapes: tuple) -> list[dict[str, str]]:
    """Each district (live_map.DistrictShape) as the SVG polygon and label `district` draws."""
    rows = []
    for shape in shapes:
        ring = " ".join(f"{x},{y}" for x, y in (projection.xy(p) for p in shape.ring))
        x, y = projection.xy(shape.centre)
        rows.append({"points": ring, "name": shape.name, "x": str(x), "y": str(y)})
    return rows


def district(d: rx.Var) -> rx.Component:
    return svg.g(
        svg.polygon(
            svg.title(d["name"]),
            points=d["points"],
            fill="var(--gray-a3)",
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
    districts: rx.Var, view_box: rx.Var | str, *markers: rx.Component, map_id: str, label: str
) -> rx.Component:
    """The districts, then `markers` (SVG elements in the same coordinates) above them."""
    return rx.box(
        svg(
            rx.foreach(districts, district),
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
