#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) in
# build-fuzz/ and runs each for SECONDS seconds on a fresh copy of its seed
# corpus (tests/fuzz/corpus/<target>/ is never written). Prints one line per
# target and a final "fuzz: N passed, M failed"; exits non-zero if any target
# crashed, leaked, timed out or broke an invariant.
#
#   tests/fuzz/run_fuzzers.sh 15      # what deploy/test.sh runs
#   tests/fuzz/run_fuzzers.sh 3600    # an hour per target
#
# Per target, build-fuzz/fuzz/<target>/ keeps the grown corpus, the log and
# any crashing input (artifacts/), until the next run.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ $# -ne 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ]; then
  echo "usage: $0 SECONDS   (run time per target)" >&2
  exit 2
fi
seconds=$1
jobs=${JOBS:-2}
build=build-fuzz
targets=(fuzz_event_record fuzz_append_request fuzz_proof_verification fuzz_text_formats
  fuzz_personal_data_envelope)

if ! command -v clang++ >/dev/null; then
  echo "run_fuzzers.sh: clang++ not found; run deploy/install-deps.sh (as root)" >&2
  exit 1
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  echo "== configure $build (clang, MINHBACH_FUZZ=ON) =="
  CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMINHBACH_FUZZ=ON >/dev/null
elif ! grep -q '^MINHBACH_FUZZ:BOOL=ON$' "$build/CMakeCache.txt"; then
  cmake -S . -B "$build" -DMINHBACH_FUZZ=ON >/dev/null
fi
echo "== build fuzz targets =="
cmake --build "$build" --target fuzz -j"$jobs"

echo "== fuzz, ${seconds} s per target =="
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
passed=0
failed=0
for target in "${targets[@]}"; do
  work="$build/fuzz/$target"
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp tests/fuzz/corpus/"$target"/* "$work/corpus/"
  seeds=$(find "$work/corpus" -type f | wc -l)
  log="$work/log.txt"
  status=0
  "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" >"$log" 2>&1 ||
    status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  corpus=$(find "$work/corpus" -type f | wc -l)
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    echo "$target: passed, ${runs:-?} runs in ${seconds} s, coverage ${cov:-?}, corpus ${seeds} -> ${corpus}"
  else
    failed=$((failed + 1))
    artifact=$(find "$work/artifacts" -type f | head -1)
    echo "$target: FAILED (exit $status), input ${artifact:-none saved}, log $log"
    tail -n 40 "$log" | sed 's/^/    /'
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
