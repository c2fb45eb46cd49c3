#!/usr/bin/env bash
# `report` on a history of 100,000 sessions of every kind: hyperfine's median for each
# format, and the peak memory (/usr/bin/time -v) beside that of a history of 1,000, which
# should be about the same: the report keeps totals and the latest notes, not sessions.
# Usage: bench/report.sh   (needs hyperfine: apt-get install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin psoas-timer
home=$(mktemp -d)
small=$(mktemp -d)
python3 - "$home/history.jsonl" 100000 <<'PY'
import json, random, sys
from datetime import datetime, timedelta, timezone
random.seed(7)
path, count = sys.argv[1], int(sys.argv[2])
steps = ["Arrive", "Knees to the side", "Legs long", "Rest", "Return"]
routines = [("constructive-rest", "Constructive Rest", 600_000), ("psoas-yin", "Psoas Yin", 3_600_000),
            ("extended-exhale", "Extended Exhale", 600_000)]
moment = datetime(2024, 12, 1, 6, 0, tzinfo=timezone(timedelta(hours=1)))
with open(path, "w") as out:
    for index in range(count):
        moment += timedelta(minutes=random.randint(5, 15))
        rid, name, length = random.choice(routines)
        record = {"start": moment.isoformat(timespec="seconds"), "routine": rid, "name": name,
                  "length_ms": length, "steps": 5, "max_late_us": random.randint(50, 900)}
        kind = random.random()
        if kind < 0.05:  # an older line, without the newer fields
            done = random.random() < 0.8
            record.update(practiced_ms=length if done else random.randint(1_000, length),
                          completed=done, steps_reached=5 if done else 2)
        elif kind < 0.10:  # added by hand
            record.update(practiced_ms=length, completed=True, reached_end=True, steps_reached=0,
                          by_hand=True)
        else:
            done = random.random() < 0.7
            ended = 5 if done else random.randint(1, 5)
            changes = []
            for step in random.sample(range(1, 6), random.randint(0, 2)):
                change = {"step": step, "title": steps[step - 1]}
                change["skipped_ms" if random.random() < 0.5 else "added_ms"] = random.randint(5, 120) * 1000
                changes.append(change)
            record.update(practiced_ms=length if done else random.randint(1_000, length), completed=done,
                          reached_end=done, ended_in_step=ended, ended_in_title=steps[ended - 1],
                          steps_reached=ended, skipped_ms=0, steps_skipped=0,
                          paused_ms=random.choice([0, 0, 0, random.randint(1, 300) * 1000]),
                          step_changes=sorted(changes, key=lambda c: c["step"]))
        if random.random() < 0.3:
            record["notes"] = [f"Note {index}: hip felt <tight> & then eased, *slowly*"]
        out.write(json.dumps(record, separators=(",", ":")) + "\n")
PY
head -1000 "$home/history.jsonl" > "$small/history.jsonl"
for format in markdown html; do
  PSOAS_TIMER_HOME=$home hyperfine --warmup 3 --runs 30 -N --export-json "$home/$format.json" \
    "./target/release/psoas-timer report --format $format" >/dev/null
  python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"report --format {sys.argv[2]} on 100,000 sessions: median {r['median']*1000:.1f} ms (min {r['min']*1000:.1f}, max {r['max']*1000:.1f}, {len(r['times'])} runs)\")" "$home/$format.json" "$format"
done
for folder in "$home" "$small"; do
  sessions=$(wc -l < "$folder/history.jsonl")
  PSOAS_TIMER_HOME=$folder /usr/bin/time -v ./target/release/psoas-timer report --format html \
    -o "$folder/report.html" 2> "$folder/time"
  printf 'report --format html on %s sessions: peak memory %s KB, report %s bytes\n' "$sessions" \
    "$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$folder/time")" "$(wc -c < "$folder/report.html")"
done
rm -r "$home" "$small"
