#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a passing test suite:
# installs what is missing, builds and runs every test (ctest), then builds
# and runs them again under AddressSanitizer + UndefinedBehaviorSanitizer.
# LUODI_SKIP_SANITIZERS=1 runs the plain build only.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=$(nproc)
"$root/scripts/install-deps.sh" --browser

run_suite() {  # build-dir, extra cmake args…
  local dir=$1; shift
  cmake -S "$root" -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  (cd "$dir" && ctest --output-on-failure -j"$jobs")
}

echo "== tests (RelWithDebInfo)"
run_suite "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLUODI_BUILD_TESTS=ON
if [ "${LUODI_SKIP_SANITIZERS:-0}" != 1 ]; then
  echo "== tests under ASan + UBSan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug -DLUODI_SANITIZE=ON -DLUODI_BUILD_TESTS=ON -DLUODI_BUILD_BENCH=OFF
fi
