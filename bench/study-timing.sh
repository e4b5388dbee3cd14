#!/usr/bin/env bash
# Times `pvp study` on a synthetic 10,000-patient cohort, whole process (start-up, CSV validation,
# every table, JSON out). The tool as shipped: Release, published ReadyToRun (as the Docker image);
# the plain Release build is timed too for comparison. Target: under 2 s per run.
# Usage: bench/study-timing.sh [PATIENTS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
patients=${1:-10000}
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 bench/make-cohort.py "$patients" "$work/cohort.csv"
dotnet publish src/PvpRegistry.Cli -c Release -o "$work/pvp" -v quiet -nologo >/dev/null
dotnet build src/PvpRegistry.Cli -c Release -v quiet -nologo >/dev/null
published="$work/pvp/pvp.dll"
built=src/PvpRegistry.Cli/bin/Release/net10.0/linux-x64/pvp.dll

# A valid file gives JSON with every patient; anything else is a failed benchmark.
dotnet "$published" study --input "$work/cohort.csv" > "$work/out.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['n']==$patients, d['n']" "$work/out.json"

echo "pvp study, $patients patients ($(wc -c < "$work/cohort.csv") bytes), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs "$runs" \
    -n "published (ReadyToRun)" "dotnet $published study --input $work/cohort.csv" \
    -n "build -c Release" "dotnet $built study --input $work/cohort.csv"
else
  for label in published build; do
    dll=$([ "$label" = published ] && echo "$published" || echo "$built")
    dotnet "$dll" study --input "$work/cohort.csv" >/dev/null   # warm-up (disk cache)
    times=()
    for ((i = 0; i < runs; i++)); do
      t=$( { /usr/bin/time -f "%e" dotnet "$dll" study --input "$work/cohort.csv" >/dev/null; } 2>&1 )
      times+=("$t")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" '{a[NR]=$1} END {
      printf "%-10s runs %d  min %.2f s  median %.2f s  max %.2f s\n", label, NR, a[1], a[int((NR+1)/2)], a[NR]}'
  done
fi
