#!/usr/bin/env python3
"""Writes a synthetic study CSV shaped like reference/cohort-demo.csv (valid per the import rules).

Usage: make-cohort.py N OUT.csv [--seed S]

Survival depends on age, growth and segments (as the paper's final model), VAS falls after the
procedure and more with 125I seeds; scores exist only for visits before death or the last
follow-up, about one in six series has a gap, as in the demo cohort. No woman has a prostate primary and about 1% of
men a breast primary.
"""
import argparse, datetime, math, random

VISITS = [("preop", -1), ("day1", 1), ("1m", 30), ("3m", 91), ("6m", 182), ("12m", 365), ("36m", 1095)]
# Primary tumours by sex, with weights: a prostate primary only in men, a breast primary in about 1% of men
# (male breast cancer is about 1% of breast cancers), as a record rule and clinical practice want.
TUMORS = {
    "male": (["prostate", "lung", "breast", "bladder", "duodenal_papillary", "other"], [30, 25, 1, 15, 9, 20]),
    "female": (["breast", "lung", "bladder", "duodenal_papillary", "other"], [35, 25, 10, 10, 20]),
}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int); ap.add_argument("out"); ap.add_argument("--seed", type=int, default=20160302)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    header = ["study_id", "group", "sex", "age", "primary_tumor", "primary_growth", "metastatic_site", "segments",
              "visceral_metastasis", "procedure_date", "cement_ml", "seeds", "seed_activity_mci"]
    header += [f"vas_{v}" for v, _ in VISITS] + [f"kps_{v}" for v, _ in VISITS] + ["vital_status", "status_date"]
    end_of_study = datetime.date(2022, 6, 30)
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        def cell(v):  # as R's write.csv: quoted text, bare numbers, empty for missing
            return "" if v == "" else f'"{v}"' if isinstance(v, str) else str(v)
        f.write(",".join(cell(h) for h in header) + "\n")
        for i in range(a.n):
            group = "pvp_i125" if i % 2 else "pvp"
            age = rnd.randint(45, 80)
            growth = rnd.choice(["slow", "moderate", "rapid"])
            segments = rnd.choice([1, 1, 2, 2, 3, 4])
            procedure = datetime.date(2016, 1, 1) + datetime.timedelta(days=rnd.randint(0, 1800))
            hazard = 0.02 * math.exp(0.9 * (age > 60) + 0.6 * (["slow", "moderate", "rapid"].index(growth)) + 0.2 * (min(segments, 3) - 1)
                                     - 0.4 * (group == "pvp_i125"))
            death_day = max(1, int(rnd.expovariate(hazard) * 30.4375))
            follow_up = (end_of_study - procedure).days
            dead = death_day <= follow_up
            days = death_day if dead else follow_up
            seeds = rnd.randint(10, 60) if group == "pvp_i125" else 0
            activity = round(rnd.uniform(0.4, 0.8), 2) if seeds else ""
            relief = 4.5 if group == "pvp_i125" else 3.5
            vas, kps = [], []
            gap = rnd.random() < 0.15
            for k, (visit, target) in enumerate(VISITS):
                seen = target <= days and not (gap and k == 5)
                if not seen:
                    vas.append(""); kps.append(""); continue
                base = rnd.uniform(8.0, 9.6)
                v = base if k == 0 else base - relief + 0.4 * k + rnd.gauss(0, 0.4)
                vas.append(round(min(10.0, max(0.0, v)), 1))
                kps.append(min(100, max(0, 10 * round((rnd.choice([60, 70, 70, 80]) + (10 if 0 < k < 5 else 0)) / 10))))
            sex = rnd.choice(["male", "female"])
            tumor = rnd.choices(*TUMORS[sex])[0]
            f.write(",".join(cell(v) for v in [f"SYN-{i + 1:06d}", group, sex, age, tumor, growth,
                        rnd.choice(["lumbar", "sacral", "lumbosacral"]), segments, rnd.choice(["yes", "no", "no"]),
                        procedure.isoformat(), round(rnd.uniform(2.0, 4.0) * segments, 1), seeds, activity,
                        *vas, *kps, "dead" if dead else "alive", (procedure + datetime.timedelta(days=days)).isoformat()]) + "\n")

main()
