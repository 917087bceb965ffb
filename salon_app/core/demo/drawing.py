"""Drawn demo pictures: a soft gradient in the category's colours and a white motif of the
trade (scissors, sparkles, a polish bottle, a house...), so every category and service has a
picture of its own without shipping or downloading photos. Deterministic: the same key always
draws the same pixels (its random choices come from a hash of the key).

Everything is drawn on a 1600×1200 canvas (portraits 960×960) and scaled down when encoded,
which smooths the edges.
"""

from __future__ import annotations

import colorsys
import hashlib
import random

from PIL import Image, ImageDraw, ImageEnhance

from salon_app.core.demo.motifs import MOTIFS, sparkle, sparkles

W, H = 1600, 1200

# Per category: (light, deep) colours of its gradient.
PALETTES: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "hair": ((250, 196, 208), (196, 44, 104)),
    "beauty": ((255, 214, 186), (226, 104, 84)),
    "nails": ((222, 204, 246), (120, 76, 186)),
    "housekeeping": ((190, 236, 222), (24, 132, 118)),
}
FALLBACK = ((214, 222, 240), (70, 96, 160))


def rng_for(key: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))


def _shift(colour: tuple[int, int, int], hue: float, light: float = 0.0) -> tuple[int, int, int]:
    h, lum, s = colorsys.rgb_to_hls(*(c / 255 for c in colour))
    r, g, b = colorsys.hls_to_rgb((h + hue) % 1.0, min(1.0, max(0.0, lum + light)), s)
    return round(r * 255), round(g * 255), round(b * 255)


def palette(category: str, rng: random.Random) -> tuple[tuple[int, int, int], ...]:
    light, deep = PALETTES.get(category, FALLBACK)
    hue = rng.uniform(-0.035, 0.035)
    return _shift(light, hue), _shift(deep, hue)


def gradient(size: tuple[int, int], light: tuple, deep: tuple, rng: random.Random) -> Image.Image:
    """A diagonal gradient from `light` to `deep`, at a slightly different angle per key."""
    mask = Image.linear_gradient("L").rotate(rng.uniform(25, 65), expand=True)
    side = mask.size[0]
    crop = (side // 4, side // 4, side * 3 // 4, side * 3 // 4)
    mask = mask.crop(crop).resize(size)
    return Image.composite(Image.new("RGB", size, deep), Image.new("RGB", size, light), mask)


def bubbles(layer: Image.Image, rng: random.Random, count: int = 9) -> None:
    """Translucent circles scattered behind the motif."""
    draw = ImageDraw.Draw(layer)
    w, h = layer.size
    for _ in range(count):
        r = rng.uniform(0.04, 0.16) * w
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, rng.randint(26, 60)))


def scene(category: str, motif: str, key: str, *, tidy: bool = True) -> Image.Image:
    """A 1600×1200 picture: the gradient, bubbles, and the motif (several for a category);
    `key` varies the colours and layout (a service's cover and gallery pictures differ)."""
    rng = rng_for(key)
    light, deep = palette(category, rng)
    canvas = gradient((W, H), light, deep, rng).convert("RGBA")
    layer = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    bubbles(layer, rng)
    draw = ImageDraw.Draw(layer)
    parts = MOTIFS.get(motif, [sparkles])
    u = W / 16 * rng.uniform(0.9, 1.1)
    spots = [(W * 0.5, H * 0.52)] if len(parts) == 1 else [(W * 0.36, H * 0.55), (W * 0.7, H * 0.5)]
    jitter = rng.uniform(-0.06, 0.06) * W
    for part, (x, y) in zip(parts, spots, strict=False):
        part(draw, x + jitter, y, u if len(parts) == 1 else u * 0.8, rng)
    if tidy:
        for _ in range(3):
            sparkle(
                draw, rng.uniform(0.08, 0.92) * W, rng.uniform(0.08, 0.3) * H, rng.uniform(20, 44)
            )
    return Image.alpha_composite(canvas, layer).convert("RGB")


def before(category: str, motif: str, key: str) -> Image.Image:
    """The same scene before the work: greyed, dimmer, with smudges over it."""
    picture = scene(category, motif, key, tidy=False)
    picture = ImageEnhance.Brightness(ImageEnhance.Color(picture).enhance(0.2)).enhance(0.78)
    rng = rng_for(key + ":smudges")
    layer = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(26):
        x, y, r = rng.uniform(0, W), rng.uniform(0, H), rng.uniform(18, 90)
        tone = rng.randint(60, 110)
        draw.ellipse(
            (x - r, y - r * 0.6, x + r, y + r * 0.6), fill=(tone, tone - 10, tone - 20, 90)
        )
    for _ in range(14):
        x, y = rng.uniform(0, W), rng.uniform(0, H)
        draw.line(
            (x, y, x + rng.uniform(-160, 160), y + rng.uniform(-60, 60)),
            fill=(70, 60, 50, 110),
            width=rng.randint(4, 10),
        )
    return Image.alpha_composite(picture.convert("RGBA"), layer).convert("RGB")


SKIN = [(241, 204, 178), (226, 184, 150), (204, 160, 124)]
HAIR = [(40, 30, 28), (80, 52, 40), (120, 80, 54), (30, 30, 36)]
BACKDROPS = [(250, 214, 222), (214, 232, 246), (222, 240, 226), (238, 226, 246), (252, 232, 210)]


def portrait(key: str, female: bool, side: int = 960) -> Image.Image:
    """A friendly head-and-shoulders placeholder (no face): backdrop, hair, uniform."""
    rng = rng_for(key)
    back = rng.choice(BACKDROPS)
    canvas = gradient((side, side), _shift(back, 0, 0.04), _shift(back, 0, -0.12), rng).convert(
        "RGBA"
    )
    d = ImageDraw.Draw(canvas)
    cx, s = side / 2, side / 10
    skin, hair = rng.choice(SKIN), rng.choice(HAIR)
    uniform = _shift(rng.choice(list(PALETTES.values()))[1], rng.uniform(-0.05, 0.05))
    head_y = side * 0.40
    if female:  # long hair behind the head and shoulders
        d.rounded_rectangle(
            (cx - 2.3 * s, head_y - 1.8 * s, cx + 2.3 * s, head_y + 3.6 * s), 1.6 * s, fill=hair
        )
    d.ellipse((cx - 4.2 * s, side * 0.72, cx + 4.2 * s, side * 1.25), fill=uniform)
    d.rectangle((cx - 0.7 * s, head_y + 1.2 * s, cx + 0.7 * s, side * 0.76), fill=skin)
    d.polygon(
        [(cx - 0.9 * s, side * 0.73), (cx, side * 0.8), (cx + 0.9 * s, side * 0.73)],
        fill=(255, 255, 255),
    )
    # The hair is an ellipse behind the upper head; the face, drawn over it lower down, leaves
    # a curved hairline.
    top = 2.5 if female else 2.35
    d.ellipse((cx - 1.9 * s, head_y - top * s, cx + 1.9 * s, head_y + 0.9 * s), fill=hair)
    d.ellipse((cx - 1.55 * s, head_y - 1.45 * s, cx + 1.55 * s, head_y + 2.0 * s), fill=skin)
    for side in (-1, 1):  # ears
        x = cx + side * 1.55 * s
        d.ellipse((x - 0.3 * s, head_y - 0.1 * s, x + 0.3 * s, head_y + 0.7 * s), fill=skin)
    return canvas.convert("RGB")
