#!/usr/bin/env python3
"""The PyTorch reference loop `make bench` times beside vae-train, in the same run.

The same models and protocol as vae-train: the fully connected VAE of the classic PyTorch example (784 -> hidden ->
z, BCE(sum) + KLD, Adam 1e-3, batch 128, inputs uint8/255) and the convolutional and conditional members of the
family. Prints one JSON object: seconds per measured epoch (after warm-up epochs), the final train loss per sample,
and the float32 matmul rate of this PyTorch build (torch.mm 2048^2), so that ratios are taken against the library
PyTorch actually ran on.

With --lockstep the measured epochs alternate with the caller's: before each one the script prints "ready" and waits
for a line on stdin, after it prints "epoch <seconds>". The benchmark runs one epoch of vae-train in between, so that
each pair of epochs sees the same state of a shared host.

Run with Debian's python3-torch and OpenBLAS (unpacked, not installed): see bench/pytorch/README.md.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def read_idx(path):
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 0x803:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, np.uint8, count * rows * cols, 16).reshape(count, rows * cols)
    return np.frombuffer(data, np.uint8, count, 8)


def find(folder, name):
    for candidate in (name + ".gz", name):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            return path
    raise SystemExit(f"{folder}: {name}(.gz) not found")


class MlpVae(nn.Module):
    def __init__(self, hidden, latent, classes):
        super().__init__()
        self.classes = classes
        self.fc1 = nn.Linear(784 + classes, hidden)
        self.fc21 = nn.Linear(hidden, latent)
        self.fc22 = nn.Linear(hidden, latent)
        self.fc3 = nn.Linear(latent + classes, hidden)
        self.fc4 = nn.Linear(hidden, 784)

    def forward(self, x, onehot):
        h = F.relu(self.fc1(x if onehot is None else torch.cat([x, onehot], 1)))
        mu, logvar = self.fc21(h), self.fc22(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        h = F.relu(self.fc3(z if onehot is None else torch.cat([z, onehot], 1)))
        return self.fc4(h), mu, logvar


class ConvVae(nn.Module):
    def __init__(self, hidden, latent, classes):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 32, 4, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 4, 2, 1), nn.ReLU(), nn.Flatten())
        self.fc = nn.Linear(3136 + classes, hidden)
        self.mu = nn.Linear(hidden, latent)
        self.logvar = nn.Linear(hidden, latent)
        self.decoder = nn.Sequential(nn.Linear(latent + classes, hidden), nn.ReLU(), nn.Linear(hidden, 3136), nn.ReLU(),
                                     nn.Unflatten(1, (64, 7, 7)), nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
                                     nn.ConvTranspose2d(32, 1, 4, 2, 1), nn.Flatten())

    def forward(self, x, onehot):
        f = self.features(x.view(-1, 1, 28, 28))
        h = F.relu(self.fc(f if onehot is None else torch.cat([f, onehot], 1)))
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.decoder(z if onehot is None else torch.cat([z, onehot], 1)), mu, logvar


def matmul_gflops(size=2048, repetitions=6):
    a, b = torch.randn(size, size), torch.randn(size, size)
    torch.mm(a, b)
    best = 0.0
    for _ in range(repetitions):
        start = time.perf_counter()
        torch.mm(a, b)
        best = max(best, 2 * size ** 3 / (time.perf_counter() - start) / 1e9)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/mnist")
    parser.add_argument("--arch", choices=["mlp", "conv"], default="mlp")
    parser.add_argument("--conditional", action="store_true")
    parser.add_argument("--hidden", type=int, default=400)
    parser.add_argument("--latent", type=int, default=2)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=3, help="measured epochs")
    parser.add_argument("--limit", type=int, default=0, help="first N training images (0: all); s/epoch is scaled to 60k")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lockstep", action="store_true", help="wait for a stdin line before each measured epoch")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    images = read_idx(find(args.data, "train-images-idx3-ubyte"))
    labels = read_idx(find(args.data, "train-labels-idx1-ubyte"))
    if args.limit:
        images, labels = images[:args.limit], labels[:args.limit]
    x_all = torch.from_numpy(images.astype(np.float32) / 255.0)
    y_all = torch.from_numpy(labels.astype(np.int64))
    classes = 10 if args.conditional else 0
    model = (MlpVae if args.arch == "mlp" else ConvVae)(args.hidden, args.latent, classes)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    seconds, losses = [], []
    for epoch in range(args.warmup + args.epochs):
        if args.lockstep and epoch >= args.warmup:
            print("ready", flush=True)
            if not sys.stdin.readline():
                raise SystemExit("--lockstep: stdin closed before the measured epochs ended")
        model.train()
        order = torch.randperm(len(x_all))
        total = 0.0
        start = time.perf_counter()
        for i in range(0, len(x_all), 128):
            index = order[i:i + 128]
            x = x_all[index]
            onehot = F.one_hot(y_all[index], 10).float() if classes else None
            logits, mu, logvar = model(x, onehot)
            # The classic example's loss: BCE on the sigmoid output (sum) + KLD.
            bce = F.binary_cross_entropy(torch.sigmoid(logits), x, reduction="sum")
            kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
            loss = bce + kld
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()
        elapsed = time.perf_counter() - start
        if epoch >= args.warmup:
            seconds.append(elapsed * 60000 / len(x_all))
            losses.append(total / len(x_all))
            if args.lockstep:
                print(f"epoch {seconds[-1]!r}", flush=True)
    print(json.dumps({
        "torch": torch.__version__,
        "blas": os.environ.get("LD_LIBRARY_PATH", "system"),
        "threads": args.threads,
        "arch": args.arch,
        "conditional": args.conditional,
        "imagesPerEpoch": len(x_all),
        "secondsPerEpoch": seconds,
        "trainLoss": losses,
        "matmulGflops": matmul_gflops(),
    }))


if __name__ == "__main__":
    main()
