#!/usr/bin/env bash
# Runs every test of PvpRegistry, installing first what the tests need:
# the local dotnet-ef tool (tool manifest) and Debian's chromium for the browser tests.
# Ends with one line: "N passed, N failed", totalled over all test projects.
set -uo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

echo "== Installing what the tests need"
dotnet tool restore >/dev/null || { echo "dotnet tool restore failed"; echo "0 passed, 1 failed"; exit 1; }
if ! command -v chromium >/dev/null 2>&1; then
  as_root apt-get update -qq >/dev/null 2>&1 || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
    || { echo "could not install chromium (needed by the browser tests)"; }
fi
command -v pdftoppm >/dev/null 2>&1 || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null 2>&1 || true

results="$(pwd)/TestResults/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results"

echo "== Building"
if ! dotnet build PvpRegistry.sln -c Release -nologo -v quiet 2>&1 | tail -n 30; then :; fi
if [ "${PIPESTATUS[0]}" != 0 ]; then echo "build failed"; echo "0 passed, 1 failed"; exit 1; fi

echo "== Testing"
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" 2>&1 | grep -E '^\s*(Failed|Passed|Skipped) |Total tests|Passed!|Failed!|error' | grep -vE '^\s*Passed ' || true
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
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
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit $status
