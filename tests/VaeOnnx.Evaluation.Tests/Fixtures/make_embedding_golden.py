#!/usr/bin/python3
"""Writes the embedding fixtures: inputs as .npy, and scikit-learn's answers on them in embedding_golden.json.

Run with Debian's python3-sklearn / python3-numpy (versions are recorded in the file):
    /usr/bin/python3 tests/VaeOnnx.Evaluation.Tests/Fixtures/make_embedding_golden.py

- trust_x.npy (500x16 float32), trust_y.npy (500x2 float32), trust_labels.npy (uint8): ten Gaussian clusters of
  different spreads in 16-d and a noisy random projection of them to 2-d, a view that keeps some neighbourhoods
  and breaks others. Golden: sklearn.manifold.trustworthiness(x, y, n_neighbors=k) for k = 5 and 12, and the
  leave-one-out 1-NN accuracy of the labels in x and in y (NearestNeighbors(n_neighbors=1).kneighbors()).
- tsne_x.npy (1000x16 float32), tsne_labels.npy (uint8): the first 1000 MNIST test images projected on their
  first 16 principal components (sklearn PCA). Golden: the row sums of t-SNE's joint probabilities P for
  perplexity 30 (what sklearn's TSNE computes from the 91 nearest neighbours), and TSNE's own result on the data
  with its defaults (Barnes-Hut, angle 0.5, PCA init, learning rate auto, 1000 iterations): trustworthiness
  (k = 12), KL divergence and 1-NN accuracy of the embedding, the bar the C# t-SNE is held to.

The arrays are float32 and handed to scikit-learn as float64, so both sides see the same numbers.
"""
import gzip
import json
import os
import time

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE, trustworthiness
from sklearn.manifold._t_sne import _joint_probabilities_nn
from sklearn.neighbors import NearestNeighbors

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "embedding")
MNIST = os.path.normpath(os.path.join(HERE, "..", "..", "..", "data", "mnist"))
PERPLEXITY = 30.0


def save(name, array):
    np.save(os.path.join(OUT, name), np.ascontiguousarray(array))


def one_nn_accuracy(points, labels):
    nearest = NearestNeighbors(n_neighbors=1).fit(points).kneighbors(return_distance=False)[:, 0]
    return float(np.mean(labels[nearest] == labels))


def mnist_test(count):
    with gzip.open(os.path.join(MNIST, "t10k-images-idx3-ubyte.gz"), "rb") as f:
        images = np.frombuffer(f.read(), dtype=np.uint8, offset=16)[: count * 784].reshape(count, 784)
    with gzip.open(os.path.join(MNIST, "t10k-labels-idx1-ubyte.gz"), "rb") as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)[:count]
    return images.astype(np.float64) / 255.0, labels.copy()


def trust_fixture():
    rng = np.random.default_rng(20251202)
    labels = (np.arange(500) * 7 % 10).astype(np.uint8)
    centres = rng.normal(0, 2.5, (10, 16))
    spreads = rng.uniform(0.5, 1.5, 10)
    x = (centres[labels] + rng.normal(0, 1, (500, 16)) * spreads[labels, None]).astype(np.float32)
    projection = rng.normal(0, 1, (16, 2))
    y = (x.astype(np.float64) @ projection + rng.normal(0, 1.5, (500, 2))).astype(np.float32)
    save("trust_x.npy", x)
    save("trust_y.npy", y)
    save("trust_labels.npy", labels)
    x64, y64 = x.astype(np.float64), y.astype(np.float64)
    return {
        "trustworthiness": {str(k): float(trustworthiness(x64, y64, n_neighbors=k)) for k in (5, 12)},
        "oneNnAccuracyHigh": one_nn_accuracy(x64, labels),
        "oneNnAccuracyEmbedding": one_nn_accuracy(y64, labels),
    }


def tsne_fixture():
    pixels, labels = mnist_test(1000)
    x = PCA(n_components=16, svd_solver="full").fit_transform(pixels).astype(np.float32)
    save("tsne_x.npy", x)
    save("tsne_labels.npy", labels)
    x64 = x.astype(np.float64)

    neighbours = min(len(x) - 1, int(3.0 * PERPLEXITY + 1))
    distances = NearestNeighbors(n_neighbors=neighbours).fit(x64).kneighbors_graph(mode="distance")
    distances.data **= 2
    p = _joint_probabilities_nn(distances, PERPLEXITY, 0)
    row_sums = np.asarray(p.sum(axis=1)).ravel()

    start = time.perf_counter()
    tsne = TSNE(n_components=2, perplexity=PERPLEXITY, init="pca", learning_rate="auto", random_state=0)
    embedding = tsne.fit_transform(x64)
    seconds = time.perf_counter() - start
    return {
        "perplexity": PERPLEXITY,
        "neighbours": neighbours,
        "pRowSums": row_sums.tolist(),
        "pNonZero": int(p.nnz),
        "sklearnTsne": {
            "trustworthiness12": float(trustworthiness(x64, embedding, n_neighbors=12)),
            "klDivergence": float(tsne.kl_divergence_),
            "oneNnAccuracy": one_nn_accuracy(embedding, labels),
            "seconds": seconds,
            "iterations": int(tsne.n_iter_) + 1,
        },
        "oneNnAccuracyHigh": one_nn_accuracy(x64, labels),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    golden = {
        "generator": "tests/VaeOnnx.Evaluation.Tests/Fixtures/make_embedding_golden.py",
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__},
        "trust": trust_fixture(),
        "tsne": tsne_fixture(),
    }
    with open(os.path.join(OUT, "embedding_golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    summary = {k: v for k, v in golden["tsne"].items() if k != "pRowSums"}
    print(json.dumps({"trust": golden["trust"], "tsne": summary}, indent=1))


if __name__ == "__main__":
    main()
