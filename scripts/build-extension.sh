#!/usr/bin/env bash
# Builds the browser extension into dist/extension (Chrome, Edge; unpacked), dist/extension-firefox
# and their zips, from extension/ and the WebAssembly engine in build/wasm.
# Options: --store (no local-page access, no fixed id), --extra-site HOST, --policy-host URL,
#          --engine DIR, --out DIR, --no-zip. See extension/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node extension/build.mjs "$@"
