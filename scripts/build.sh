#!/usr/bin/env bash
# Builds everything from a fresh clone: set-up, then the native core, CLI and tests (build/native).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native
