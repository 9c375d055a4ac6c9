#!/usr/bin/env bash
# Builds the WebAssembly engine into build/wasm/ (postguard.mjs, postguard.wasm, postguard.d.ts)
# with Emscripten, against the ICU from scripts/build-icu-wasm.sh, and prints the size budget.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # emcc's JS optimiser needs acorn from Debian's node modules

icu_dir="$(bash scripts/build-icu-wasm.sh | tail -n 1)"
build_dir="${POSTGUARD_WASM_BUILD_DIR:-build/wasm}"

# The chosen settings are explicit so that an existing build directory follows them; extra
# arguments go to CMake after them (e.g. -DPOSTGUARD_WASM_LTO=OFF to measure a variant).
# -sINLINING_LIMIT=0 keeps -Os from switching off inlining (see scripts/build-icu-wasm.sh).
emcmake cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel \
  -DCMAKE_CXX_FLAGS_MINSIZEREL="-Os -sINLINING_LIMIT=0 -DNDEBUG" -DCMAKE_C_FLAGS_MINSIZEREL="-Os -sINLINING_LIMIT=0 -DNDEBUG" \
  -DPOSTGUARD_ICU_WASM_DIR="$icu_dir" -DPOSTGUARD_WASM_LTO=ON -DPOSTGUARD_WASM_EXCEPTIONS=wasm "$@" >/dev/null
cmake --build "$build_dir" -j "${POSTGUARD_JOBS:-2}"

# The size budget: what a browser downloads (servers and extension stores compress). Brotli -q 11
# takes seconds, so the table is recomputed only when the files changed.
budget="$build_dir/size-budget.txt"
if [ ! -f "$budget" ] || [ "$build_dir/postguard.wasm" -nt "$budget" ] || [ "$build_dir/postguard.mjs" -nt "$budget" ]; then
  {
    printf '%-16s %10s %10s %10s\n' file raw gzip brotli
    for f in "$build_dir/postguard.wasm" "$build_dir/postguard.mjs"; do
      printf '%-16s %10d %10d %10d\n' "$(basename "$f")" "$(stat -c %s "$f")" \
        "$(gzip -9 -c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
    done
  } > "$budget.tmp"
  mv "$budget.tmp" "$budget"
fi
cat "$budget"
