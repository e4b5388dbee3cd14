#!/usr/bin/env bash
# The scale-out latency target: a dashboard open on instance B shows a save made on instance A, or a `pvp import`,
# within 3 s. Runs the browser suite's scale-out tests (two published web processes on one PostgreSQL database) RUNS
# times, alone, and prints the times they measure. Run it on a quiet machine: the test suite itself only checks that
# the change arrives without a reload.
# Usage: PVP_TEST_POSTGRES="Host=...;Port=...;Username=...;Password=..." bench/scale-out-propagation.sh [RUNS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
[ -n "${PVP_TEST_POSTGRES:-}" ] || { echo "set PVP_TEST_POSTGRES to a PostgreSQL login that may create databases" >&2; exit 2; }
dotnet build tests/PvpRegistry.E2E -c Release -v quiet -nologo >/dev/null
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
echo "scale-out propagation, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
  dotnet test tests/PvpRegistry.E2E -c Release --no-build -nologo --filter "FullyQualifiedName~ScaleOutTests" \
    --logger "trx;LogFileName=run-$i.trx" --results-directory "$results" >"$results/run-$i.log" 2>&1 \
    || { tail -n 30 "$results/run-$i.log"; echo "run $i failed"; exit 1; }
  grep -o "the open dashboard showed the imported patient [0-9]* ms after pvp import finished\|instance B's dashboard showed the death [0-9]* ms after the nurse pressed Enter on instance A" \
    "$results/run-$i.trx" | sed "s/^/run $i: /"
done
