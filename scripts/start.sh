#!/usr/bin/env bash
# The main job: builds, then checks a few sample posts (es, en) with the built-in default policy.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
build/native/postguard check --format text --jsonl < policies/samples/start.jsonl
