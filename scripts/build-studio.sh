#!/usr/bin/env bash
# Builds the Policy Studio and the demo page into dist/studio/ (needs the engine in build/wasm/).
set -euo pipefail
cd "$(dirname "$0")/.."
node web/build.mjs "$@"
