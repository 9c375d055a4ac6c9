#!/usr/bin/env bash
# Builds the WebAssembly engine into build/wasm/ (postguard.mjs, postguard.wasm, postguard.d.ts)
# with Emscripten, against the ICU from scripts/build-icu-wasm.sh, and prints the size budget.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # emcc's JS optimiser needs acorn from Debian's node modules

icu_dir="$(bash scripts/build-icu-wasm.sh | tail -n 1)"
build_dir="${POSTGUARD_WASM_BUILD_DIR:-build/wasm}"

emcmake cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel \
  -DPOSTGUARD_ICU_WASM_DIR="$icu_dir" >/dev/null
cmake --build "$build_dir" -j "${POSTGUARD_JOBS:-2}"

# The size budget: what a browser downloads (servers and extension stores compress).
printf '%-16s %10s %10s %10s\n' file raw gzip brotli
for f in "$build_dir/postguard.wasm" "$build_dir/postguard.mjs"; do
  printf '%-16s %10d %10d %10d\n' "$(basename "$f")" "$(stat -c %s "$f")" \
    "$(gzip -9 -c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
done
