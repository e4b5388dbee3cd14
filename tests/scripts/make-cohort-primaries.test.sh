#!/usr/bin/env bash
# The bench cohort generator (bench/make-cohort.py) writes clinically plausible primaries: no woman with a prostate
# primary, and a breast primary in about 1% of men (at most 2%), as the record rules and practice want.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
python3 "$repo/bench/make-cohort.py" 10000 "$out"
python3 - "$out" <<'CHECK'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
men = [r for r in rows if r["sex"] == "male"]
women_prostate = sum(1 for r in rows if r["sex"] == "female" and r["primary_tumor"] == "prostate")
men_breast = sum(1 for r in men if r["primary_tumor"] == "breast")
print(f"{len(rows)} patients, {women_prostate} women with a prostate primary, {men_breast} of {len(men)} men with a breast primary")
assert len(rows) == 10000
assert women_prostate == 0
assert 0 < men_breast <= 0.02 * len(men)
CHECK
