#!/usr/bin/env bash
# Times `pvp import` of synthetic study CSVs into a new SQLite registry, whole process, with peak RSS:
# for each size, a fresh import and then a re-import of the same (unchanged) file.
# With PVP_BENCH_POSTGRES set (a connection string, without Database, whose login may create databases), into a new
# PostgreSQL database instead (created by the import's migration, dropped with psql at the end).
# Target: 20,000 rows, fresh or unchanged, in under 30 s and 500 MB.
# Usage: bench/import-timing.sh [PVP_DLL] [PATIENTS...]   (default: builds Release; 10000 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
pvp=${1:-}
shift || true
sizes=("${@:-10000 20000}")
read -r -a sizes <<< "${sizes[*]}"
work=$(mktemp -d)
if [ -z "$pvp" ]; then
  dotnet build src/PvpRegistry.Cli -c Release -v quiet -nologo >/dev/null
  pvp=src/PvpRegistry.Cli/bin/Release/net10.0/linux-x64/pvp.dll
fi

postgres=${PVP_BENCH_POSTGRES:-}
databases=()
drop_databases() {
  for name in "${databases[@]}"; do
    psql "$(echo "$postgres" | sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Password=/password=/') dbname=postgres" \
      -qc "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" || true
  done
  rm -rf "$work"
}
trap drop_databases EXIT

engine=SQLite; [ -n "$postgres" ] && engine=PostgreSQL
echo "pvp import into $engine, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-10s %8s %8s %10s  %s\n' rows run seconds "CPU s" "peak RSS" result
for n in "${sizes[@]}"; do
  python3 bench/make-cohort.py "$n" "$work/cohort-$n.csv"
  if [ -n "$postgres" ]; then
    databases+=("pvp_bench_$$_$n")
    provider=Postgres; connection="$postgres;Database=pvp_bench_$$_$n"
  else
    provider=Sqlite; connection="Data Source=$work/registry-$n.db"
  fi
  for run in fresh unchanged; do
    out=$( { ConnectionStrings__Registry="$connection" Database__Provider=$provider \
             /usr/bin/time -v dotnet "$pvp" import "$work/cohort-$n.csv"; } 2>&1 ) || { echo "$out" | tail -5; exit 1; }
    seconds=$(echo "$out" | awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}')
    cpu=$(echo "$out" | awk -F': ' '/User time|System time/ {s += $2} END {print s}')
    rss=$(echo "$out" | awk -F': ' '/Maximum resident set size/ {printf "%d MB", $2 / 1024}')
    printf '%-8s %-10s %8.1f %8.1f %10s  %s\n' "$n" "$run" "$seconds" "$cpu" "$rss" "$(echo "$out" | grep -m1 '^Imported')"
  done
done
