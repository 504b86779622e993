#!/usr/bin/env python3
"""Writes the .npy and .png fixtures the tests read, with numpy and Pillow (Debian: python3-numpy, python3-pil).

Run from this folder: /usr/bin/python3 make_fixtures.py. The outputs are committed; the tests never run Python.
Each PNG comes with <name>.expected.npy: the grey bytes the C# reader must produce (luminance
(299 R + 587 G + 114 B + 500) // 1000, alpha composited over black as (g * a + 127) // 255).
"""
import numpy as np
from PIL import Image

# --- .npy written by numpy itself ---
np.save("f4_2x3.npy", (np.arange(6, dtype=np.float32).reshape(2, 3) / 8 - 0.25))
np.save("u1_2x2x2.npy", np.array([0, 1, 2, 127, 128, 200, 254, 255], dtype=np.uint8).reshape(2, 2, 2))
np.save("f8_3.npy", np.array([0.5, -1.25, 3.0], dtype=np.float64))
np.save("f4_big_endian_2.npy", np.array([1.5, -2.0], dtype=">f4"))
np.save("f4_fortran_2x3.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
np.save("i4_3.npy", np.array([1, 2, 3], dtype=np.int32))
np.save("f4_scalar.npy", np.float32(2.5))

# --- .png written by Pillow, one per colour type ---
w, h = 5, 3
rng = np.random.default_rng(7)
r, g, b, a = (rng.integers(0, 256, size=(h, w), dtype=np.uint8) for _ in range(4))


def lum(r, g, b):
    r, g, b = (np.asarray(c, dtype=np.int64) for c in (r, g, b))  # no uint8 overflow
    return (299 * r + 587 * g + 114 * b + 500) // 1000


def over_black(grey, alpha):
    return ((grey * alpha.astype(np.int64) + 127) // 255).astype(np.uint8)


def save(name, image, expected):
    image.save(name + ".png")
    np.save(name + ".expected.npy", np.asarray(expected, dtype=np.uint8))


save("grey8", Image.fromarray(r, "L"), r)
save("grey_alpha", Image.fromarray(np.dstack([r, a]), "LA"), over_black(r.astype(np.int64), a))
save("rgb", Image.fromarray(np.dstack([r, g, b]), "RGB"), lum(r, g, b))
save("rgba", Image.fromarray(np.dstack([r, g, b, a]), "RGBA"), over_black(lum(r, g, b), a))
bits = (r > 127)
save("bilevel", Image.fromarray(bits).convert("1"), np.where(bits, 255, 0))
grey16 = (r.astype(np.uint16) << 8) | g
save("grey16", Image.fromarray(grey16.astype(np.uint16), "I;16"), r)
palette_colours = np.array([[0, 0, 0], [255, 255, 255], [200, 30, 60], [10, 240, 90]], dtype=np.uint8)
indices = (r % 4).astype(np.uint8)
pal = Image.fromarray(indices, "P")
pal.putpalette(palette_colours.flatten().tolist())
pc = palette_colours[indices]
save("palette", pal, lum(pc[..., 0], pc[..., 1], pc[..., 2]))
print("fixtures written")
