#!/usr/bin/env bash
# Formatting and types, checked (`npm run lint`, part of `npm test`) or fixed (`npm run format`):
# clang-format for C++ (.clang-format), Prettier for JS/TS/CSS/HTML (.prettierrc.json), tsc
# for the extension's types.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t cpp < <(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find core cli wasm tests bench -name '*.[ch]pp')
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${cpp[@]}"
  npx prettier --write --log-level warn .
  exit 0
fi
clang-format --dry-run -Werror "${cpp[@]}"
npx prettier --check --log-level warn . || {
  echo "lint: run 'npm run format' to format" >&2
  exit 1
}
npx tsc --noEmit -p extension
