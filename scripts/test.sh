#!/usr/bin/env bash
# Every test (`npm test`): builds everything, then runs each suite in turn and stops at the first
# failure. Browser suites drive Debian's Chromium headless through playwright-core.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh

step() { printf '\n== %s\n' "$*"; }
export POSTGUARD_CLI="$PWD/build/native/postguard"

step "formatting and types (clang-format, Prettier, tsc)"
bash scripts/lint.sh

step "core and CLI (Catch2, CTest)"
ctest --test-dir build/native --output-on-failure -j2

step "core under AddressSanitizer + UndefinedBehaviorSanitizer, with the fuzzers' regressions"
bash scripts/sanitize.sh

step "fuzzing: each libFuzzer target for ${POSTGUARD_FUZZ_SECONDS:-60} s"
bash scripts/fuzz.sh "${POSTGUARD_FUZZ_SECONDS:-60}"

step "detection quality on the labelled corpus (floors per category)"
node scripts/quality.mjs --cli build/native/postguard

step "policy JSON Schema (ajv, editor completion, loader agreement)"
node --test tests/schema/

step "WebAssembly engine: JS API, native/wasm parity, Chromium"
node --test tests/wasm/

step "hostile input through the WebAssembly engine"
node --test tests/hostile/

step "extension: unit tests"
node --test extension/test/

step "extension: end to end in headless Chromium"
node --test --test-concurrency=1 tests/e2e/

step "Policy Studio and demo in headless Chromium"
node --test --test-concurrency=1 tests/studio/

step "all tests passed"
