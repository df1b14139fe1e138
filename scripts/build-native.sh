#!/usr/bin/env bash
# Builds the optional native kernels of the metrics (libs/metrics/native/dense-kernel.c) into
# dist/libs/metrics/native/dense-kernel.node with the C compiler and Node's own headers.
# Without them the build still succeeds, and the metrics run on their WebAssembly kernel. It
# gives the same values more slowly, and the worker logs which kernel it uses at start.
set -uo pipefail

cd "$(dirname "$0")/.."
source=libs/metrics/native/dense-kernel.c
target=dist/libs/metrics/native/dense-kernel.node
include=$(node -p "require('path').resolve(process.execPath, '../../include/node')")
compiler=${CC:-cc}

warn() { printf '[dmlg] warning: %s; the metrics will use their WebAssembly kernel\n' "$*" >&2; }

# An addon from an earlier build would otherwise stay and load after a failed one.
rm -f "$target"

if [ "$(uname -m)" != x86_64 ]; then
  warn "the native kernel is written for x86-64 (AVX2), not $(uname -m)"
  exit 0
fi
if ! command -v "$compiler" >/dev/null 2>&1; then
  warn "no C compiler ($compiler) found; install gcc (or set CC) to build $target"
  exit 0
fi
if [ ! -f "$include/node_api.h" ]; then
  warn "Node's headers are missing ($include/node_api.h); install the headers of Node $(node -v)"
  exit 0
fi

mkdir -p "$(dirname "$target")"
# -ffp-contract=off: no fused multiply-add, so every sum is rounded as in JavaScript.
if ! "$compiler" -O2 -std=c11 -fPIC -shared -ffp-contract=off -fno-fast-math -Wall -Werror \
  -I"$include" "$source" -o "$target.tmp"; then
  rm -f "$target.tmp"
  warn "compiling $source failed"
  exit 0
fi
mv "$target.tmp" "$target"
