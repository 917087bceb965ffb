"""The demo pictures' motifs: simple white shapes of each trade (scissors, a comb, colour
swatches, curls, droplets, a face, a lipstick, fingertips, a polish bottle, a spray bottle, a
bucket, an air conditioner, a house and its key), drawn around a centre at a scale `u`."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from PIL import ImageDraw

WHITE = (255, 255, 255, 235)
SOFT = (255, 255, 255, 90)
Draw = ImageDraw.ImageDraw


def sparkle(draw: Draw, x: float, y: float, r: float, fill: tuple = WHITE) -> None:
    """A four-pointed star."""
    t = r * 0.22
    draw.polygon(
        [
            (x, y - r),
            (x + t, y - t),
            (x + r, y),
            (x + t, y + t),
            (x, y + r),
            (x - t, y + t),
            (x - r, y),
            (x - t, y - t),
        ],
        fill=fill,
    )


def _ring(draw: Draw, x: float, y: float, r: float, width: int, fill: tuple = WHITE) -> None:
    draw.ellipse((x - r, y - r, x + r, y + r), outline=fill, width=width)


def _rotated(points: list[tuple[float, float]], cx: float, cy: float, angle: float) -> list:
    c, s = math.cos(angle), math.sin(angle)
    return [(cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c) for x, y in points]


# -- motifs: each draws in white around (cx, cy) at scale u (about a tenth of the width) -------


def scissors(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    for side in (-1, 1):
        blade = [
            (cx, cy),
            (cx + side * 0.5 * u, cy - 3.6 * u),
            (cx + side * 0.15 * u, cy - 3.7 * u),
        ]
        d.polygon(_rotated(blade, cx, cy, side * 0.28), fill=WHITE)
        hx, hy = _rotated([(cx - side * 0.9 * u, cy + 1.6 * u)], cx, cy, side * 0.28)[0]
        _ring(d, hx, hy, 0.75 * u, int(0.28 * u))
        d.line((cx, cy, hx, hy), fill=WHITE, width=int(0.4 * u))
    d.ellipse((cx - 0.2 * u, cy - 0.2 * u, cx + 0.2 * u, cy + 0.2 * u), fill=(0, 0, 0, 60))


def comb(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    d.rounded_rectangle((cx - 2.4 * u, cy - 0.5 * u, cx + 2.4 * u, cy), 0.2 * u, fill=WHITE)
    for i in range(14):
        x = cx - 2.2 * u + i * 0.33 * u
        d.rectangle((x, cy, x + 0.16 * u, cy + 1.2 * u), fill=WHITE)


def swatches(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    colours = [(120, 70, 50), (196, 140, 96), (150, 60, 90), (60, 40, 40), (214, 170, 120)]
    for i, colour in enumerate(colours):
        angle = -0.6 + i * 0.3
        card = [
            (cx - 0.45 * u, cy - 3.4 * u),
            (cx + 0.45 * u, cy - 3.4 * u),
            (cx + 0.45 * u, cy),
            (cx - 0.45 * u, cy),
        ]
        d.polygon(_rotated(card, cx, cy, angle), fill=(*colour, 255), outline=WHITE, width=8)
    _ring(d, cx, cy, 0.35 * u, int(0.2 * u))


def curls(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    for row in range(3):
        for k in range(3):
            x, y = cx + (k - 1) * 1.6 * u, cy + (row - 1) * 1.3 * u
            for r in (0.75, 0.45, 0.2):
                start = rng.randint(0, 90)
                box = (x - r * u, y - r * u, x + r * u, y + r * u)
                d.arc(box, start, start + 290, fill=WHITE, width=int(0.16 * u))


def droplets(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    for dx, dy, s in ((0, 0, 1.0), (-1.9, 1.0, 0.55), (1.7, 1.3, 0.45)):
        x, y, r = cx + dx * u, cy + dy * u, 1.1 * s * u
        d.ellipse((x - r, y - r, x + r, y + r), fill=WHITE)
        d.polygon(
            [(x - r * 0.92, y - r * 0.4), (x, y - r * 2.5), (x + r * 0.92, y - r * 0.4)], fill=WHITE
        )
        d.arc(
            (x - r * 0.6, y - r * 0.6, x + r * 0.6, y + r * 0.6),
            100,
            170,
            fill=(0, 0, 0, 40),
            width=int(0.12 * u),
        )


def face(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    d.ellipse((cx - 1.7 * u, cy - 2.2 * u, cx + 1.7 * u, cy + 2.2 * u), fill=WHITE)
    tone = (0, 0, 0, 70)
    for side in (-1, 1):
        x = cx + side * 0.7 * u
        d.arc((x - 0.4 * u, cy - 0.6 * u, x + 0.4 * u, cy), 20, 160, fill=tone, width=int(0.12 * u))
    d.arc(
        (cx - 0.5 * u, cy + 0.6 * u, cx + 0.5 * u, cy + 1.2 * u),
        20,
        160,
        fill=(200, 80, 90, 160),
        width=int(0.14 * u),
    )
    sparkle(d, cx + 2.4 * u, cy - 1.8 * u, 0.8 * u)
    sparkle(d, cx - 2.3 * u, cy + 1.2 * u, 0.5 * u)


def rings(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    for i, r in enumerate((2.6, 1.9, 1.2)):
        _ring(d, cx, cy, r * u, int((0.22 - i * 0.04) * u))
    d.ellipse((cx - 0.5 * u, cy - 0.5 * u, cx + 0.5 * u, cy + 0.5 * u), fill=WHITE)
    for _ in range(7):
        a, r = rng.uniform(0, 2 * math.pi), rng.uniform(3.0, 3.8) * u
        x, y = cx + r * math.cos(a), cy + r * math.sin(a)
        d.ellipse((x - 0.14 * u, y - 0.14 * u, x + 0.14 * u, y + 0.14 * u), fill=WHITE)


def lipstick(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    x = cx - 1.2 * u
    d.rounded_rectangle((x - 0.7 * u, cy, x + 0.7 * u, cy + 2.6 * u), 0.15 * u, fill=WHITE)
    d.rectangle((x - 0.5 * u, cy - 1.0 * u, x + 0.5 * u, cy), fill=(220, 60, 90, 255))
    d.polygon(
        [(x - 0.5 * u, cy - 1.0 * u), (x + 0.5 * u, cy - 1.9 * u), (x + 0.5 * u, cy - 1.0 * u)],
        fill=(220, 60, 90, 255),
    )
    brush = [
        (cx + 1.0 * u, cy + 2.6 * u),
        (cx + 1.3 * u, cy + 2.6 * u),
        (cx + 1.45 * u, cy - 0.6 * u),
        (cx + 0.85 * u, cy - 0.6 * u),
    ]
    d.polygon(_rotated(brush, cx + 1.15 * u, cy, 0.25), fill=WHITE)
    tip = _rotated([(cx + 1.15 * u, cy - 1.4 * u)], cx + 1.15 * u, cy, 0.25)[0]
    d.ellipse(
        (tip[0] - 0.45 * u, tip[1] - 0.9 * u, tip[0] + 0.45 * u, tip[1] + 0.9 * u), fill=WHITE
    )


def fingertips(d: Draw, cx: float, cy: float, u: float, rng: random.Random, art: bool) -> None:
    nail = (rng.randint(200, 240), rng.randint(60, 120), rng.randint(110, 160), 255)
    for i in range(4):
        x = cx + (i - 1.5) * 1.25 * u
        top = cy - (1.2 if i in (1, 2) else 0.7) * u
        d.rounded_rectangle((x - 0.5 * u, top, x + 0.5 * u, cy + 2.8 * u), 0.5 * u, fill=WHITE)
        box = (x - 0.33 * u, top + 0.15 * u, x + 0.33 * u, top + 1.2 * u)
        d.rounded_rectangle(box, 0.3 * u, fill=nail)
        if art:
            d.ellipse((x - 0.1 * u, top + 0.4 * u, x + 0.1 * u, top + 0.6 * u), fill=WHITE)
            sparkle(d, x + 0.12 * u, top + 0.9 * u, 0.18 * u)


def polish(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    colour = (rng.randint(190, 235), rng.randint(50, 110), rng.randint(120, 170), 255)
    d.rounded_rectangle(
        (cx - 1.3 * u, cy - 0.6 * u, cx + 1.3 * u, cy + 2.3 * u), 0.5 * u, fill=WHITE
    )
    d.rounded_rectangle(
        (cx - 1.0 * u, cy - 0.3 * u, cx + 1.0 * u, cy + 2.0 * u), 0.35 * u, fill=colour
    )
    d.rectangle((cx - 0.4 * u, cy - 1.0 * u, cx + 0.4 * u, cy - 0.6 * u), fill=WHITE)
    d.rounded_rectangle(
        (cx - 0.55 * u, cy - 3.0 * u, cx + 0.55 * u, cy - 1.0 * u), 0.2 * u, fill=WHITE
    )
    sparkle(d, cx + 2.0 * u, cy - 1.5 * u, 0.6 * u)


def spray(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    d.rounded_rectangle(
        (cx - 1.0 * u, cy - 0.5 * u, cx + 1.0 * u, cy + 2.6 * u), 0.4 * u, fill=WHITE
    )
    d.rectangle((cx - 0.4 * u, cy - 1.2 * u, cx + 0.4 * u, cy - 0.5 * u), fill=WHITE)
    d.polygon(
        [
            (cx - 0.6 * u, cy - 1.2 * u),
            (cx + 1.3 * u, cy - 1.6 * u),
            (cx + 1.3 * u, cy - 1.1 * u),
            (cx - 0.6 * u, cy - 0.9 * u),
        ],
        fill=WHITE,
    )
    for _ in range(9):
        x, y, r = (
            cx + rng.uniform(1.8, 3.6) * u,
            cy + rng.uniform(-2.6, 0.2) * u,
            rng.uniform(0.1, 0.3),
        )
        _ring(d, x, y, r * u, max(4, int(0.06 * u)))


def bucket(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    d.polygon(
        [
            (cx - 1.6 * u, cy - 0.6 * u),
            (cx + 1.6 * u, cy - 0.6 * u),
            (cx + 1.2 * u, cy + 2.4 * u),
            (cx - 1.2 * u, cy + 2.4 * u),
        ],
        fill=WHITE,
    )
    d.arc(
        (cx - 1.5 * u, cy - 2.2 * u, cx + 1.5 * u, cy + 0.6 * u),
        190,
        350,
        fill=WHITE,
        width=int(0.16 * u),
    )
    for dx, dy, r in ((2.4, -1.8, 0.7), (-2.4, -1.2, 0.5), (2.0, 1.2, 0.4)):
        sparkle(d, cx + dx * u, cy + dy * u, r * u)


def aircon(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    d.rounded_rectangle(
        (cx - 3.0 * u, cy - 1.6 * u, cx + 3.0 * u, cy + 0.4 * u), 0.4 * u, fill=WHITE
    )
    d.line((cx - 2.6 * u, cy, cx + 2.6 * u, cy), fill=(0, 0, 0, 50), width=int(0.1 * u))
    d.ellipse((cx + 2.2 * u, cy - 1.2 * u, cx + 2.5 * u, cy - 0.9 * u), fill=(80, 200, 120, 255))
    for i in range(4):
        x = cx + (i - 1.5) * 1.3 * u
        d.arc(
            (x - 0.5 * u, cy + 0.8 * u, x + 0.5 * u, cy + 2.0 * u),
            200,
            340,
            fill=WHITE,
            width=int(0.14 * u),
        )
        d.arc(
            (x - 0.5 * u, cy + 1.6 * u, x + 0.5 * u, cy + 2.8 * u),
            200,
            340,
            fill=SOFT,
            width=int(0.14 * u),
        )


def house(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    d.polygon(
        [(cx - 3.0 * u, cy - 0.2 * u), (cx, cy - 3.0 * u), (cx + 3.0 * u, cy - 0.2 * u)], fill=WHITE
    )
    d.rectangle((cx - 2.2 * u, cy - 0.4 * u, cx + 2.2 * u, cy + 2.6 * u), fill=WHITE)
    door = (cx - 0.55 * u, cy + 0.9 * u, cx + 0.55 * u, cy + 2.6 * u)
    d.rounded_rectangle(door, 0.15 * u, fill=(0, 0, 0, 55))
    for side in (-1, 1):
        x = cx + side * 1.35 * u
        d.rectangle((x - 0.45 * u, cy + 0.2 * u, x + 0.45 * u, cy + 1.0 * u), fill=(0, 0, 0, 45))
    d.rectangle((cx + 1.3 * u, cy - 2.4 * u, cx + 1.8 * u, cy - 1.2 * u), fill=WHITE)


def key(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    house(d, cx - 0.8 * u, cy, u * 0.85, rng)
    x, y = cx + 2.6 * u, cy + 1.6 * u
    _ring(d, x, y, 0.55 * u, int(0.2 * u))
    d.line((x + 0.5 * u, y - 0.5 * u, x + 1.9 * u, y - 1.9 * u), fill=WHITE, width=int(0.22 * u))
    d.line((x + 1.5 * u, y - 1.5 * u, x + 1.9 * u, y - 1.1 * u), fill=WHITE, width=int(0.2 * u))


def sparkles(d: Draw, cx: float, cy: float, u: float, rng: random.Random) -> None:
    sparkle(d, cx, cy, 2.2 * u)
    sparkle(d, cx + 2.3 * u, cy - 1.6 * u, 0.9 * u)
    sparkle(d, cx - 2.0 * u, cy + 1.7 * u, 0.7 * u)


Motif = Callable[[Draw, float, float, float, random.Random], None]

MOTIFS: dict[str, list[Motif]] = {
    # categories: their icon
    "category:hair": [scissors, comb],
    "category:beauty": [sparkles],
    "category:nails": [polish],
    "category:housekeeping": [house],
    # services
    "haircut": [scissors],
    "hair-colour": [swatches],
    "perm": [curls],
    "hair-care": [droplets],
    "facial": [face],
    "skin-management": [rings],
    "makeup": [lipstick],
    "nail-trim": [lambda d, x, y, u, r: fingertips(d, x, y, u, r, False)],
    "nail-art": [lambda d, x, y, u, r: fingertips(d, x, y, u, r, True)],
    "nail-polish": [polish],
    "daily-cleaning": [spray],
    "deep-cleaning": [bucket],
    "appliance-cleaning": [aircon],
    "move-in-cleaning": [key],
}
