#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite; then builds
# again with AddressSanitizer + UndefinedBehaviorSanitizer and runs the
# storage tests under them; then builds the libFuzzer targets with clang and
# runs each for FUZZ_SECONDS (default 15). Exits non-zero when any test fails
# or a fuzz target finds a crash.
#
#   sudo deploy/test.sh            # everything (what CI runs)
#   SANITIZE=0 deploy/test.sh      # skip the sanitizer pass
#   FUZZ=0 deploy/test.sh          # skip the fuzzing pass
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh --tests
jobs=${JOBS:-2}

echo "== build (RelWithDebInfo) =="
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
echo "== tests =="
ctest --test-dir build --output-on-failure -j"$jobs" --timeout 600

if [ "${SANITIZE:-1}" = "1" ]; then
  echo "== build (ASan + UBSan) =="
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMINHBACH_SANITIZE=ON >/dev/null
  cmake --build build-asan -j"$jobs"
  echo "== storage tests under ASan + UBSan =="
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" -L storage --timeout 900
fi

if [ "${FUZZ:-1}" = "1" ]; then
  echo "== fuzz (libFuzzer + ASan + UBSan, clang) =="
  JOBS="$jobs" tests/fuzz/run_fuzzers.sh "${FUZZ_SECONDS:-15}"
fi
