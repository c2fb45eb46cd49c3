#!/usr/bin/env bash
# `history export` in each format on a history of 100,000 sessions with the newer fields
# (notes, step changes, some added by hand): hyperfine's median, and the peak memory
# (maximum resident set) from /usr/bin/time -v.
# Usage: bench/export.sh   (needs hyperfine and GNU time: apt-get install hyperfine time)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin psoas-timer
home=$(mktemp -d)
python3 - "$home/history.jsonl" <<'PY'
import json, random, sys
from datetime import datetime, timedelta, timezone
random.seed(7)
routines = [("constructive-rest", "Constructive Rest", 600_000), ("psoas-yin", "Psoas Yin", 3_600_000),
            ("extended-exhale", "Extended Exhale, with a name long enough to be folded in a calendar", 600_000)]
notes = ["Hips heavy, jaw soft; breath long", "Ça va\nsecond line", "=not a formula"]
moment = datetime(2024, 12, 1, 6, 0, tzinfo=timezone(timedelta(hours=1)))
with open(sys.argv[1], "w") as out:
    for n in range(100_000):
        moment += timedelta(minutes=random.randint(5, 15))
        rid, name, length = random.choice(routines)
        done = random.random() < 0.8
        practiced = length if done else random.randint(1_000, length)
        record = {"start": moment.isoformat(timespec="seconds"), "routine": rid, "name": name,
                  "length_ms": length, "practiced_ms": practiced, "completed": done, "reached_end": done,
                  "ended_in_step": 5 if done else 2, "steps_reached": 5 if done else 2, "steps": 5,
                  "skipped_ms": 0, "steps_skipped": 0, "max_late_us": random.randint(50, 900),
                  "paused_ms": random.randint(0, 60_000), "ended_in_title": "Rest"}
        if n % 3 == 0:
            record["notes"] = random.sample(notes, 2)
        if n % 50 == 0:
            record["step_changes"] = [{"step": 2, "title": "Knees", "skipped_ms": 30_000, "added_ms": 0}]
        if n % 20 == 0:
            record["by_hand"] = True
        out.write(json.dumps(record, separators=(",", ":"), ensure_ascii=False) + "\n")
PY
echo "history: $(wc -c <"$home/history.jsonl") bytes, $(wc -l <"$home/history.jsonl") sessions"
for format in csv json ics; do
  PSOAS_TIMER_HOME=$home hyperfine --warmup 2 --runs 15 -N --export-json "$home/$format.json" \
    "./target/release/psoas-timer history export --format $format -o $home/out.$format --force" >/dev/null
  PSOAS_TIMER_HOME=$home /usr/bin/time -v ./target/release/psoas-timer history export --format $format \
    -o "$home/out.$format" --force 2>"$home/$format.time"
  peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$home/$format.time")
  python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{sys.argv[2]}: median {r['median']*1000:.1f} ms (min {r['min']*1000:.1f}, max {r['max']*1000:.1f}, {len(r['times'])} runs), peak {int(sys.argv[3])/1024:.1f} MiB, {int(sys.argv[4])/1e6:.1f} MB written\")" \
    "$home/$format.json" "$format" "$peak" "$(wc -c <"$home/out.$format")"
done
rm -r "$home"
