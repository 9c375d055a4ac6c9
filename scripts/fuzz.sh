#!/usr/bin/env bash
# Fuzzes the core: replays each libFuzzer target's regressions (tests/fuzz/regressions/TARGET),
# then runs it for SECONDS (default 60) from seeds made of the test data, one target at a time.
# Usage: npm run fuzz -- [SECONDS] [TARGET...]   Targets: policy_load check_default check_policy fold_spans
# The corpus grows in build/asan/fuzz/corpus/TARGET across runs; a crash, leak, timeout (> 10 s for one
# input) or out-of-memory (> 2 GB) is written to build/asan/fuzz/crashes/TARGET/ and fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
((${#targets[@]})) || targets=(policy_load check_default check_policy fold_spans)
build_dir="${POSTGUARD_ASAN_BUILD_DIR:-build/asan}"
work="$build_dir/fuzz"

bash scripts/sanitize.sh --build-only
if [ ! -x "$build_dir/tests/fuzz/fuzz_${targets[0]}" ]; then
  echo "fuzz: no fuzz targets in $build_dir: the top-level CMakeLists.txt must add tests/fuzz when POSTGUARD_FUZZ is on" >&2
  exit 2
fi
node tests/fuzz/seeds.mjs "$work/seeds"

export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
failed=()
summary=()
for target in "${targets[@]}"; do
  binary="$build_dir/tests/fuzz/fuzz_$target"
  mkdir -p "$work/corpus/$target" "$work/crashes/$target" "$work/logs"
  # Each regression on its own, so that one open bug does not hide another.
  for input in tests/fuzz/regressions/"$target"/*; do
    [ -f "$input" ] || continue
    log="$work/logs/$target-regression-$(basename "$input").log"
    if ! "$binary" -timeout=20 -rss_limit_mb=2048 -artifact_prefix="$work/crashes/$target/" "$input" >"$log" 2>&1; then
      echo "fuzz: $target fails on $input (see $log)" >&2
      failed+=("$input")
    fi
  done
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$work/crashes/$target/")
  [ "$target" = policy_load ] && options+=(-dict="$work/seeds/policy.dict") || options+=(-max_len=8192)
  echo "fuzz: $target for ${seconds}s"
  log="$work/logs/$target.log"
  if ! "$binary" "${options[@]}" "$work/corpus/$target" "$work/seeds/$target" >"$log" 2>&1; then
    failed+=("$target")
    grep -E 'ERROR|property broken|SUMMARY|Test unit written' "$log" >&2 || tail -n 20 "$log" >&2
  fi
  # The last status line and the final statistics, e.g. "cov: 7189 ft: 29702 corp: 651/1975Kb ... exec/s: 123".
  status="$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -E 's/^#([0-9]+)\s+[A-Z]+\s+/runs: \1 /' || true)"
  summary+=("$(printf '%-14s %s' "$target" "$status")")
done
printf '%s\n' "${summary[@]}"
if ((${#failed[@]})); then
  echo "fuzz: FAILED: ${failed[*]} (inputs in $work/crashes/)" >&2
  exit 1
fi
