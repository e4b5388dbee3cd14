#!/usr/bin/env bash
# Runs every test of PvpRegistry, installing first what the tests need:
# the local dotnet-ef tool (tool manifest), Debian's chromium for the browser tests and poppler-utils for PDF pages.
# Ends with one line: "N passed, N failed", totalled over all test projects and the script tests,
# and exits non-zero when the build or any test fails.
#
# Every exit status is read on the line that produced it (into a variable, before any other command runs):
# `if ! a | b; then :; fi` or `a | b || true` would leave PIPESTATUS holding the status of `:` or `true`.
set -uo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

results="${PVP_TEST_RESULTS:-$(pwd)/TestResults/run-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$results"

echo "== Installing what the tests need"
dotnet tool restore >"$results/tool-restore.log" 2>&1
restore_status=$?
if [ "$restore_status" != 0 ]; then
  tail -n 20 "$results/tool-restore.log"; echo "dotnet tool restore failed"; echo "0 passed, 1 failed"; exit 1
fi
if [ -z "${PVP_TEST_SKIP_INSTALL:-}" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    as_root apt-get update -qq >/dev/null 2>&1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
      || echo "could not install chromium (needed by the browser tests)"
  fi
  command -v pdftoppm >/dev/null 2>&1 \
    || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null 2>&1 \
    || echo "could not install poppler-utils (needed by the PDF tests)"
fi

echo "== Building"
dotnet build PvpRegistry.sln -c Release -nologo -v quiet >"$results/build.log" 2>&1
build_status=$?
tail -n 30 "$results/build.log"
if [ "$build_status" != 0 ]; then echo "build failed (exit $build_status)"; echo "0 passed, 1 failed"; exit 1; fi

echo "== Testing"
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" >"$results/$name.log" 2>&1
  test_status=$?
  grep -E '^\s*(Failed|Skipped) |Total tests|Passed!|Failed!|error [A-Z]+[0-9]+' "$results/$name.log"
  # Each failed test's message and the first frames of its stack trace, so a CI log says why it failed.
  awk '/^ *Failed [A-Za-z]/ { block = 1; lines = 0 } block && /^ *Error Message:/ { show = 1 }
       show { print; if (++lines >= 20) { show = 0; block = 0 } }
       show && /^ *Stack Trace:/ { lines = 14 }' "$results/$name.log"
  if [ "$test_status" != 0 ]; then echo "$name: dotnet test exited $test_status"; status=1; fi
  [ -f "$results/$name.trx" ] || { echo "$name produced no results"; status=1; }
done

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p'); f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  e=$(echo "$counters" | sed -n 's/.* error="\([0-9]*\)".*/\1/p'); t=$(echo "$counters" | sed -n 's/.* timeout="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0}))
done

# Script tests (tests/scripts/*.test.sh): each is one test; they check this script itself with a stand-in dotnet.
if [ -z "${PVP_TEST_NO_SCRIPT_TESTS:-}" ]; then
  for script in tests/scripts/*.test.sh; do
    [ -f "$script" ] || continue
    bash "$script" >"$results/$(basename "$script").log" 2>&1
    script_status=$?
    if [ "$script_status" = 0 ]; then passed=$((passed + 1)); else
      failed=$((failed + 1)); status=1
      echo "Failed $script (exit $script_status):"; tail -n 20 "$results/$(basename "$script").log"
    fi
  done
fi

[ "$failed" = 0 ] || status=1
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit $status
