#!/usr/bin/env bash
# The whole Catch2 suite (CLI tests included) and the fuzzers' regression replays under
# AddressSanitizer + UndefinedBehaviorSanitizer: builds build/asan with clang, runs it with CTest.
# Usage: scripts/sanitize.sh [--build-only]   (scripts/fuzz.sh builds its targets here too)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${POSTGUARD_ASAN_BUILD_DIR:-build/asan}"
jobs="${POSTGUARD_JOBS:-2}"

# RelWithDebInfo: optimised enough for the 1 MiB hostile drafts, with lines in every stack trace.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DPOSTGUARD_SANITIZE=ON -DPOSTGUARD_FUZZ=ON >/dev/null
cmake --build "$build_dir" -j "$jobs"
[ "${1:-}" = "--build-only" ] && exit 0

# Leaks fail the run as well (ICU's caches stay reachable, so they are not reported).
export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"
