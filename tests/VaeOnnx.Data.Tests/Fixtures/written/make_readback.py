#!/usr/bin/env python3
"""Decodes the project's own PNG and .npy output with Pillow and numpy (Debian: python3-pil, python3-numpy).

The files here are what VaeOnnx.Data's writers produce for the inputs in IndependentReaderTests.cs (the test leaves
NAME.received when today's writer differs; move it over NAME). Run from this folder: /usr/bin/python3 make_readback.py.
It writes readback.json, which the test compares with the data it wrote. The tests never run Python.
"""
import hashlib
import json
import math

import numpy as np
from PIL import Image

out = {}
for name in ("gray_37x5.png", "grid.png"):
    with Image.open(name) as image:
        image.load()
        out[name] = {"mode": image.mode, "size": list(image.size), "pixels": list(image.getdata())}

for name in ("f4_2x3x4.npy", "f4_5.npy", "u1_3x5.npy"):
    array = np.load(name, allow_pickle=False)
    flat = array.ravel(order="C")
    entry = {
        "dtype": array.dtype.str,
        "shape": list(array.shape),
        "fortran_order": bool(np.isfortran(array)) and array.ndim > 1,
        "values": [int(v) for v in flat] if array.dtype.kind == "u" else [float(v) for v in flat],
    }
    if array.dtype.kind == "f":
        entry["first_is_negative_zero"] = bool(flat[0] == 0 and math.copysign(1.0, float(flat[0])) < 0)
    out[name] = entry

# Ties each decoding to the exact bytes it came from, so a stale readback.json cannot pass.
for name, entry in out.items():
    with open(name, "rb") as f:
        entry["sha256"] = hashlib.sha256(f.read()).hexdigest()

with open("readback.json", "w") as f:
    json.dump(out, f)
    f.write("\n")
