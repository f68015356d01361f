"""Generate the app icon: resources/icons/socds.svg (source of truth for designers) plus PNGs and an ICO.

The geometry lives here once and is written both as SVG and drawn with Pillow (4x supersampled, then
downscaled), so no SVG renderer is needed at build time. Run: python build/make_icons.py
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

# A 256-unit canvas: a notebook (blue cover, white page, binding rings) with a green check mark.
COVER = (28, 12, 228, 244, 26)        # x0, y0, x1, y1, radius
COVER_COLOUR = "#1d4e89"
PAGE = (70, 32, 212, 224, 14)
PAGE_COLOUR = "#ffffff"
RINGS = [(38, y, 66, y + 16, 8) for y in (52, 96, 140, 184)]
RING_COLOUR = "#c9d6e8"
CHECK = [(96, 128), (128, 162), (186, 90)]
CHECK_WIDTH = 30
CHECK_COLOUR = "#23944a"


def svg() -> str:
    def rect(r, fill):
        x0, y0, x1, y1, rad = r
        return f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="{rad}" fill="{fill}"/>'

    points = " ".join(f"{x},{y}" for x, y in CHECK)
    parts = [rect(COVER, COVER_COLOUR), rect(PAGE, PAGE_COLOUR)] + [rect(r, RING_COLOUR) for r in RINGS]
    parts.append(f'<polyline points="{points}" fill="none" stroke="{CHECK_COLOUR}" stroke-width="{CHECK_WIDTH}" '
                 'stroke-linecap="round" stroke-linejoin="round"/>')
    body = "\n  ".join(parts)
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256">\n'
            f"  <title>Sổ CĐS</title>\n  {body}\n</svg>\n")


def render(size: int) -> Image.Image:
    scale = size * 4 / 256
    big = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)

    def rect(r, fill):
        x0, y0, x1, y1, rad = r
        draw.rounded_rectangle([x0 * scale, y0 * scale, x1 * scale, y1 * scale], radius=rad * scale, fill=fill)

    rect(COVER, COVER_COLOUR)
    rect(PAGE, PAGE_COLOUR)
    for ring in RINGS:
        rect(ring, RING_COLOUR)
    pts = [(x * scale, y * scale) for x, y in CHECK]
    width = CHECK_WIDTH * scale
    draw.line(pts, fill=CHECK_COLOUR, width=round(width), joint="curve")
    for x, y in (pts[0], pts[-1]):  # round caps
        draw.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=CHECK_COLOUR)
    return big.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "socds.svg").write_text(svg(), encoding="utf-8")
    images = {s: render(s) for s in PNG_SIZES}
    for s, im in images.items():
        im.save(OUT / f"socds-{s}.png", optimize=True)
    images[256].save(OUT / "socds.ico", sizes=[(s, s) for s in ICO_SIZES])
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
