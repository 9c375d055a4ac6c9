#!/usr/bin/env bash
# npm run bench: builds the native benchmark programs (bench/, -DPOSTGUARD_BENCH=ON) and, unless
# POSTGUARD_WASM_DIR names an engine already built, the WebAssembly engine (incremental), then
# runs bench/run.mjs, which prints the table and writes build/bench/results.json.
# Arguments go to bench/run.mjs: --quick (a short run), --skip native,hyperscan,wasm,js,browser.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/bench/build

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPOSTGUARD_BENCH=ON >/dev/null
cmake --build "$build" -j "${POSTGUARD_JOBS:-2}" --target postguard-benchmarks

if [ -z "${POSTGUARD_WASM_DIR:-}" ]; then
  bash scripts/build-wasm.sh >/dev/null
fi
node bench/run.mjs "$@"
