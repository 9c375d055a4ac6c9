#!/usr/bin/env bash
# Every test: builds, then runs the native suite (CTest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build/native --output-on-failure -j2
