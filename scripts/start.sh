#!/usr/bin/env bash
# The main job (`npm start`): builds everything, checks a sample post with the CLI, then serves the
# Policy Studio and the demo page on 127.0.0.1 (PORT, default 8080) until Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh

echo
echo "The CLI on a sample post, with the built-in default policy:"
status=0
printf '%s\n' 'Sola en la tienda hasta las 23:00, mi DNI es 12345678Z' |
  build/native/postguard check --format text - || status=$?
# Exit code 1 means "something flagged", which this sample is meant to be.
if [ "$status" -gt 1 ]; then exit "$status"; fi

for built in dist/studio/index.html dist/studio/engine/postguard.wasm; do
  [ -f "$built" ] || { echo "start: $built is missing: scripts/build.sh did not build it" >&2; exit 1; }
done

echo
if [ -f dist/extension/manifest.json ]; then
  cat <<TEXT
The browser extension, unpacked: $PWD/dist/extension/
  Chrome, Chromium or Edge: open chrome://extensions, turn on "Developer mode", click
  "Load unpacked" and choose that folder. Then write a post on a social site.

TEXT
else
  echo "start: dist/extension/ is missing (scripts/build.sh did not build the extension); serving the pages anyway." >&2
fi
exec node scripts/serve.mjs
