"""Draw the site's icons into assets/ with Pillow: `make icons` (the files are committed).

One design everywhere: a white sparkle, the header's mark, on the brand crimson (#e93d82, the
theme colour). No font is needed, so the icons come out the same on any machine. "Maskable"
icons fill the square and keep the mark inside the middle 60 %, which every launcher's mask
leaves whole; the others are a rounded square on a clear ground.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ASSETS = Path(__file__).resolve().parents[1] / "assets"
BRAND = (233, 61, 130, 255)  # #e93d82
WHITE = (255, 255, 255, 255)
SCALE = 4  # drawn this many times larger, then scaled down: smooth edges without a font


def _sparkle(cx: float, cy: float, r: float, waist: float = 0.2) -> list[tuple[float, float]]:
    """A four-pointed star of radius r, its sides pinched to `waist` x r at the diagonals."""
    k = r * waist
    return [
        (cx, cy - r),
        (cx + k, cy - k),
        (cx + r, cy),
        (cx + k, cy + k),
        (cx, cy + r),
        (cx - k, cy + k),
        (cx - r, cy),
        (cx - k, cy - k),
    ]


def draw(size: int, maskable: bool = False) -> Image.Image:
    """The icon at `size` px: full bleed when `maskable`, else a rounded square."""
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, big, big), fill=BRAND)
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.22, fill=BRAND)
    mark = 0.6 if maskable else 0.8  # the share of the side the mark may use
    r = big * mark / 2
    c = big / 2
    pen.polygon(_sparkle(c - r * 0.12, c + r * 0.1, r * 0.82), fill=WHITE)
    pen.polygon(_sparkle(c + r * 0.58, c - r * 0.55, r * 0.3), fill=WHITE)
    pen.ellipse((c - r * 0.78, c + r * 0.5, c - r * 0.5, c + r * 0.78), fill=WHITE)
    return image.resize((size, size), Image.LANCZOS)


SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}">
<rect width="{n}" height="{n}" rx="{rx:g}" fill="#e93d82"/>
<g fill="#fff">
<polygon points="{big}"/>
<polygon points="{small}"/>
<circle cx="{dot_x:g}" cy="{dot_y:g}" r="{dot_r:g}"/>
</g>
</svg>
"""


def svg(n: int = 64) -> str:
    """The same design as draw(n), as an SVG (the favicon of browsers that take one)."""
    r, c = n * 0.8 / 2, n / 2

    def points(star: list[tuple[float, float]]) -> str:
        return " ".join(f"{x:.2f},{y:.2f}" for x, y in star)

    return SVG.format(
        n=n,
        rx=n * 0.22,
        big=points(_sparkle(c - r * 0.12, c + r * 0.1, r * 0.82)),
        small=points(_sparkle(c + r * 0.58, c - r * 0.55, r * 0.3)),
        dot_x=round(c - r * 0.64, 2),
        dot_y=round(c + r * 0.64, 2),
        dot_r=round(r * 0.14, 2),
    )


def main() -> None:
    icons = ASSETS / "icons"
    icons.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size).save(icons / f"icon-{size}.png", optimize=True)
        draw(size, maskable=True).save(icons / f"icon-maskable-{size}.png", optimize=True)
    # iOS rounds the corners itself and shows transparency as black: a full square.
    draw(180, maskable=True).convert("RGB").save(ASSETS / "apple-touch-icon.png", optimize=True)
    draw(256).save(ASSETS / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    (ASSETS / "favicon.svg").write_text(svg())
    for path in sorted(ASSETS.rglob("*")):
        if path.is_file():
            print(path.relative_to(ASSETS.parent), path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
