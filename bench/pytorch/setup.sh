#!/usr/bin/env bash
# Unpacks Debian's OpenBLAS (pthread flavour) into bench/.cache for the PyTorch reference loop, without installing it:
# Debian's python3-torch runs on the slow reference BLAS unless LD_LIBRARY_PATH points at a faster one. Needs
# apt-get (the package comes from the Debian mirror); python3-torch and python3-numpy themselves are apt packages:
#   apt-get install python3-torch python3-numpy
set -euo pipefail
cd "$(dirname "$0")/.."
target=.cache/openblas
[ -e "$target/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0" ] && exit 0
command -v apt-get >/dev/null || { echo "bench/pytorch/setup.sh: no apt-get; the PyTorch rows will be skipped" >&2; exit 0; }
mkdir -p .cache/download
(cd .cache/download && apt-get download -q libopenblas0-pthread >/dev/null)
dpkg -x .cache/download/libopenblas0-pthread_*.deb "$target"
echo "bench/pytorch/setup.sh: OpenBLAS unpacked into bench/$target"
