#!/usr/bin/env bash
# Side-by-side timing of R's survival package and PvpRegistry on 1,000,000 synthetic subjects.
# Needs: dotnet SDK, Rscript with the survival package (Debian: r-base-core r-cran-survival),
# /usr/bin/time (Debian: time). Usage: bench/survival-vs-r.sh [N] (default 1000000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
n="${1:-1000000}"
work="${TMPDIR:-/tmp}/pvp-survival-bench"
mkdir -p "$work"
csv="$work/survival-$n.csv"

echo "== build (Release)"
dotnet build "$root/src/PvpRegistry.Cli/PvpRegistry.Cli.csproj" -c Release -v q -nologo | grep -E "error|Warn|warn" || true
dotnet build "$here/PvpRegistry.Bench/PvpRegistry.Bench.csproj" -c Release -v q -nologo | grep -E "error|Warn|warn" || true
pvp="$root/src/PvpRegistry.Cli/bin/Release/net10.0/linux-x64/pvp"
bench="$here/PvpRegistry.Bench/bin/Release/net10.0/linux-x64/PvpRegistry.Bench"

if [ ! -s "$csv" ]; then
  echo "== generate $n subjects with R write.csv"
  Rscript "$here/survival-vs-r.R" generate "$csv" "$n"
fi
ls -l "$csv" | awk '{printf "csv: %.1f MB\n", $5/1e6}'

echo "== in memory"
Rscript "$here/survival-vs-r.R" time "$csv"
"$bench" timing "$csv" 5

echo "== whole process (pvp reads the CSV), best of 3, peak RSS"
run() {
  local name="$1"; shift
  local best="" rss=""
  for i in 1 2 3; do
    /usr/bin/time -v -o "$work/time.txt" "$@" > "$work/out.json"
    local s kb
    s=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); v=0; for(i=1;i<=n;i++) v=v*60+a[i]; print v}' "$work/time.txt")
    kb=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/time.txt")
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best="$s"; rss="$kb"; fi
  done
  printf "%-32s %6.2f s  peak RSS %5d MB\n" "$name" "$best" "$((rss / 1024))"
}
run "pvp cox (efron, 7 covariates)" "$pvp" cox --input "$csv" --time time --event status --covariates x1,x2,x3,x4,x5,x6,x7
python3 -c "import json;d=json.load(open('$work/out.json'));print('   pvp cox loglik', repr(d['loglik']))" 2>/dev/null || true
run "pvp km (by group)" "$pvp" km --input "$csv" --time time --event status --group group
run "pvp logrank (3 groups)" "$pvp" logrank --input "$csv" --time time --event status --group group
python3 -c "import json;d=json.load(open('$work/out.json'));print('   pvp logrank chisq', repr(d['chisq']))" 2>/dev/null || true
cat > "$work/r-cox.R" <<RS
suppressPackageStartupMessages(library(survival)); d <- read.csv("$csv")
invisible(coxph(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5 + x6 + x7, data = d))
RS
cat > "$work/r-km.R" <<RS
suppressPackageStartupMessages(library(survival)); d <- read.csv("$csv")
invisible(summary(survfit(Surv(time, status) ~ group, data = d)))
RS
cat > "$work/r-logrank.R" <<RS
suppressPackageStartupMessages(library(survival)); d <- read.csv("$csv")
invisible(survdiff(Surv(time, status) ~ group, data = d))
RS
run "Rscript coxph (read.csv + fit)" Rscript "$work/r-cox.R"
run "Rscript survfit (read.csv + fit)" Rscript "$work/r-km.R"
run "Rscript survdiff (read.csv + fit)" Rscript "$work/r-logrank.R"
