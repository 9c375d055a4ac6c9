#!/usr/bin/env bash
# Installs what the build and tests need on Debian 12: system packages with apt-get (only the
# missing ones) and npm packages from package-lock.json. Safe to run again; fast when done.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libicu-dev icu-devtools nlohmann-json3-dev catch2   # the native core and its tests
  clang libclang-rt-14-dev clang-format               # fuzzers and sanitizers; C++ formatting
  emscripten dpkg-dev                                  # WebAssembly (dpkg-dev: apt-get source icu)
  chromium brotli zip                                  # browser tests, size report, extension zip
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm packages: reinstall only when the lock file changed since the last install.
stamp=node_modules/.postguard-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
