#!/usr/bin/env bash
# Builds everything from a fresh clone: set-up, the native core, CLI and tests (build/native), the
# WebAssembly engine (build/wasm), the browser extension (dist/extension) and the Policy Studio
# (dist/studio).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native
bash scripts/build-wasm.sh
bash scripts/build-extension.sh
bash scripts/build-studio.sh
