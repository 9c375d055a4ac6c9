#!/usr/bin/env bash
# npm run bench: builds the native benchmark programs (bench/CMakeLists.txt) and, unless
# POSTGUARD_WASM_DIR names an engine already built, the WebAssembly engine (incremental), then
# runs bench/run.mjs, which prints the table and writes build/bench/results.json.
# Arguments go to bench/run.mjs: --quick (a short run), --skip native,hyperscan,wasm,js,browser.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/bench/build

if grep -q 'add_subdirectory(bench)' CMakeLists.txt; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPOSTGUARD_BENCH=ON >/dev/null
else
  # Until the top-level CMakeLists adds bench/ (POSTGUARD_BENCH), a wrapper project adds both.
  mkdir -p build/bench/wrapper
  cat > build/bench/wrapper/CMakeLists.txt <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(postguard_bench_wrapper LANGUAGES C CXX)
add_subdirectory("$PWD" postguard)
set(POSTGUARD_WARNINGS -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wpedantic -Werror)
add_subdirectory("$PWD/bench" bench)
CMAKE
  cmake -S build/bench/wrapper -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" -j "${POSTGUARD_JOBS:-2}" --target postguard-benchmarks

if [ -z "${POSTGUARD_WASM_DIR:-}" ]; then
  bash scripts/build-wasm.sh >/dev/null
fi
node bench/run.mjs "$@"
