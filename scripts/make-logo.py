#!/usr/bin/env python3
"""Draws Herald's built-in publisher logo, src/render/assets/logo.png.

Search engines want a raster logo for a news publisher (schema.org
Organization.logo, at least 112x112), and Herald has no image libraries, so
the mark is drawn here from rectangles with the standard library alone: a
white slab-serif "H" on the site's accent red. Every edge sits on a pixel
boundary, so no anti-aliasing is needed. Run it again after changing the
geometry; the output is deterministic.

    python3 scripts/make-logo.py [OUTPUT]
"""

import os
import struct
import sys
import zlib

SIZE = 512
ACCENT = (0xA4, 0x16, 0x1A)  # --accent in site.css.
PAPER = (0xFF, 0xFF, 0xFF)

# The "H", in pixels: (left, top, right, bottom), right/bottom exclusive.
STEM_W, SERIF_W, SERIF_H = 72, 136, 28
TOP, BOTTOM = 84, 388
LEFT_X, RIGHT_X = 168, 344  # Centres of the two stems.
SHAPES = [
    (LEFT_X - STEM_W // 2, TOP, LEFT_X + STEM_W // 2, BOTTOM),
    (RIGHT_X - STEM_W // 2, TOP, RIGHT_X + STEM_W // 2, BOTTOM),
    (LEFT_X, 212, RIGHT_X, 260),  # Crossbar.
]
for x in (LEFT_X, RIGHT_X):  # Slab serifs, top and bottom.
    SHAPES.append((x - SERIF_W // 2, TOP, x + SERIF_W // 2, TOP + SERIF_H))
    SHAPES.append((x - SERIF_W // 2, BOTTOM - SERIF_H, x + SERIF_W // 2, BOTTOM))
# A rule under the letter, as under a newspaper's masthead.
SHAPES.append((96, 420, 416, 432))


def inside(x, y):
    return any(l <= x < r and t <= y < b for l, t, r, b in SHAPES)


def pixel(x, y):
    return bytes(PAPER if inside(x, y) else ACCENT)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "src", "render", "assets", "logo.png")
    rows = bytearray()
    for y in range(SIZE):
        rows.append(0)  # Filter: none.
        for x in range(SIZE):
            rows += pixel(x, y)
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0))  # 8-bit RGB.
    png += chunk(b"IDAT", zlib.compress(bytes(rows), 9))
    png += chunk(b"IEND", b"")
    with open(out, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main()
