#!/usr/bin/env bash
# Builds ICU 72 for WebAssembly from Debian's icu source package (with Debian's patches), plus a
# minimal ICU data file, into a cache outside the clone keyed by ICU version and flags. Prints the
# cache directory (include/, lib/, data/) as the last line of stdout; a second run is instant.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cache="${POSTGUARD_CACHE:-$HOME/.cache/postguard}"
jobs="${POSTGUARD_JOBS:-2}"

# What goes into the cache key: the ICU and Emscripten package versions, the compile flags, our
# CMake project, and the list of data items.
icu_version="$(dpkg-query -W -f='${source:Version}' libicu-dev)"   # the native ICU: same source
emscripten_version="$(dpkg-query -W -f='${Version}' emscripten)"
# -flto: the libraries hold LLVM bitcode, so the engine's link optimises ICU together with the core
# (3% smaller). -w (below) silences ICU's own deprecation warnings, not ours.
# -sINLINING_LIMIT=0: emcc turns -Os into "no inlining at all", which made checks 1.5-2.5x slower
# (bench/README.md); with it, LTO may inline small functions again.
icu_flags="${POSTGUARD_ICU_FLAGS:--Os -flto -sINLINING_LIMIT=0}"
# Only what the core and policy regexes use; each item was checked against native ICU by running:
#   nfkc*.nrm: fullwidth and case folds; confusables.cfu: homoglyph skeletons;
#   brkitr/{root,en,es}.res, word.brk, sent.brk: word and sentence segmentation (es, en);
#   char.brk: regex \X (silently matches nothing without it); uemoji.icu, ulayout.icu: regex
#   \p{Extended_Pictographic}, \p{Emoji}, \p{InPC=...} (errors without them).
# Left out on purpose, see wasm/README.md: unames.icu (regex \N{NAME}, 119 KB brotli) and the
# dictionaries for Chinese, Japanese, Thai, Lao, Khmer and Burmese word breaks (2 MB brotli).
data_items=(
  nfkc.nrm nfkc_cf.nrm confusables.cfu uemoji.icu ulayout.icu
  brkitr/root.res brkitr/en.res brkitr/es.res brkitr/word.brk brkitr/sent.brk brkitr/char.brk
)
key_input="$(printf '%s\n' "$icu_version" "$emscripten_version" "$icu_flags" "${data_items[@]}";
             cat "$repo/cmake/icu-wasm/CMakeLists.txt")"
key="$(printf '%s' "$key_input" | sha256sum | cut -c1-12)"
name="icu-wasm-$(printf '%s' "${icu_version}-em${emscripten_version}" | tr -c 'A-Za-z0-9._-' '_')-$key"
out="$cache/$name"

if [ -f "$out/.complete" ]; then
  echo "$out"
  exit 0
fi

# ICU's public configuration must match what cmake/dependencies.cmake gives the core.
definitions_in() {  # file, the line that starts the list
  sed -n "/$2/,/)/p" "$1" | tr -s ' \n()' '\n' | grep -E '^(U_|UCONFIG_)' | sort
}
if ! diff <(definitions_in "$repo/cmake/icu-wasm/CMakeLists.txt" 'set(ICU_PUBLIC_DEFINITIONS') \
          <(definitions_in "$repo/cmake/dependencies.cmake" 'target_compile_definitions(postguard_icu INTERFACE U_STATIC') >&2; then
  echo "build-icu-wasm: ICU definitions differ between cmake/icu-wasm and cmake/dependencies.cmake" >&2
  exit 1
fi

mkdir -p "$cache"
exec 9>"$cache/.icu-wasm.lock"
flock 9   # another build (a parallel npm test) may be filling the same cache
if [ -f "$out/.complete" ]; then
  echo "$out"
  exit 0
fi
started=$SECONDS
export NODE_PATH=/usr/share/nodejs   # emcc needs acorn from Debian's node modules

# 1. The source: a private deb-src twin of the system's Debian sources, so that the system's apt
#    configuration is left alone. apt checks the files against the archive's signed index.
src="$cache/src"
dsc="$src/icu_${icu_version#*:}.dsc"
if [ ! -f "$dsc.complete" ]; then
  apt_dir="$cache/apt"
  mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$src"
  found=0
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    grep -q '^URIs:.*debian' "$f" || continue
    sed 's/^Types:.*$/Types: deb-src/' "$f" > "$apt_dir/sources.list.d/$(basename "$f")"
    found=1
  done
  if [ -f /etc/apt/sources.list ] && grep -qE '^deb .*debian' /etc/apt/sources.list; then
    grep -E '^deb .*debian' /etc/apt/sources.list | sed 's/^deb /deb-src /' > "$apt_dir/sources.list.d/debian-src.list"
    found=1
  fi
  if [ "$found" = 0 ]; then
    echo "build-icu-wasm: no Debian apt source found in /etc/apt to make a deb-src twin of" >&2
    exit 1
  fi
  apt_opts=(-q -o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
            -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir" -o "Debug::NoLocking=1")
  [ "$(id -u)" -ne 0 ] || apt_opts+=(-o "APT::Sandbox::User=root")
  echo "build-icu-wasm: fetching Debian's icu $icu_version source" >&2
  apt-get "${apt_opts[@]}" update >&2
  # Into a scratch folder first, so that an interrupted download is never taken for a complete one.
  rm -rf "$src.partial"
  mkdir -p "$src.partial"
  (cd "$src.partial" && apt-get "${apt_opts[@]}" source --download-only "icu=$icu_version" >&2)
  mv "$src.partial"/* "$src/"
  rm -rf "$src.partial" "$apt_dir"   # the package indexes (20 MB) are not needed any more
  touch "$dsc.complete"
fi

# 2. Unpack with Debian's patches applied (dpkg-source verifies the checksums in the .dsc; it
#    cannot verify the .dsc's signature without debian-keyring, which apt already covered).
work="$cache/work-$key"
rm -rf "$work" "$out.tmp"
mkdir -p "$work"
echo "build-icu-wasm: unpacking and patching" >&2
dpkg-source -x "$dsc" "$work/icu" >&2
icu_src="$work/icu/source"

# 3. Compile common, i18n and the data stub.
echo "build-icu-wasm: compiling ICU with emcmake ($icu_flags, -j$jobs)" >&2
emcmake cmake -S "$repo/cmake/icu-wasm" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel \
  -DCMAKE_C_FLAGS_MINSIZEREL="$icu_flags -DNDEBUG -w" -DCMAKE_CXX_FLAGS_MINSIZEREL="$icu_flags -DNDEBUG -w" \
  -DICU_SOURCE_DIR="$icu_src" -DCMAKE_INSTALL_PREFIX="$out.tmp" >&2
cmake --build "$work/build" -j "$jobs" >&2
cmake --install "$work/build" >&2

# 4. The minimal data: ICU's prebuilt full data (in the tarball), reduced to the items we use.
#    The package must keep the name icudt72l.dat: its table of contents is prefixed with it.
#    --ignore-deps: root.res names break rules (line, char, title) that we leave out.
full_data="$(ls "$icu_src"/data/in/icudt*l.dat)"
data_name="$(basename "$full_data")"
mkdir -p "$work/items" "$out.tmp/data"
printf '%s\n' "${data_items[@]}" > "$work/items.txt"
icupkg -x "$work/items.txt" -d "$work/items" "$full_data"
icupkg --ignore-deps -a "$work/items.txt" -s "$work/items" new "$out.tmp/data/$data_name"

{
  echo "ICU $icu_version (Debian source package) for WebAssembly, built by scripts/build-icu-wasm.sh"
  echo "emscripten $emscripten_version; flags: $icu_flags"
  echo "data: $data_name = ${data_items[*]}"
  echo "built in $((SECONDS - started)) s on $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "$out.tmp/BUILD-INFO"
touch "$out.tmp/.complete"
rm -rf "$out"
mv "$out.tmp" "$out"
rm -rf "$work"
echo "build-icu-wasm: built in $((SECONDS - started)) s" >&2
echo "$out"
