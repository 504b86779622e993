#!/usr/bin/python3
"""Writes golden.json: reference values the C# metrics are tested against (to 1e-6).

Run with Debian's python3-skimage / python3-scipy / python3-numpy (versions are recorded in the file):
    /usr/bin/python3 tests/VaeOnnx.Evaluation.Tests/Fixtures/make_golden.py

Every input is stored in the file itself (float32-representable values written as float64), so the C#
side needs no random generator of its own. The images are promoted to float64 before scikit-image sees
them: the reference is the exact double-precision metric of the stored float32 pixels.

- ssim: skimage.metrics.structural_similarity(a, b, data_range=1) with its defaults: 7x7 uniform window,
  K1 0.01, K2 0.03, sample covariance (cov_norm 49/48), mean over the interior after cropping 3 pixels.
- psnr: skimage.metrics.peak_signal_noise_ratio(a, b, data_range=1); identical images give inf -> null.
- mse:  skimage.metrics.mean_squared_error(a, b).
- kde:  scipy.stats.gaussian_kde (Scott's rule) evaluated at a few points.
- ppf:  scipy.stats.norm.ppf.
"""
import gzip
import json
import math
import os

import numpy as np
import scipy
import scipy.ndimage
import scipy.stats
import skimage
from skimage.metrics import mean_squared_error, peak_signal_noise_ratio, structural_similarity

HERE = os.path.dirname(os.path.abspath(__file__))
MNIST = os.path.normpath(os.path.join(HERE, "..", "..", "..", "data", "mnist", "t10k-images-idx3-ubyte.gz"))


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def mnist_images(count):
    with gzip.open(MNIST, "rb") as f:
        raw = f.read()
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16)[: count * 784]
    return f32(pixels.reshape(count, 28, 28).astype(np.float32) / np.float32(255))


def pairs():
    rng = np.random.default_rng(20251125)
    out = []
    a = f32(rng.random((28, 28)))
    out.append(("uniform noise vs noisier copy", a, f32(np.clip(a + rng.normal(0, 0.1, a.shape), 0, 1))))
    digits = mnist_images(3)
    blurred = f32(np.clip(scipy.ndimage.gaussian_filter(digits[0], 0.8), 0, 1))
    out.append(("mnist test[0] vs gaussian blur", digits[0], blurred))
    out.append(("mnist test[1] vs test[2]", digits[1], digits[2]))
    soft = f32(1 / (1 + np.exp(-(digits[0] * 8 - 4 + rng.normal(0, 0.8, (28, 28))))))
    out.append(("mnist test[0] vs soft noisy sigmoid", digits[0], soft))
    out.append(("identical images", digits[1], digits[1].copy()))
    out.append(("constant 0.25 vs constant 0.75", f32(np.full((28, 28), 0.25)), f32(np.full((28, 28), 0.75))))
    out.append(("all zeros vs faint speckle", f32(np.zeros((28, 28))), f32(rng.random((28, 28)) * 0.01)))
    binary = f32((rng.random((28, 28)) > 0.5).astype(np.float32))
    out.append(("binary image vs its inverse", binary, f32(1 - binary)))
    out.append(("non-square 20x33 noise", f32(rng.random((20, 33))), f32(rng.random((20, 33)))))
    return out


def finite_or_none(v):
    v = float(v)
    return v if math.isfinite(v) else None


def main():
    cases = []
    for name, a, b in pairs():
        ssim = structural_similarity(a, b, data_range=1)
        with np.errstate(divide="ignore"):
            psnr = peak_signal_noise_ratio(a, b, data_range=1)
        mse = mean_squared_error(a, b)
        cases.append({
            "name": name,
            "height": a.shape[0],
            "width": a.shape[1],
            "a": a.ravel().tolist(),
            "b": b.ravel().tolist(),
            "ssim": float(ssim),
            "psnr": finite_or_none(psnr),
            "mse": float(mse),
        })

    rng = np.random.default_rng(7)
    pts = np.stack([rng.normal(0, 1, 40), rng.normal(0, 1, 40) * 0.5 + rng.normal(0, 1, 40) * 0.3])
    pts = f32(pts)
    kde = scipy.stats.gaussian_kde(pts)
    query = np.array([[0.0, 0.5, -1.0, 2.0], [0.0, -0.25, 0.3, 1.0]])
    kde_case = {
        "x": pts[0].tolist(),
        "y": pts[1].tolist(),
        "qx": query[0].tolist(),
        "qy": query[1].tolist(),
        "density": kde(query).tolist(),
        "factor": float(kde.factor),
    }

    probabilities = [0.001, 0.025, 0.05, 0.3, 0.5, 0.7, 0.95, 0.975, 0.999]
    ppf = {"p": probabilities, "z": [float(scipy.stats.norm.ppf(p)) for p in probabilities]}

    golden = {
        "generator": "tests/VaeOnnx.Evaluation.Tests/Fixtures/make_golden.py",
        "versions": {"skimage": skimage.__version__, "scipy": scipy.__version__, "numpy": np.__version__},
        "imageQuality": cases,
        "kde": kde_case,
        "normalPpf": ppf,
    }
    with open(os.path.join(HERE, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    for c in cases:
        print(f"{c['name']:40s} ssim={c['ssim']:.9f} psnr={c['psnr']} mse={c['mse']:.9g}")


if __name__ == "__main__":
    main()
